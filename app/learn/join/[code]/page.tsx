import type { Metadata } from "next";
import { CohortsAndAssignments } from "../cohorts-view";

export const metadata: Metadata = { title: "Join a cohort" };

/** A join link: the same page with the code filled in, so joining stays one deliberate press. */
export default async function JoinLinkPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return <CohortsAndAssignments code={decodeURIComponent(code).slice(0, 64)} />;
}
