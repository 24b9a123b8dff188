// npx tsx bench/content-import.ts [questions]  — imports a generated bank (10,000 questions by default) into an
// embedded database and prints questions per second beside the time the parse alone takes, in the same run, so
// the two numbers share one machine and one load.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb } from "../db/client";
import { migrate } from "../db/migrate";
import { importContent } from "../lib/content/import";
import { loadContent } from "../lib/content/load";

const QUESTIONS = Number(process.argv[2] ?? 10_000);
const QUESTIONS_PER_FILE = 100;
const kinds = ["single", "multiple", "truefalse", "short", "ordering"] as const;
const difficulties = ["easy", "medium", "hard"] as const;

function question(n: number): string {
  const kind = kinds[n % kinds.length];
  const difficulty = difficulties[n % difficulties.length];
  const head = `::::question{#q-bench-${n} kind=${kind} difficulty=${difficulty} notes="bench-note" tags="t${n % 7}"}`;
  const stem = `Question ${n}: which command shows server \`vm-${n}\` with its **flavor**?`;
  const explanation = `:::explanation\nThe answer to question ${n} is \`openstack server show vm-${n}\`.\n:::`;
  switch (kind) {
    case "single":
    case "multiple":
      return `${head}\n${stem}\n\n- [x] \`openstack server show vm-${n}\`\n- [${kind === "multiple" ? "x" : " "}] \`openstack server show --diagnostics vm-${n}\`\n  > Diagnostics print counters, not the flavor.\n- [ ] \`openstack flavor list\`\n\n${explanation}\n::::`;
    case "truefalse":
      return `${head.replace("}", " answer=true}")}\n${stem}\n\n${explanation}\n::::`;
    case "short":
      return `${head}\n${stem}\n\n:::answers\n- \`openstack server show vm-${n}\`\n- \`/openstack\\s+server\\s+show\\s+vm-${n}(\\s+-f\\s+\\w+)?/\`\n:::\n\n${explanation}\n::::`;
    default:
      return `${head}\n${stem}\n\n1. Find the server\n2. Show it\n3. Read the flavor field\n\n${explanation}\n::::`;
  }
}

async function generate(dir: string): Promise<void> {
  await mkdir(path.join(dir, "notes/compute"), { recursive: true });
  await mkdir(path.join(dir, "questions/compute"), { recursive: true });
  await writeFile(
    path.join(dir, "notes/compute/bench-note.md"),
    "---\nid: bench-note\ntitle: Bench\ntopic: compute\norder: 1\nsummary: The note every generated question links to.\n---\n\nServers and flavors.\n",
  );
  for (let file = 0; file * QUESTIONS_PER_FILE < QUESTIONS; file++) {
    const body: string[] = [];
    for (let n = file * QUESTIONS_PER_FILE; n < Math.min(QUESTIONS, (file + 1) * QUESTIONS_PER_FILE); n++) body.push(question(n));
    await writeFile(path.join(dir, `questions/compute/bank-${String(file).padStart(4, "0")}.md`), `---\ntopic: compute\n---\n\n${body.join("\n\n")}\n`);
  }
}

const dir = await mkdtemp(path.join(tmpdir(), "examstack-bench-"));
const handle = await createDb({ dataDir: "memory://" });
try {
  await generate(dir);
  await migrate(handle);

  const parseStart = performance.now();
  const parsed = await loadContent(dir);
  const parseMs = performance.now() - parseStart;
  if (parsed.diagnostics.length > 0) throw new Error(`generated bank has diagnostics, e.g. ${parsed.diagnostics[0]?.message}`);

  const importStart = performance.now();
  const result = await importContent(handle.db, dir);
  const importMs = performance.now() - importStart;
  if (!result.ok) throw new Error("import rejected the generated bank");

  const againStart = performance.now();
  const again = await importContent(handle.db, dir);
  const againMs = performance.now() - againStart;
  if (!again.ok || again.value.wrote) throw new Error("re-import of unchanged content wrote something");

  const perSecond = (ms: number) => Math.round(parsed.questions.length / (ms / 1000));
  console.log(`content import, ${parsed.questions.length} questions in ${Math.ceil(QUESTIONS / QUESTIONS_PER_FILE)} files, PGlite in memory`);
  console.log(`  parse alone          ${parseMs.toFixed(0).padStart(7)} ms  ${String(perSecond(parseMs)).padStart(7)} questions/s`);
  console.log(`  full import          ${importMs.toFixed(0).padStart(7)} ms  ${String(perSecond(importMs)).padStart(7)} questions/s  (parse ${result.value.parseMs.toFixed(0)} ms, write ${result.value.writeMs.toFixed(0)} ms)`);
  console.log(`  unchanged re-import  ${againMs.toFixed(0).padStart(7)} ms  ${String(perSecond(againMs)).padStart(7)} questions/s  (nothing written)`);
} finally {
  await handle.close();
  await rm(dir, { recursive: true, force: true });
}
