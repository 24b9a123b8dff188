import { z } from "zod";

/**
 * Custom study, Anki's "filtered deck" in small: extra practice outside the daily schedule. By default an answer
 * in custom study is logged (it counts in the statistics) but moves no due date, so cramming the night before
 * does not push every card weeks out; a learner who wants the answers to count chooses `reschedule`.
 */
export const customStudySchema = z.discriminatedUnion("mode", [
  /** Every card of a topic that has been studied at least once (or all of them with `includeNew`). */
  z.object({ mode: z.literal("cram"), topic: z.string().min(1).max(100), includeNew: z.boolean().default(false), reschedule: z.boolean().default(false) }),
  /** Review cards due in the next `days` days, before their time. */
  z.object({ mode: z.literal("ahead"), days: z.number().int().min(1).max(30), reschedule: z.boolean().default(false) }),
  /** Cards answered Again in the last `days` days. */
  z.object({ mode: z.literal("forgotten"), days: z.number().int().min(1).max(30), reschedule: z.boolean().default(false) }),
]);

export type CustomStudy = z.infer<typeof customStudySchema>;

/** The most cards one custom session holds; Anki's filtered decks default to 100. */
export const CUSTOM_STUDY_LIMIT = 100;

export function describeCustomStudy(study: CustomStudy, topicTitle: (id: string) => string): string {
  switch (study.mode) {
    case "cram":
      return `Cramming ${topicTitle(study.topic)}`;
    case "ahead":
      return `Reviewing ahead: cards due in the next ${study.days} day${study.days === 1 ? "" : "s"}`;
    case "forgotten":
      return `Forgotten cards from the last ${study.days} day${study.days === 1 ? "" : "s"}`;
  }
}

/** Custom study travels in the review page's address, so a session can be reloaded or bookmarked. */
export function customStudyFromSearchParams(params: Record<string, string | string[] | undefined>): CustomStudy | null {
  const one = (key: string) => (Array.isArray(params[key]) ? params[key][0] : params[key]);
  const mode = one("mode");
  if (!mode) return null;
  const parsed = customStudySchema.safeParse({
    mode,
    topic: one("topic"),
    days: one("days") ? Number(one("days")) : undefined,
    includeNew: one("includeNew") === "1",
    reschedule: one("reschedule") === "1",
  });
  return parsed.success ? parsed.data : null;
}

export function customStudySearch(study: CustomStudy): string {
  const params = new URLSearchParams({ mode: study.mode });
  if (study.mode === "cram") {
    params.set("topic", study.topic);
    if (study.includeNew) params.set("includeNew", "1");
  } else params.set("days", String(study.days));
  if (study.reschedule) params.set("reschedule", "1");
  return params.toString();
}
