import { describe, expect, it } from "vitest";
import { parseContent, parseContentFile, type ContentFile } from "@/lib/content";

function parse(file: string, text: string) {
  const kind = file.startsWith("notes/") ? "note" : file.startsWith("questions/") ? "bank" : file.startsWith("flashcards/") ? "deck" : "blueprint";
  return parseContentFile(file, text, kind);
}

const bank = (body: string, frontMatter = "topic: compute\ntags: [flavors]") => `---\n${frontMatter}\n---\n\n${body}\n`;

describe("concept notes", () => {
  const note = `---
id: nova-flavors
title: Flavors
topic: compute
order: 20
prerequisites: [nova-architecture]
summary: What a flavor fixes about a server.
---

A **flavor** is the hardware template of a server. Log in as admin:member at 10:30am.

## Creating a flavor

\`\`\`console
$ openstack flavor create --vcpus 2 --ram 2048 --disk 20 m1.custom
\`\`\`

See [servers](note:nova-servers).

:::card{#card-flavor-fixed tags="cli"}
What does a flavor fix about a server?

The vCPUs, the RAM and the disks — never the image.
:::

:::changed
Older guides use \`nova flavor-create\`.
:::

### Flavor access
`;

  it("reads the front matter, keeps the body as Markdown, and builds the table of contents", () => {
    const parsed = parse("notes/compute/nova-flavors.md", note);
    expect(parsed.diagnostics).toEqual([]);
    const [record] = parsed.notes;
    expect(record).toMatchObject({ id: "nova-flavors", title: "Flavors", topic: "compute", order: 20, prerequisites: ["nova-architecture"] });
    expect(record?.body.startsWith("A **flavor** is the hardware template")).toBe(true);
    expect(record?.body).toContain("admin:member at 10:30am");
    expect(record?.toc).toEqual([
      { depth: 2, text: "Creating a flavor", id: "creating-a-flavor" },
      { depth: 3, text: "Flavor access", id: "flavor-access" },
    ]);
  });

  it("turns an embedded card into a card of the note's topic, front and back apart", () => {
    const parsed = parse("notes/compute/nova-flavors.md", note);
    expect(parsed.cards).toHaveLength(1);
    expect(parsed.cards[0]).toMatchObject({
      id: "card-flavor-fixed",
      topic: "compute",
      tags: ["cli"],
      front: "What does a flavor fix about a server?",
      back: "The vCPUs, the RAM and the disks — never the image.",
      owner: { kind: "note", noteId: "nova-flavors" },
    });
  });

  it("collects links and prerequisites for the cross-file check", () => {
    const parsed = parse("notes/compute/nova-flavors.md", note);
    expect(parsed.noteReferences.map((ref) => [ref.via, ref.target])).toEqual([
      ["link", "nova-servers"],
      ["prerequisite", "nova-architecture"],
    ]);
  });

  it("points an unknown front-matter key at its own line", () => {
    const parsed = parse("notes/compute/x.md", note.replace("order: 20\n", "order: 20\nauthor: Ana\n"));
    expect(parsed.diagnostics).toEqual([
      expect.objectContaining({ line: 6, column: 1, ruleId: "content/front-matter-unknown-key", message: expect.stringContaining("`author`") }),
    ]);
  });

  it("reports a missing required key at the opening fence, saying what to add", () => {
    const parsed = parse("notes/compute/x.md", note.replace("summary: What a flavor fixes about a server.\n", ""));
    expect(parsed.diagnostics).toEqual([
      expect.objectContaining({ line: 1, ruleId: "content/front-matter-invalid", message: "Expected front-matter key `summary`; add `summary: …`" }),
    ]);
  });

  it("rejects raw HTML, which would never reach a learner", () => {
    const parsed = parse("notes/compute/x.md", `${note}\n<script>alert(1)</script>\n`);
    expect(parsed.diagnostics.map((d) => d.ruleId)).toEqual(["content/unexpected-block"]);
    expect(parsed.diagnostics[0]?.message).toMatch(/^Unexpected raw HTML `<script>/);
  });

  it("rejects blocks a note does not know", () => {
    const parsed = parse("notes/compute/x.md", `${note}\n:::warning\nCareful.\n:::\n`);
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ ruleId: "content/unknown-directive", message: expect.stringContaining("`:::warning`") })]);
  });
});

describe("question banks", () => {
  it("parses a single-choice question with feedback, bank tags and a difficulty default", () => {
    const parsed = parse(
      "questions/compute/flavors.md",
      bank(
        `::::question{#q-flavor-list kind=single notes="nova-flavors" tags="cli"}
Which command lists the flavors?

- [ ] \`openstack server list\`
  > That lists servers.
- [x] \`openstack flavor list\`
- [ ] \`openstack image list\`

:::explanation
\`openstack flavor list\` shows them.
:::
::::`,
        "topic: compute\ntags: [flavors]\ndifficulty: medium",
      ),
    );
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.questions[0]).toMatchObject({
      id: "q-flavor-list",
      kind: "single",
      topic: "compute",
      difficulty: "medium",
      tags: ["flavors", "cli"],
      noteIds: ["nova-flavors"],
      stem: "Which command lists the flavors?",
      explanation: "`openstack flavor list` shows them.",
      options: [
        { key: "a", text: "`openstack server list`", correct: false, feedback: "That lists servers." },
        { key: "b", text: "`openstack flavor list`", correct: true },
        { key: "c", text: "`openstack image list`", correct: false },
      ],
    });
  });

  it("parses multiple choice, true/false, short answer and ordering", () => {
    const parsed = parse(
      "questions/compute/kinds.md",
      bank(`::::question{#q-multi kind=multiple difficulty=hard topic=virtualization notes="n"}
Which are disk formats? Select all that apply.

- [x] qcow2
- [x] raw
- [ ] bare

:::explanation
\`bare\` is a container format.
:::
::::

::::question{#q-tf kind=truefalse difficulty=easy answer=false notes="n"}
A flavor fixes the image.

:::explanation
It does not.
:::
::::

::::question{#q-short kind=short difficulty=easy notes="n"}
Type the command that lists flavors with every column.

\`\`\`console
$ openstack flavor ...
\`\`\`

:::answers{case=sensitive whitespace=exact}
- \`openstack flavor list --long\`
- \`/openstack\\s+flavor\\s+list\\s+--long(\\s+--all)?/\`
:::

:::explanation
\`--long\`.
:::
::::

::::question{#q-order kind=ordering difficulty=medium notes="n"}
Put the boot steps in order.

1. The scheduler picks a host
2. The compute service asks libvirt to start the guest
3. The guest boots

:::explanation
Scheduling comes first.
:::
::::`),
    );
    expect(parsed.diagnostics).toEqual([]);
    const [multi, tf, short, order] = parsed.questions;
    expect(multi).toMatchObject({ kind: "multiple", topic: "virtualization", options: [{ correct: true }, { correct: true }, { correct: false }] });
    expect(tf).toMatchObject({ kind: "truefalse", answer: false, stem: "A flavor fixes the image." });
    expect(short).toMatchObject({
      kind: "short",
      caseSensitive: true,
      whitespace: "exact",
      answers: [
        { value: "openstack flavor list --long", regex: false },
        { value: "openstack\\s+flavor\\s+list\\s+--long(\\s+--all)?", regex: true },
      ],
    });
    expect(short?.stem).toContain("```console");
    expect(order).toMatchObject({
      kind: "ordering",
      items: ["The scheduler picks a host", "The compute service asks libvirt to start the guest", "The guest boots"],
    });
  });

  it("reports a three-colon question around a three-colon explanation as a stray fence", () => {
    const parsed = parse(
      "questions/compute/x.md",
      bank(`:::question{#q-x kind=truefalse difficulty=easy answer=true notes="n"}
Flavors can be private.

:::explanation
They can.
:::
:::`),
    );
    expect(parsed.diagnostics.map((d) => [d.line, d.ruleId])).toEqual([[12, "content/stray-fence"]]);
  });

  it("keeps prose such as admin:member intact instead of reading it as a directive", () => {
    const parsed = parse(
      "questions/compute/x.md",
      bank(`::::question{#q-x kind=truefalse difficulty=easy answer=true notes="n"}
The role assignment admin:member grants member in project admin.

:::explanation
It reads \`role:project\`.
:::
::::`),
    );
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.questions[0]?.stem).toMatch(/admin\\?:member grants/);
  });

  it("reports a paragraph after the options instead of silently dropping it", () => {
    const parsed = parse(
      "questions/compute/x.md",
      bank(`::::question{#q-x kind=single difficulty=easy notes="n"}
Pick one.

- [x] a
- [ ] b
- [ ] c

Hint: think about it.

:::explanation
Because.
:::
::::`),
    );
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ line: 13, ruleId: "content/unexpected-block", message: expect.stringMatching(/^Unexpected paragraph after the options/) })]);
  });

  it("hashes what a question says, not where it sits in its file", () => {
    const question = `::::question{#q-x kind=truefalse difficulty=easy answer=true notes="n"}
Flavors can be private.

:::explanation
They can.
:::
::::`;
    const first = parse("questions/compute/x.md", bank(question)).questions[0];
    const moved = parse("questions/compute/y.md", bank(`# Heading\n\nSome author notes.\n\n${question}`)).questions[0];
    const edited = parse("questions/compute/x.md", bank(question.replace("can be private", "can be made private"))).questions[0];
    expect(moved?.hash).toBe(first?.hash);
    expect(moved?.source.line).not.toBe(first?.source.line);
    expect(edited?.hash).not.toBe(first?.hash);
  });
});

describe("decks and blueprints", () => {
  it("parses a deck and its cards", () => {
    const parsed = parse(
      "flashcards/networking/basics.md",
      `---
id: deck-neutron-basics
title: Neutron basics
topic: networking
description: The agents.
---

:::card{#card-l3}
Which agent routes between tenant networks?

The **L3 agent**, in a \`qrouter-…\` namespace.
:::
`,
    );
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.decks[0]).toMatchObject({ id: "deck-neutron-basics", cardIds: ["card-l3"], description: "The agents." });
    expect(parsed.cards[0]).toMatchObject({ owner: { kind: "deck", deckId: "deck-neutron-basics" }, topic: "networking" });
  });

  const blueprint = `---
id: quick-check
title: Quick check
duration: 20
passMark: 70
sections:
  - id: compute
    title: Compute
    weight: 50
    draw:
      - { count: 1, topic: compute, difficulty: easy }
  - id: networking
    title: Networking
    weight: 50
    draw:
      - { count: 1, topic: networking, tags: [security-groups] }
---

Two questions.
`;

  it("parses a blueprint, defaulting shuffle to true and a single difficulty to a list", () => {
    const parsed = parse("blueprints/quick-check.md", blueprint);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.blueprints[0]).toMatchObject({
      id: "quick-check",
      durationMinutes: 20,
      passMark: 70,
      shuffle: true,
      intro: "Two questions.",
      sections: [
        { id: "compute", weight: 50, draw: [{ count: 1, topic: "compute", difficulty: ["easy"] }] },
        { id: "networking", weight: 50, draw: [{ count: 1, topic: "networking", tags: ["security-groups"] }] },
      ],
    });
  });

  it("points a nested front-matter mistake at the nested key's line", () => {
    const parsed = parse("blueprints/quick-check.md", blueprint.replace("weight: 50\n    draw:\n      - { count: 1, topic: networking", "weight: lots\n    draw:\n      - { count: 1, topic: networking"));
    expect(parsed.diagnostics).toEqual([
      expect.objectContaining({ line: 14, column: 5, message: "Expected `sections[1].weight` to be a number, not `lots`" }),
    ]);
  });

  it("checks across files that a blueprint's rules can be filled", () => {
    const files: ContentFile[] = [
      { path: "blueprints/quick-check.md", text: blueprint },
      {
        path: "notes/compute/n.md",
        text: "---\nid: n\ntitle: N\ntopic: compute\norder: 1\nsummary: S.\n---\n\nBody.\n",
      },
      {
        path: "questions/compute/q.md",
        text: bank(`::::question{#q-1 kind=truefalse difficulty=easy answer=true notes="n"}\nTrue.\n\n:::explanation\nYes.\n:::\n::::`, "topic: compute"),
      },
    ];
    const content = parseContent(files);
    expect(content.diagnostics.map((d) => [d.file, d.line, d.ruleId])).toEqual([["blueprints/quick-check.md", 16, "content/blueprint-not-enough-questions"]]);
  });
});
