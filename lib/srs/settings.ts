import { z } from "zod";

/**
 * A learner's review settings. Defaults follow Anki's (20 new cards and 200 reviews a day, learning steps
 * 1m 10m, relearning 10m, leech at 8 lapses, next day at 4 a.m.) and FSRS's desired retention of 0.9, which
 * the Anki manual recommends keeping below 0.97 because the workload grows steeply towards 1.
 */
export const stepSchema = z.string().regex(/^\d+(\.\d+)?[mhd]$/, "Write a step as a number and m, h or d, like 10m or 1d");

export const srsSettingsSchema = z.object({
  desiredRetention: z.number().min(0.7).max(0.97),
  newPerDay: z.number().int().min(0).max(9999),
  reviewsPerDay: z.number().int().min(0).max(9999),
  learningSteps: z.array(stepSchema).max(10),
  relearningSteps: z.array(stepSchema).max(10),
  maximumIntervalDays: z.number().int().min(1).max(36500),
  enableFuzz: z.boolean(),
  burySiblings: z.boolean(),
  leechThreshold: z.number().int().min(1).max(99),
  timeZone: z.string().refine(isTimeZone, "Choose a time zone from the list"),
  dayStartHour: z.number().int().min(0).max(23),
  /** The learner's exam day, `YYYY-MM-DD`, or null. */
  examDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  /** Raise today's new-card limit to what the exam date needs. */
  paceToExam: z.boolean(),
  /** FSRS weights optimized from this learner's history; null means ts-fsrs's defaults. */
  parameters: z.array(z.number()).nullable(),
});

export type SrsSettings = z.infer<typeof srsSettingsSchema>;

export const LEECH_THRESHOLD_DEFAULT = 8;

export const defaultSrsSettings: SrsSettings = {
  desiredRetention: 0.9,
  newPerDay: 20,
  reviewsPerDay: 200,
  learningSteps: ["1m", "10m"],
  relearningSteps: ["10m"],
  maximumIntervalDays: 36500,
  enableFuzz: true,
  burySiblings: true,
  leechThreshold: LEECH_THRESHOLD_DEFAULT,
  timeZone: "UTC",
  dayStartHour: 4,
  examDate: null,
  paceToExam: false,
  parameters: null,
};

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Settings as stored may predate a field or hold a stale value; anything unreadable falls back to its default. */
export function readSrsSettings(stored: Partial<Record<keyof SrsSettings, unknown>> | null | undefined): SrsSettings {
  const merged: Record<string, unknown> = { ...defaultSrsSettings };
  for (const [key, value] of Object.entries(stored ?? {})) {
    if (value === undefined || !(key in defaultSrsSettings)) continue;
    const field = srsSettingsSchema.shape[key as keyof SrsSettings];
    if (field.safeParse(value).success) merged[key] = value;
  }
  return merged as SrsSettings;
}
