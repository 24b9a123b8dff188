/**
 * Classical item analysis: how hard a question was (facility), whether it separates strong learners from weak
 * ones (discrimination), which options people chose, and flags for items that look broken. Works for exam
 * questions and, with no options, for lab checks (passed or not, against the session's score).
 */

/** One person's answer to one item, beside their total on the same test. */
export interface ItemObservation {
  /** Who answered: an attempt id (or a learner id), so the top group can be picked. */
  respondentId: string;
  /** The respondent's total on the whole test, on any scale (percent, points). */
  total: number;
  /** 0 … 1: the share of the item's credit earned. */
  score: number;
  correct: boolean;
  /** Option keys picked (choice questions); absent when the item has no options or was left blank. */
  choices?: readonly string[] | undefined;
  /** Milliseconds spent on the item, when the client measured it. */
  timeMs?: number | null | undefined;
}

export interface ItemOption {
  key: string;
  correct: boolean;
}

export type ItemFlag =
  | { code: "negative-discrimination"; message: string }
  | { code: "unused-distractor"; option: string; message: string }
  | { code: "key-rejected"; message: string };

export interface OptionStatistics extends ItemOption {
  /** How many respondents picked it. */
  count: number;
  /** count / respondents. */
  share: number;
  /** Share of the top group (highest totals) that picked it. */
  topShare: number;
}

export interface ItemStatistics {
  respondents: number;
  /** Share of respondents who got the item fully right; null with no respondents. */
  facility: number | null;
  /** Mean item score (counts partial credit). */
  meanScore: number | null;
  /** Point-biserial correlation of the item score with the total; null when either does not vary. */
  discrimination: number | null;
  meanTimeMs: number | null;
  options: OptionStatistics[];
  /** Size of the top group used for `topShare` and the rejected-key flag. */
  topGroupSize: number;
  /** Share of the top group who got the item right. */
  topFacility: number | null;
  flags: ItemFlag[];
}

export interface ItemStatisticsOptions {
  /** Below this many respondents no flag is raised: a handful of answers says little about an item. */
  minRespondentsForFlags?: number;
  /**
   * The share of respondents counted as "top scorers". 27 % is Kelley's classic split for upper/lower groups
   * (Kelley 1939, "The selection of upper and lower groups for the validation of test items").
   */
  topGroupShare?: number;
}

export const DEFAULT_MIN_RESPONDENTS_FOR_FLAGS = 10;
export const DEFAULT_TOP_GROUP_SHARE = 0.27;

const mean = (values: readonly number[]) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null);

/**
 * Pearson's r between two equally long series. With a 0/1 item score this is exactly the point-biserial
 * coefficient, r = (M₁ − M₀) / s · √(p·q) with s the population standard deviation of the totals; with partial
 * credit it is the same correlation on the continuous score. Null when either series is constant.
 */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  const mx = mean(xs.slice(0, n)) ?? 0;
  const my = mean(ys.slice(0, n)) ?? 0;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let index = 0; index < n; index += 1) {
    const dx = (xs[index] ?? 0) - mx;
    const dy = (ys[index] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Rounding noise on a constant series must not become a huge coefficient.
  if (sxx < 1e-12 || syy < 1e-12) return null;
  return sxy / Math.sqrt(sxx * syy);
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

export function itemStatistics(
  observations: readonly ItemObservation[],
  options: readonly ItemOption[] = [],
  settings: ItemStatisticsOptions = {},
): ItemStatistics {
  const minForFlags = settings.minRespondentsForFlags ?? DEFAULT_MIN_RESPONDENTS_FOR_FLAGS;
  const topShareSetting = settings.topGroupShare ?? DEFAULT_TOP_GROUP_SHARE;
  const n = observations.length;
  const facility = n ? observations.filter((o) => o.correct).length / n : null;
  const meanScore = mean(observations.map((o) => o.score));
  const discrimination = pearson(
    observations.map((o) => o.score),
    observations.map((o) => o.total),
  );
  const times = observations.flatMap((o) => (typeof o.timeMs === "number" && o.timeMs >= 0 ? [o.timeMs] : []));
  const meanTimeMs = mean(times);

  // Top group: the highest totals; ties at the boundary are broken by respondent id so the result is stable.
  const topGroupSize = n ? Math.max(1, Math.round(n * topShareSetting)) : 0;
  const top = [...observations].sort((a, b) => b.total - a.total || a.respondentId.localeCompare(b.respondentId)).slice(0, topGroupSize);
  const topFacility = top.length ? top.filter((o) => o.correct).length / top.length : null;

  const optionStats: OptionStatistics[] = options.map((option) => {
    const count = observations.filter((o) => o.choices?.includes(option.key)).length;
    const topCount = top.filter((o) => o.choices?.includes(option.key)).length;
    return { ...option, count, share: n ? count / n : 0, topShare: top.length ? topCount / top.length : 0 };
  });

  const flags: ItemFlag[] = [];
  if (n >= minForFlags) {
    if (discrimination !== null && discrimination < 0) {
      flags.push({
        code: "negative-discrimination",
        message: `Learners with lower totals do better on this item than those with higher totals (r = ${discrimination.toFixed(2)}): check the key and the wording.`,
      });
    }
    for (const option of optionStats) {
      if (!option.correct && option.count === 0) {
        flags.push({ code: "unused-distractor", option: option.key, message: `Nobody chose option ${option.key}: it is not a plausible distractor.` });
      }
    }
    if (topFacility !== null && topFacility < 0.5) {
      const favourite = optionStats.filter((option) => !option.correct).sort((a, b) => b.topShare - a.topShare)[0];
      const lure = favourite && favourite.topShare > 0 ? ` Most of them chose ${favourite.key} (${percent(favourite.topShare)}).` : "";
      flags.push({
        code: "key-rejected",
        message: `Only ${percent(topFacility)} of the top ${topGroupSize} scorers got this right.${lure} The key may be wrong.`,
      });
    }
  }

  return { respondents: n, facility, meanScore, discrimination, meanTimeMs, options: optionStats, topGroupSize, topFacility, flags };
}
