import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { insertQuestionVersions, retireCardsById, upsertCardsById, upsertDecksById, upsertNotesById, upsertQuestionsById } from "@/db/queries/content";
import { getCardStateByUser, listReviewLogsByUser, listCramCandidatesByUser } from "@/db/queries/srs";
import { insertUserUnlessEmailExists } from "@/db/queries/users";
import {
  addQuestionAsCard,
  answerReview,
  changeCard,
  exportCardsCsv,
  exportReviewsCsv,
  importAnkiDeck,
  loadDeckOverview,
  loadDueSummary,
  loadReviewView,
  loadStatistics,
  loadTodayQueue,
  prepareLearner,
  saveSrsSettings,
  studyNoteCards,
  undoLastReview,
} from "@/lib/srs/service";
import { createTestDb } from "../../helpers/db";

const T0 = new Date("2026-03-02T09:00:00Z");
const source = { sourceFile: "test.md", contentHash: "h" };

async function seedContent(handle: DbHandle) {
  const { db } = handle;
  await upsertNotesById(db, [
    { id: "note-keystone", topic: "identity", title: "Keystone", sortOrder: 1, summary: "s", prerequisites: [], body: "b", toc: [], ...source },
    { id: "note-nova", topic: "compute", title: "Nova", sortOrder: 1, summary: "s", prerequisites: [], body: "b", toc: [], ...source },
  ], T0);
  await upsertDecksById(db, [{ id: "deck-nova", topic: "compute", title: "Nova deck", ...source }], T0);
  const card = (id: string, topic: string, noteId: string | null, deckId: string | null) => ({ id, topic, tags: [], front: `Front of ${id}`, back: `Back of ${id}`, noteId, deckId, ...source });
  await upsertCardsById(db, [
    card("card-nova-1", "compute", "note-nova", null),
    card("card-nova-2", "compute", "note-nova", null),
    card("card-nova-deck", "compute", null, "deck-nova"),
    card("card-keystone-1", "identity", "note-keystone", null),
    card("card-keystone-2", "identity", "note-keystone", null),
    card("card-gone", "identity", null, "deck-nova"),
  ], T0);
  await retireCardsById(db, ["card-gone"], T0);
  const question = {
    id: "q-flavor", kind: "single", topic: "compute", difficulty: "easy", tags: ["flavors"], noteIds: ["note-nova"],
    stem: "Who may create a public flavor?", explanation: "Creating flavors is an admin action.",
    options: [
      { key: "a", text: "Any member", correct: false },
      { key: "b", text: "An administrator", correct: true },
      { key: "c", text: "Nobody", correct: false },
    ],
  };
  await insertQuestionVersions(db, [{ id: "q-flavor@1", questionId: "q-flavor", version: 1, kind: "single", topic: "compute", difficulty: "easy", tags: ["flavors"], noteIds: ["note-nova"], stem: question.stem, explanation: question.explanation, body: question, contentHash: "h" }]);
  await upsertQuestionsById(db, [{ id: "q-flavor", currentVersionId: "q-flavor@1", kind: "single", topic: "compute", difficulty: "easy", tags: ["flavors"], noteIds: ["note-nova"], ...source }], T0);
}

describe("flashcard review against the database", () => {
  let handle: DbHandle;
  let learner: string;
  let other: string;

  beforeAll(async () => {
    handle = await createTestDb();
    await seedContent(handle);
    learner = (await insertUserUnlessEmailExists(handle.db, { email: "srs@example.com", name: "Sam", passwordHash: null, role: "learner" }))!.id;
    other = (await insertUserUnlessEmailExists(handle.db, { email: "other@example.com", name: "Olu", passwordHash: null, role: "learner" }))!.id;
  });
  afterAll(async () => handle?.close());

  it("gives a learner every live course card as new, in teaching order, one card per note a day", async () => {
    await prepareLearner(handle.db, learner, T0);
    await prepareLearner(handle.db, learner, T0); // idempotent
    const overview = await loadDeckOverview(handle.db, learner, T0);
    const byTopic = Object.fromEntries(overview.topics.map((row) => [row.topic, row.total]));
    expect(byTopic).toEqual({ identity: 2, compute: 3 });
    const today = await loadTodayQueue(handle.db, learner, T0);
    // identity comes before compute in the course; siblings of the same note are kept apart.
    expect(today.queue.next?.cardId).toBe("card-keystone-1");
    expect(today.queue.counts).toEqual({ learning: 0, review: 0, new: 3 });
  });

  it("stores each answer with the card before and after, and undo puts everything back", async () => {
    const before = await getCardStateByUser(handle.db, learner, "card-keystone-1");
    const answered = await answerReview(handle.db, learner, { cardId: "card-keystone-1", rating: "good", durationMs: 4200 }, T0);
    expect(answered).toEqual({ ok: true, value: { leech: false } });
    const after = await getCardStateByUser(handle.db, learner, "card-keystone-1");
    expect(after?.state).toBe("learning");
    const [log] = await listReviewLogsByUser(handle.db, learner);
    expect(log).toMatchObject({ cardId: "card-keystone-1", rating: 3, kind: "learn", durationMs: 4200, previousState: "new" });
    expect(log?.stateAfter.state).toBe("learning");

    // The sibling from the same note is buried for the rest of the day.
    const view = await loadReviewView(handle.db, learner, new Date(T0.getTime() + 1000));
    expect(view.card?.cardId).not.toBe("card-keystone-2");
    expect(view.canUndo).toBe(true);
    expect(view.doneToday).toBe(1);

    expect((await undoLastReview(handle.db, learner, new Date(T0.getTime() + 2000))).ok).toBe(true);
    const restored = await getCardStateByUser(handle.db, learner, "card-keystone-1");
    expect({ ...restored, updatedAt: null }).toEqual({ ...before, updatedAt: null });
    expect(await listReviewLogsByUser(handle.db, learner)).toEqual([]);
    expect((await undoLastReview(handle.db, learner, T0)).ok).toBe(false);
  });

  it("stops introducing new cards at the daily limit and starts again the next day", async () => {
    await saveSrsSettings(handle.db, learner, { newPerDay: 2, timeZone: "Europe/Berlin", dayStartHour: 4 }, T0);
    for (const cardId of ["card-keystone-1", "card-nova-1"]) {
      expect((await answerReview(handle.db, learner, { cardId, rating: "easy", durationMs: 1000 }, T0)).ok).toBe(true);
    }
    const today = await loadTodayQueue(handle.db, learner, T0);
    expect(today.studied.newCards).toBe(2);
    expect(today.queue.counts.new).toBe(0);
    // 03:30 in Berlin the next morning is still today (the day starts at 4).
    const lateNight = await loadTodayQueue(handle.db, learner, new Date("2026-03-03T02:30:00Z"));
    expect(lateNight.day.key).toBe("2026-03-02");
    expect(lateNight.queue.counts.new).toBe(0);
    const nextDay = await loadTodayQueue(handle.db, learner, new Date("2026-03-03T03:30:00Z"));
    expect(nextDay.day.key).toBe("2026-03-03");
    expect(nextDay.queue.counts.new).toBe(2);
    expect(nextDay.queue.next?.cardId).toBe("card-keystone-2");
  });

  it("keeps one learner's cards and answers out of another's", async () => {
    await prepareLearner(handle.db, other, T0);
    const theirs = await loadTodayQueue(handle.db, other, T0);
    expect(theirs.studied).toEqual({ newCards: 0, reviews: 0 });
    expect(theirs.queue.next?.cardId).toBe("card-keystone-1");
    expect(await listReviewLogsByUser(handle.db, other)).toEqual([]);
    expect((await answerReview(handle.db, other, { cardId: "p:not-theirs", rating: "good", durationMs: 1 }, T0)).ok).toBe(false);
  });

  it("suspends a card that lapses for the eighth time and says so", async () => {
    const { db } = handle;
    let at = new Date("2026-03-05T10:00:00Z");
    // Graduate the card, then forget it eight times, relearning in between.
    let lastLeech = false;
    for (let lapse = 0; lapse < 8; lapse += 1) {
      const state = await getCardStateByUser(db, other, "card-nova-deck");
      if (state?.state !== "review") {
        await answerReview(db, other, { cardId: "card-nova-deck", rating: "easy", durationMs: 1 }, at);
        at = new Date(at.getTime() + 3 * 86_400_000);
      }
      const result = await answerReview(db, other, { cardId: "card-nova-deck", rating: "again", durationMs: 1 }, at);
      lastLeech = result.ok && result.value.leech;
      at = new Date(at.getTime() + 86_400_000);
    }
    expect(lastLeech).toBe(true);
    const card = await getCardStateByUser(db, other, "card-nova-deck");
    expect(card).toMatchObject({ lapses: 8, leech: true, suspended: true });
    const overview = await loadDeckOverview(db, other, at);
    expect(overview.leeches.map((row) => row.cardId)).toEqual(["card-nova-deck"]);
    expect((await changeCard(db, other, "card-nova-deck", "unsuspend", at)).ok).toBe(true);
    expect((await getCardStateByUser(db, other, "card-nova-deck"))?.suspended).toBe(false);
  });

  it("crams a topic without moving any due date unless asked to", async () => {
    const { db } = handle;
    const at = new Date("2026-03-04T10:00:00Z");
    const before = await getCardStateByUser(db, learner, "card-nova-1");
    const cram = { mode: "cram" as const, topic: "compute", includeNew: false, reschedule: false };
    const view = await loadReviewView(db, learner, at, { custom: cram });
    expect(view.card?.cardId).toBe("card-nova-1");
    expect(view.card?.intervals.good).toBe("—");
    await answerReview(db, learner, { cardId: "card-nova-1", rating: "again", durationMs: 10, custom: cram }, at);
    expect(await getCardStateByUser(db, learner, "card-nova-1")).toEqual(before);
    const next = await loadReviewView(db, learner, at, { custom: cram, answeredIds: ["card-nova-1"] });
    expect(next.card).toBeNull();
    const logs = await listReviewLogsByUser(db, learner);
    expect(logs.at(-1)?.kind).toBe("cram");
    // A cram answer does not count against the day's review limit.
    expect((await loadTodayQueue(db, learner, at)).studied.reviews).toBe(0);
    expect((await listCramCandidatesByUser(db, learner, "compute", true, at, 10)).length).toBe(3);
  });

  it("turns a question into a card once, and moves a note's cards to the front", async () => {
    const { db } = handle;
    const first = await addQuestionAsCard(db, learner, "q-flavor", T0);
    expect(first.ok && first.value.alreadyAdded).toBe(false);
    const again = await addQuestionAsCard(db, learner, "q-flavor", T0);
    expect(again.ok && again.value.alreadyAdded).toBe(true);
    expect((await addQuestionAsCard(db, learner, "q-missing", T0)).ok).toBe(false);
    const at = new Date("2026-03-06T10:00:00Z");
    const queue = await loadTodayQueue(db, learner, at);
    expect(queue.queue.next?.cardId).toMatch(/^p:/);
    const view = await loadReviewView(db, learner, at);
    expect(view.card?.frontHtml).toContain("Who may create a public flavor?");
    expect(view.card?.backHtml).toContain("An administrator");

    const studied = await studyNoteCards(db, learner, ["note-nova"], at);
    expect(studied).toEqual({ ok: true, value: { queued: 1, resurfaced: 1, total: 2 } });
    expect((await getCardStateByUser(db, learner, "card-nova-1"))?.due).toEqual(at);
  });

  it("imports an Anki text file into a personal deck and exports cards and history as CSV", async () => {
    const { db } = handle;
    const text = "#separator:tab\n#html:true\n#tags column:3\nWhat is <b>Glance</b>?\tThe image service<br>for OpenStack\timage\nbroken line without a tab\n";
    const result = await importAnkiDeck(db, learner, { title: "My Anki deck", text }, T0);
    expect(result.ok && result.value.imported).toBe(1);
    expect(result.ok && result.value.problems.map((problem) => problem.line)).toEqual([5]);
    const overview = await loadDeckOverview(db, learner, T0);
    expect(overview.personalDecks).toMatchObject([{ title: "My Anki deck", cards: 1 }]);
    const csv = await exportCardsCsv(db, learner, T0);
    expect(csv).toContain('"The image service\nfor OpenStack"');
    expect(csv.split("\r\n")[0]).toBe("card_id,topic,deck,front,back,state,due,stability,difficulty,reps,lapses,last_review,suspended,leech");
    const history = await exportReviewsCsv(db, learner);
    expect(history).toContain("card-keystone-1,easy,learn");
    expect((await importAnkiDeck(db, learner, { title: "Empty", text: "just one field\n" }, T0)).ok).toBe(false);
  });

  it("saves settings after checking them; a new desired retention moves no stored due date", async () => {
    const { db } = handle;
    const before = await getCardStateByUser(db, learner, "card-keystone-1");
    expect((await saveSrsSettings(db, learner, { desiredRetention: 0.99 }, T0)).ok).toBe(false);
    expect((await saveSrsSettings(db, learner, { learningSteps: ["soon"] }, T0)).ok).toBe(false);
    const saved = await saveSrsSettings(db, learner, { desiredRetention: 0.8, examDate: "2026-04-30" }, T0);
    expect(saved.ok && saved.value).toMatchObject({ desiredRetention: 0.8, newPerDay: 2, timeZone: "Europe/Berlin", examDate: "2026-04-30" });
    expect(await getCardStateByUser(db, learner, "card-keystone-1")).toEqual(before);
    const summary = await loadDueSummary(db, learner, new Date("2026-03-06T10:00:00Z"));
    expect(summary.plan).toMatchObject({ daysLeft: 55, onTrack: true });
    await saveSrsSettings(db, learner, { desiredRetention: 0.9, examDate: null }, T0);
  });

  it("counts statistics by the learner's own study day", async () => {
    const stats = await loadStatistics(handle.db, learner, new Date("2026-03-06T10:00:00Z"));
    const day = (key: string) => stats.heatmap.columns.flat().find((cell) => cell.day === key)?.count;
    expect(day("2026-03-02")).toBe(2);
    expect(day("2026-03-04")).toBe(1);
    expect(stats.totalReviews).toBe(3);
    expect(stats.counts.total).toBe(7);
    expect(stats.forecast).toHaveLength(30);
    expect(stats.forecast.reduce((total, entry) => total + entry.count, 0)).toBeGreaterThan(0);
  });
});
