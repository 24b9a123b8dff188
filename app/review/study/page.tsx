import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { topics } from "@/lib/content/topics";
import { customStudyFromSearchParams, describeCustomStudy } from "@/lib/srs";
import { loadReviewView } from "@/lib/srs/service";
import { ReviewSession } from "../_components/review-session";

export const metadata: Metadata = { title: "Review" };

const topicTitle = (id: string) => (id === "personal" ? "your own cards" : (topics.find((topic) => topic.id === id)?.title ?? id));

export default async function StudyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireArea("learn");
  const params = await searchParams;
  const custom = customStudyFromSearchParams(params);
  const topic = typeof params.topic === "string" && !custom ? params.topic : undefined;
  const view = await loadReviewView(await getDb(), user.id, systemClock.now(), { scope: { topic }, custom });
  const title = custom ? describeCustomStudy(custom, topicTitle) : topic ? `Review: ${topicTitle(topic)}` : "Today's review";
  // Keyed by the address, so moving to another deck starts a fresh session.
  return <ReviewSession key={JSON.stringify(params)} initial={view} topic={topic} custom={custom} title={title} />;
}
