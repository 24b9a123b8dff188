import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { loadAttempt } from "@/lib/exam/service";
import { ExamRunner } from "./exam-runner";

export const metadata: Metadata = { title: "Exam in progress" };
// Every visit reads the server's clock and the latest answers; nothing here may come from a cache.
export const dynamic = "force-dynamic";

export default async function AttemptPage({ params }: { params: Promise<{ attemptId: string }> }) {
  const user = await requireArea("learn");
  const { attemptId } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(attemptId)) notFound();
  const loaded = await loadAttempt(await getDb(), user.id, attemptId, systemClock.now());
  if (!loaded.ok) notFound();
  if (loaded.value.state === "submitted") redirect(`/exams/attempts/${attemptId}/result`);
  return <ExamRunner attempt={loaded.value.attempt} />;
}
