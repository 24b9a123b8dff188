import { describe, expect, it } from "vitest";
import { buildDueQueue, isDayFinished, LEARN_AHEAD_MS, type QueueCandidate, type QueueInput } from "@/lib/srs";

const now = new Date("2026-01-10T08:00:00Z");
const card = (cardId: string, state: QueueCandidate["state"], dueOffsetMs = 0, siblingKey: string | null = null): QueueCandidate => ({
  cardId,
  state,
  due: new Date(now.getTime() + dueOffsetMs),
  siblingKey,
});
const base: QueueInput = {
  learning: [],
  reviews: [],
  newCards: [],
  studied: { newCards: 0, reviews: 0, siblingKeys: new Set() },
  limits: { newPerDay: 20, reviewsPerDay: 200 },
  burySiblings: true,
  now,
};

describe("today's queue", () => {
  it("shows due learning cards first, then reviews, then new cards", () => {
    const input = { ...base, learning: [card("l1", "learning", -1000)], reviews: [card("r1", "review", -5000)], newCards: [card("n1", "new")] };
    expect(buildDueQueue(input).next?.cardId).toBe("l1");
    expect(buildDueQueue({ ...input, learning: [] }).next?.cardId).toBe("r1");
    expect(buildDueQueue({ ...input, learning: [], reviews: [] }).next?.cardId).toBe("n1");
  });

  it("stops at the daily limits, counting what was already studied today", () => {
    const newCards = Array.from({ length: 30 }, (_, index) => card(`n${index}`, "new"));
    const reviews = Array.from({ length: 30 }, (_, index) => card(`r${index}`, "review", -index));
    const queue = buildDueQueue({ ...base, newCards, reviews, limits: { newPerDay: 20, reviewsPerDay: 25 }, studied: { newCards: 15, reviews: 20, siblingKeys: new Set() } });
    expect(queue.counts).toEqual({ learning: 0, review: 5, new: 5 });
    const spent = buildDueQueue({ ...base, newCards, limits: { newPerDay: 20, reviewsPerDay: 200 }, studied: { newCards: 20, reviews: 0, siblingKeys: new Set() } });
    expect(spent.counts.new).toBe(0);
    expect(spent.next).toBeNull();
  });

  it("buries siblings: one card per note a day, none from a note already studied today", () => {
    const newCards = [card("a1", "new", 0, "note:a"), card("a2", "new", 0, "note:a"), card("b1", "new", 0, "note:b"), card("c1", "new", 0, null), card("c2", "new", 0, null)];
    const queue = buildDueQueue({ ...base, newCards, studied: { newCards: 0, reviews: 0, siblingKeys: new Set(["note:b"]) } });
    expect(queue.counts.new).toBe(3); // a1, c1, c2
    expect(queue.next?.cardId).toBe("a1");
    // A review card's sibling waits for tomorrow too.
    const mixed = buildDueQueue({ ...base, reviews: [card("a0", "review", -1, "note:a")], newCards });
    expect(mixed.counts).toEqual({ learning: 0, review: 1, new: 3 });
    // Turned off, siblings come together.
    expect(buildDueQueue({ ...base, newCards, burySiblings: false }).counts.new).toBe(5);
  });

  it("waits for a learning step that is not due yet, showing it up to 20 minutes early when nothing else is left", () => {
    const soon = buildDueQueue({ ...base, learning: [card("l1", "learning", LEARN_AHEAD_MS - 1000)] });
    expect(soon.next?.cardId).toBe("l1");
    const later = buildDueQueue({ ...base, learning: [card("l1", "learning", LEARN_AHEAD_MS + 60_000)] });
    expect(later.next).toBeNull();
    expect(later.nextLearningDue).toEqual(new Date(now.getTime() + LEARN_AHEAD_MS + 60_000));
    expect(isDayFinished(later)).toBe(false);
    expect(isDayFinished(buildDueQueue(base))).toBe(true);
  });
});
