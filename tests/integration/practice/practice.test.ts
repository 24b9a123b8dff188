import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { getCurrentQuestionById, getQuestionVersionById } from "@/db/queries/content";
import { insertPracticeAnswer, listPracticeAnswersByQuestionVersion, listPracticeQuestionsByTopic, summarizePracticeByUser } from "@/db/queries/practice";
import { createAccount } from "@/lib/auth/accounts";
import { importContent } from "@/lib/content/import";
import { gradePracticeAnswer, pickNextPracticeQuestion } from "@/lib/exam/practice";
import { createTestDb } from "../../helpers/db";

const bank = (stemSuffix: string) => `---
topic: compute
---

::::question{#q-practice-flavor kind=single difficulty=easy}
Which command lists flavors${stemSuffix}?

- [ ] \`openstack server list\`
  > That lists servers.
- [x] \`openstack flavor list\`
- [ ] \`openstack image list\`

:::explanation
Flavors are listed with \`openstack flavor list\`.
:::
::::

::::question{#q-practice-truth kind=truefalse difficulty=easy answer=false}
A member of a project can create a public flavor.

:::explanation
Only administrators create flavors.
:::
::::
`;

describe("practice answers", () => {
  let handle: DbHandle;
  let dir: string;
  let userId: string;
  let otherId: string;

  beforeAll(async () => {
    handle = await createTestDb();
    dir = mkdtempSync(path.join(tmpdir(), "examstack-practice-"));
    mkdirSync(path.join(dir, "questions", "compute"), { recursive: true });
    writeFileSync(path.join(dir, "questions", "compute", "flavors.md"), bank(""));
    const imported = await importContent(handle.db, dir);
    expect(imported.ok).toBe(true);
    const learner = await createAccount(handle.db, { name: "Lea", email: "lea@example.com", password: "lea-password-123" });
    const other = await createAccount(handle.db, { name: "Olu", email: "olu@example.com", password: "olu-password-123" });
    if (!learner.ok || !other.ok) throw new Error("accounts");
    userId = learner.value.id;
    otherId = other.value.id;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await handle.close();
  });

  it("grades against the stored question and reveals feedback on the pick", async () => {
    const current = await getCurrentQuestionById(handle.db, "q-practice-flavor");
    const graded = gradePracticeAnswer(current?.version.body, { kind: "single", choice: "a" });
    expect(graded.ok).toBe(true);
    if (!graded.ok) return;
    expect(graded.value.feedback.correct).toBe(false);
    expect(graded.value.feedback.correctOptionKeys).toEqual(["b"]);
    expect(graded.value.feedback.optionFeedback).toEqual([{ key: "a", feedback: "That lists servers." }]);
    expect(gradePracticeAnswer(current?.version.body, { kind: "truefalse", value: true })).toEqual({ ok: false, error: { code: "exam/invalid-response" } });
  });

  it("keeps an answer pointing at the version answered when the question is edited", async () => {
    const before = await getCurrentQuestionById(handle.db, "q-practice-flavor");
    if (!before) throw new Error("question missing");
    await insertPracticeAnswer(handle.db, {
      userId,
      questionVersionId: before.version.id,
      questionId: "q-practice-flavor",
      topic: "compute",
      response: { kind: "single", choice: "b" },
      score: 1,
      timeTakenMs: 4_000,
    });
    writeFileSync(path.join(dir, "questions", "compute", "flavors.md"), bank(" available to your project"));
    const reimported = await importContent(handle.db, dir);
    expect(reimported.ok && reimported.value.counts.question.changed).toBe(1);
    const after = await getCurrentQuestionById(handle.db, "q-practice-flavor");
    expect(after?.version.id).not.toBe(before.version.id);
    const kept = await listPracticeAnswersByQuestionVersion(handle.db, before.version.id);
    expect(kept).toHaveLength(1);
    const oldVersion = await getQuestionVersionById(handle.db, before.version.id);
    expect(oldVersion?.stem).toContain("Which command lists flavors?");
  });

  it("offers unanswered questions first, and shows each learner only their own progress", async () => {
    const candidates = await listPracticeQuestionsByTopic(handle.db, userId, "compute");
    expect(candidates).toHaveLength(2);
    expect(pickNextPracticeQuestion(candidates, 1)?.questionId).toBe("q-practice-truth");
    expect(await summarizePracticeByUser(handle.db, userId)).toEqual([{ topic: "compute", answered: 1, meanScore: 1 }]);
    expect(await summarizePracticeByUser(handle.db, otherId)).toEqual([]);
    const othersView = await listPracticeQuestionsByTopic(handle.db, otherId, "compute");
    expect(othersView.every((candidate) => !candidate.attempts)).toBe(true);
  });
});
