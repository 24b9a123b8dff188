import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { listExamAttemptItemsByAttempt } from "@/db/queries/exams";
import { upsertNoteReadByUserAndNote } from "@/db/queries/cohorts";
import { listNotesByTopic } from "@/db/queries/content";
import type { SessionUser } from "@/lib/auth/roles";
import { fixedClock } from "@/lib/clock";
import { importContent } from "@/lib/content/import";
import { questionSchema, type Question } from "@/lib/content/schema";
import { loadCohortDashboard, loadLearnerDrillDown } from "@/lib/cohorts/dashboard";
import { loadQuestionAnalyses, loadQuestionAnalysis } from "@/lib/cohorts/items";
import { addCoInstructor, cohortErrorMessage, createCohort, createInvite, joinWithCode, listCohortsForStaff, removeLearner, revokeInvite } from "@/lib/cohorts/service";
import type { Response } from "@/lib/exam";
import { saveExamAnswer, startExamAttempt, submitExamAttempt } from "@/lib/exam/service";
import { createPeople } from "../../helpers/people";
import { createTestDb } from "../../helpers/db";

const DAY = 24 * 60 * 60 * 1000;

function answer(question: Question, right: boolean): Response | null {
  if (question.kind === "single") return { kind: "single", choice: question.options.find((option) => option.correct === right)!.key };
  if (question.kind === "truefalse") return { kind: "truefalse", value: right ? question.answer : !question.answer };
  return null;
}

describe("cohorts", () => {
  let handle: DbHandle;
  const clock = fixedClock("2026-03-02T09:00:00.000Z");
  const people: Record<string, SessionUser> = {};

  beforeAll(async () => {
    handle = await createTestDb();
    expect((await importContent(handle.db, path.join(process.cwd(), "content"))).ok).toBe(true);
    Object.assign(
      people,
      await createPeople(handle.db, [
        ["ivo", "instructor"],
        ["una", "instructor"],
        ["ada", "admin"],
        ["lea", "learner"],
        ["max", "learner"],
        ["out", "learner"],
      ]),
    );
  });
  afterAll(async () => handle?.close());

  const p = (key: string) => people[key]!;

  it("shows an instructor only the cohorts they teach, and refuses the rest as if they did not exist", async () => {
    const mine = await createCohort(handle.db, p("ivo"), { name: "Spring", description: "" }, clock.now());
    const theirs = await createCohort(handle.db, p("una"), { name: "Autumn", description: "" }, clock.now());
    expect((await listCohortsForStaff(handle.db, p("ivo"))).map((c) => c.name)).toEqual(["Spring"]);
    expect((await listCohortsForStaff(handle.db, p("ada"))).map((c) => c.name).sort()).toEqual(["Autumn", "Spring"]);

    const peek = await loadCohortDashboard(handle.db, p("ivo"), theirs.id, clock.now());
    expect(peek).toEqual({ ok: false, error: { code: "cohort/not-found" } });
    expect(await createInvite(handle.db, p("ivo"), { cohortId: theirs.id, validDays: 7 }, clock.now())).toMatchObject({ ok: false });
    expect((await loadQuestionAnalyses(handle.db, p("ivo"), { all: true })).ok).toBe(false);

    // A co-instructor sees the cohort too, but only the owner may add another.
    expect(await addCoInstructor(handle.db, p("ivo"), { cohortId: mine.id, email: "lea@example.com" }, clock.now())).toMatchObject({ ok: false, error: { code: "cohort/not-an-instructor" } });
    expect((await addCoInstructor(handle.db, p("ivo"), { cohortId: mine.id, email: "UNA@example.com" }, clock.now())).ok).toBe(true);
    expect((await listCohortsForStaff(handle.db, p("una"))).map((c) => [c.name, c.role]).sort()).toEqual([
      ["Autumn", "owner"],
      ["Spring", "co-instructor"],
    ]);
    expect(await addCoInstructor(handle.db, p("una"), { cohortId: mine.id, email: "ada@example.com" }, clock.now())).toMatchObject({ ok: false, error: { code: "cohort/not-owner" } });
  });

  it("lets learners join by code or link, into several cohorts, and refuses expired and revoked codes with the reason", async () => {
    const spring = (await listCohortsForStaff(handle.db, p("ivo")))[0]!;
    const autumn = (await listCohortsForStaff(handle.db, p("una"))).find((c) => c.name === "Autumn")!;
    const invite = await createInvite(handle.db, p("ivo"), { cohortId: spring.id, validDays: 7 }, clock.now());
    if (!invite.ok) throw new Error("invite");
    expect(invite.value.code).toMatch(/^[A-Z0-9]{8}$/);

    expect(await joinWithCode(handle.db, p("lea"), invite.value.code.toLowerCase(), clock.now())).toMatchObject({ ok: true, value: { cohortName: "Spring", alreadyMember: false } });
    expect(await joinWithCode(handle.db, p("max"), `http://localhost:3000/learn/join/${invite.value.code}`, clock.now())).toMatchObject({ ok: true });
    expect(await joinWithCode(handle.db, p("lea"), invite.value.code, clock.now())).toMatchObject({ ok: true, value: { alreadyMember: true } });

    const other = await createInvite(handle.db, p("una"), { cohortId: autumn.id, validDays: 1 }, clock.now());
    if (!other.ok) throw new Error("invite");
    expect((await joinWithCode(handle.db, p("lea"), other.value.code, clock.now())).ok).toBe(true);

    const late = await joinWithCode(handle.db, p("out"), other.value.code, new Date(clock.now().getTime() + 2 * DAY));
    expect(late.ok).toBe(false);
    if (!late.ok) expect(cohortErrorMessage(late.error)).toBe("This join code for Autumn expired on 2026-03-03 09:00 UTC. Ask your instructor for a new one.");

    expect((await revokeInvite(handle.db, p("ivo"), { cohortId: spring.id, inviteId: invite.value.id }, clock.now())).ok).toBe(true);
    const revoked = await joinWithCode(handle.db, p("out"), invite.value.code, clock.now());
    expect(revoked.ok).toBe(false);
    if (!revoked.ok) expect(cohortErrorMessage(revoked.error)).toMatch(/withdrawn by the instructor/);
    expect(await joinWithCode(handle.db, p("out"), "NOPE-NOPE", clock.now())).toMatchObject({ ok: false, error: { code: "cohort/invite-unknown" } });

    const dashboard = await loadCohortDashboard(handle.db, p("ivo"), spring.id, clock.now());
    expect(dashboard.ok && dashboard.value.roster.map((row) => row.name).sort()).toEqual(["lea", "max"]);
  });

  it("fills the dashboard from what learners did, flags risk, and reaches a learner only through a shared cohort", async () => {
    const spring = (await listCohortsForStaff(handle.db, p("ivo")))[0]!;
    const [note] = await listNotesByTopic(handle.db, "compute");
    await upsertNoteReadByUserAndNote(handle.db, p("lea").id, note!.id, clock.now());

    // Two attempts of the quick check: lea answers every choice question right, max every one wrong.
    for (const [key, right] of [
      ["lea", true],
      ["max", false],
    ] as const) {
      const started = await startExamAttempt(handle.db, p(key).id, "quick-check", clock.now(), 4242);
      if (!started.ok) throw new Error("start");
      const items = await listExamAttemptItemsByAttempt(handle.db, started.value.attemptId);
      let seq = clock.now().getTime();
      for (const { item, questionBody } of items) {
        const response = answer(questionSchema.parse(questionBody), right);
        if (response) await saveExamAnswer(handle.db, p(key).id, started.value.attemptId, { position: item.position, response, flagged: false, seq: (seq += 1) }, clock.now());
      }
      clock.advance(10 * 60_000);
      expect((await submitExamAttempt(handle.db, p(key).id, started.value.attemptId, clock.now())).ok).toBe(true);
    }

    const later = new Date(clock.now().getTime() + 9 * DAY);
    const dashboard = await loadCohortDashboard(handle.db, p("una"), spring.id, later);
    if (!dashboard.ok) throw new Error("dashboard");
    const lea = dashboard.value.roster.find((row) => row.name === "lea")!;
    const max = dashboard.value.roster.find((row) => row.name === "max")!;
    expect(lea.notesRead).toBe(1);
    expect(lea.examAttempts).toBe(1);
    expect(lea.examBest!).toBeGreaterThan(max.examBest!);
    expect(lea.timeSpentMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(max.risks.map((risk) => risk.message)).toEqual(["Inactive for 9 days."]);
    expect(dashboard.value.mastery.some((cell) => cell.userId === lea.userId && cell.answers > 0)).toBe(true);
    expect(dashboard.value.weeks.some((week) => week.meanExamPercent !== null)).toBe(true);

    // Drill-down: through a cohort the learner is in; never for a learner outside it, nor for a stranger's cohort.
    expect((await loadLearnerDrillDown(handle.db, p("ivo"), spring.id, lea.userId, later)).ok).toBe(true);
    expect(await loadLearnerDrillDown(handle.db, p("ivo"), spring.id, p("out").id, later)).toEqual({ ok: false, error: { code: "cohort/member-not-found" } });
    const autumn = (await listCohortsForStaff(handle.db, p("una"))).find((c) => c.name === "Autumn")!;
    expect(await loadLearnerDrillDown(handle.db, p("ivo"), autumn.id, lea.userId, later)).toEqual({ ok: false, error: { code: "cohort/not-found" } });
    expect((await loadLearnerDrillDown(handle.db, p("lea"), spring.id, p("max").id, later)).ok).toBe(false);

    // Item statistics: every choice item split the two attempts, so facility is one half and the better total got it right.
    const analyses = await loadQuestionAnalyses(handle.db, p("ivo"), { cohortId: spring.id });
    if (!analyses.ok) throw new Error("analyses");
    const choice = analyses.value.filter((analysis) => analysis.kind === "single");
    expect(choice.length).toBeGreaterThan(0);
    for (const analysis of choice) {
      expect(analysis.stats.respondents).toBe(2);
      expect(analysis.stats.facility).toBe(0.5);
      expect(analysis.stats.discrimination!).toBeCloseTo(1, 3);
    }
    const one = await loadQuestionAnalysis(handle.db, p("ivo"), { cohortId: spring.id }, choice[0]!.questionId);
    expect(one.ok && one.value.analysis.stats.options.reduce((sum, option) => sum + option.count, 0)).toBe(2);

    // Removing a learner takes them off the dashboard and out of the instructor's reach.
    expect((await removeLearner(handle.db, p("ivo"), { cohortId: spring.id, userId: p("max").id })).ok).toBe(true);
    expect((await loadLearnerDrillDown(handle.db, p("ivo"), spring.id, p("max").id, later)).ok).toBe(false);
  });
});
