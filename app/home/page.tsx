import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/guards";
import { homePathFor } from "@/lib/auth/roles";

/** Where sign-in lands: each role's own home. */
export default async function HomeRedirect() {
  redirect(homePathFor(await requireUser()));
}
