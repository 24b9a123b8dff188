/**
 * Which learners an instructor should look at, and why. Each rule is a plain function of numbers the dashboard
 * already loads; a learner is at risk when any rule fires, and every fired rule gives its own reason.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RiskRules {
  /** No activity of any kind for this many days. */
  inactiveDays: number;
  /** The last exam score is at least this many percentage points below the mean of the (up to three) before it. */
  scoreDropPoints: number;
  /** A review backlog this large, that grew over the last week, counts as growing. */
  backlogCards: number;
}

export const defaultRiskRules: RiskRules = { inactiveDays: 7, scoreDropPoints: 10, backlogCards: 50 };

export interface LearnerActivity {
  joinedAt: Date;
  lastActiveAt: Date | null;
  /** Submitted exam scores (percent), any order. */
  examScores: readonly { at: Date; percent: number }[];
  /** Flashcards due now (started cards only, not suspended). */
  dueNow: number;
  /** Cards whose due time fell within the last seven days. */
  becameDueLastWeek: number;
  /** Reviews answered within the last seven days. */
  reviewedLastWeek: number;
}

export type RiskReason =
  | { code: "inactive"; message: string }
  | { code: "falling-scores"; message: string }
  | { code: "growing-backlog"; message: string };

const days = (ms: number) => Math.floor(ms / DAY_MS);

export function assessRisk(activity: LearnerActivity, now: Date, rules: RiskRules = defaultRiskRules): RiskReason[] {
  const reasons: RiskReason[] = [];

  const since = activity.lastActiveAt ?? activity.joinedAt;
  const idle = days(now.getTime() - since.getTime());
  if (idle >= rules.inactiveDays) {
    reasons.push({
      code: "inactive",
      message: activity.lastActiveAt ? `Inactive for ${idle} days.` : `No activity in the ${idle} days since joining.`,
    });
  }

  const scores = [...activity.examScores].sort((a, b) => a.at.getTime() - b.at.getTime());
  const last = scores.at(-1);
  const before = scores.slice(-4, -1);
  if (last && before.length) {
    const previous = before.reduce((sum, score) => sum + score.percent, 0) / before.length;
    const drop = previous - last.percent;
    if (drop >= rules.scoreDropPoints) {
      reasons.push({
        code: "falling-scores",
        message: `Last exam ${Math.round(last.percent)} % is ${Math.round(drop)} points below the previous average of ${Math.round(previous)} %.`,
      });
    }
  }

  // Growing: more cards fell due this week than were reviewed, so the pile is bigger than it was a week ago.
  if (activity.dueNow >= rules.backlogCards && activity.becameDueLastWeek > activity.reviewedLastWeek) {
    reasons.push({
      code: "growing-backlog",
      message: `${activity.dueNow} flashcards due; ${activity.becameDueLastWeek} fell due this week but only ${activity.reviewedLastWeek} reviews were done.`,
    });
  }
  return reasons;
}
