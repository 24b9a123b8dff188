import type { ReactNode } from "react";
import { ReviewTabs } from "./_components/review-tabs";

export default function ReviewLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <ReviewTabs />
      {children}
    </>
  );
}
