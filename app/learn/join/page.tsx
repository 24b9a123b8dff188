import type { Metadata } from "next";
import { CohortsAndAssignments } from "./cohorts-view";

export const metadata: Metadata = { title: "Your cohorts" };

export default async function JoinPage() {
  return <CohortsAndAssignments />;
}
