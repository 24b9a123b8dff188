import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import {
  getCurrentQuestionById,
  listQuestionVersionsByQuestionId,
  searchNotesByText,
  searchQuestionsByText,
} from "@/db/queries/content";
import { fixedClock } from "@/lib/clock";
import { importContent, type ImportSummary } from "@/lib/content";
import { createTestDb } from "@/tests/helpers/db";

const contentTables = ["notes", "questions", "question_versions", "cards", "decks", "blueprints", "content_imports"] as const;

/** Every content row with its xmin (the id of the transaction that last wrote it): any write changes it. */
async function snapshot(handle: DbHandle): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of contentTables) {
    const result = await handle.db.execute(sql.raw(`select xmin::text as xmin, * from ${table} order by 2`));
    out[table] = (result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]);
  }
  return out;
}

const files: Record<string, string> = {
  "notes/compute/nova-flavors.md": `---
id: nova-flavors
title: Flavors
topic: compute
order: 1
summary: What a flavor fixes about a server.
---

A flavor is the hardware template of a server: vCPUs, RAM and disks.

:::card{#card-flavor}
What does a flavor fix?

vCPUs, RAM and disk sizes.
:::
`,
  "questions/compute/flavors.md": `---
topic: compute
---

::::question{#q-flavor-list kind=single difficulty=easy notes="nova-flavors"}
Which command lists flavors?

- [ ] \`openstack server list\`
- [x] \`openstack flavor list\`
- [ ] \`openstack image list\`

:::explanation
\`openstack flavor list\`.
:::
::::

::::question{#q-flavor-private kind=truefalse difficulty=medium answer=true notes="nova-flavors"}
A flavor can be private to some projects.

:::explanation
Create it with \`--private\` and grant access with \`openstack flavor set --project\`.
:::
::::
`,
  "flashcards/compute/basics.md": `---
id: deck-compute
title: Compute
topic: compute
---

:::card{#card-server}
What boots a server?

An image, with a flavor for its size.
:::
`,
  "blueprints/quick.md": `---
id: quick
title: Quick
duration: 10
passMark: 70
sections:
  - id: compute
    title: Compute
    weight: 100
    draw:
      - { count: 2, topic: compute }
---

Two questions.
`,
};

describe("content import", () => {
  let handle: DbHandle;
  let dir: string;
  const clock = fixedClock("2026-01-10T09:00:00Z");

  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  };
  const run = async (): Promise<ImportSummary> => {
    clock.advance(60_000);
    const result = await importContent(handle.db, dir, { clock });
    if (!result.ok) throw new Error(result.error.map((d) => `${d.file}:${d.line} ${d.message}`).join("\n"));
    return result.value;
  };

  beforeAll(async () => {
    handle = await createTestDb();
    dir = await mkdtemp(path.join(tmpdir(), "examstack-content-"));
    for (const [file, text] of Object.entries(files)) await write(file, text);
  });

  afterAll(async () => {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("adds everything on the first import", async () => {
    const summary = await run();
    expect(summary.wrote).toBe(true);
    expect(summary.counts).toEqual({
      note: { added: 1, changed: 0, retired: 0, unchanged: 0 },
      deck: { added: 1, changed: 0, retired: 0, unchanged: 0 },
      card: { added: 2, changed: 0, retired: 0, unchanged: 0 },
      question: { added: 2, changed: 0, retired: 0, unchanged: 0 },
      blueprint: { added: 1, changed: 0, retired: 0, unchanged: 0 },
      // Labs are imported too (issue 5); this fixture folder has none.
      lab: { added: 0, changed: 0, retired: 0, unchanged: 0 },
    });
    const current = await getCurrentQuestionById(handle.db, "q-flavor-list");
    expect(current?.question.currentVersionId).toBe("q-flavor-list@1");
    expect(current?.version.body).toMatchObject({ kind: "single", options: [{ correct: false }, { correct: true }, { correct: false }] });
  });

  it("writes nothing when the content is unchanged: every row keeps its xmin and updated_at", async () => {
    const before = await snapshot(handle);
    expect(before.question_versions).toHaveLength(2);
    const summary = await run();
    expect(summary.wrote).toBe(false);
    expect(summary.counts.question).toEqual({ added: 0, changed: 0, retired: 0, unchanged: 2 });
    expect(await snapshot(handle)).toEqual(before);
  });

  it("turns an edit into a new question version and leaves the old version as it was", async () => {
    const oldVersion = (await listQuestionVersionsByQuestionId(handle.db, "q-flavor-list"))[0];
    const text = files["questions/compute/flavors.md"] ?? "";
    await write("questions/compute/flavors.md", text.replace("Which command lists flavors?", "Which command lists the flavors you can use?"));
    const summary = await run();
    expect(summary.counts.question).toEqual({ added: 0, changed: 1, retired: 0, unchanged: 1 });

    const versions = await listQuestionVersionsByQuestionId(handle.db, "q-flavor-list");
    expect(versions.map((v) => [v.id, v.stem])).toEqual([
      ["q-flavor-list@1", "Which command lists flavors?"],
      ["q-flavor-list@2", "Which command lists the flavors you can use?"],
    ]);
    // An answer recorded against version 1 still finds exactly what the learner saw.
    expect(versions[0]).toEqual(oldVersion);
    const current = await getCurrentQuestionById(handle.db, "q-flavor-list");
    expect(current?.question.currentVersionId).toBe("q-flavor-list@2");
    const untouched = await listQuestionVersionsByQuestionId(handle.db, "q-flavor-private");
    expect(untouched.map((v) => v.version)).toEqual([1]);
  });

  it("retires a removed question instead of deleting it, and brings it back without a new version", async () => {
    const text = files["questions/compute/flavors.md"] ?? "";
    const withoutPrivate = text.slice(0, text.indexOf("::::question{#q-flavor-private"));
    await write("questions/compute/flavors.md", withoutPrivate.replace("Which command lists flavors?", "Which command lists the flavors you can use?"));
    // The blueprint needs two compute questions; ask for one while the bank has one.
    await write("blueprints/quick.md", (files["blueprints/quick.md"] ?? "").replace("count: 2", "count: 1"));
    const summary = await run();
    expect(summary.counts.question).toEqual({ added: 0, changed: 0, retired: 1, unchanged: 1 });
    const retired = await getCurrentQuestionById(handle.db, "q-flavor-private");
    expect(retired?.question.retiredAt).toEqual(clock.now());
    expect(retired?.question.currentVersionId).toBe("q-flavor-private@1");

    await write("questions/compute/flavors.md", text.replace("Which command lists flavors?", "Which command lists the flavors you can use?"));
    const back = await run();
    expect(back.counts.question).toEqual({ added: 0, changed: 1, retired: 0, unchanged: 1 });
    const restored = await getCurrentQuestionById(handle.db, "q-flavor-private");
    expect(restored?.question.retiredAt).toBeNull();
    expect((await listQuestionVersionsByQuestionId(handle.db, "q-flavor-private")).map((v) => v.version)).toEqual([1]);
  });

  it("writes nothing at all when any file has a mistake, and returns every diagnostic", async () => {
    const before = await snapshot(handle);
    await write("questions/compute/broken.md", "---\ntopic: compute\n---\n\n::::question{#q-broken kind=single difficulty=easy notes=\"nova-flavors\"}\nPick.\n\n- [ ] a\n- [ ] b\n- [ ] c\n::::\n");
    await write("notes/compute/nova-flavors.md", (files["notes/compute/nova-flavors.md"] ?? "").replace("order: 1", "order: 1\nauthor: me"));
    const result = await importContent(handle.db, dir, { clock });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.map((d) => [d.file, d.line, d.ruleId])).toEqual([
        ["notes/compute/nova-flavors.md", 6, "content/front-matter-unknown-key"],
        ["questions/compute/broken.md", 5, "content/missing-explanation"],
        ["questions/compute/broken.md", 8, "content/missing-answer"],
      ]);
    }
    expect(await snapshot(handle)).toEqual(before);
    await rm(path.join(dir, "questions/compute/broken.md"));
    await write("notes/compute/nova-flavors.md", files["notes/compute/nova-flavors.md"] ?? "");
  });

  it("finds notes and questions with full-text search", async () => {
    const notes = await searchNotesByText(handle.db, "hardware template");
    expect(notes.map((hit) => hit.id)).toEqual(["nova-flavors"]);
    const questions = await searchQuestionsByText(handle.db, "private projects");
    expect(questions.map((hit) => hit.id)).toEqual(["q-flavor-private"]);
    // Only current versions are searched: version 1's wording ("lists flavors?") is still in version 2.
    expect((await searchQuestionsByText(handle.db, "flavors you can use")).map((hit) => hit.id)).toEqual(["q-flavor-list"]);
  });
});
