// npm run bench [name…] — runs every benchmark in bench/ (or the named ones), one process each, in turn.
// Each prints its own figure beside a baseline measured in the same run; this only runs them and says which failed.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const benchDir = path.join(process.cwd(), "bench");
const wanted = process.argv.slice(2);
const all = readdirSync(benchDir)
  .filter((file) => file.endsWith(".ts") && file !== "run.ts")
  .map((file) => file.replace(/\.ts$/, ""))
  .sort();
const selected = wanted.length ? all.filter((name) => wanted.includes(name)) : all;
if (selected.length === 0) {
  console.error(`No benchmark named ${wanted.join(", ")}; there are: ${all.join(", ")}`);
  process.exit(2);
}

const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
const failed: string[] = [];
for (const name of selected) {
  console.log(`\n━━ bench/${name}`);
  const result = spawnSync(tsx, [path.join(benchDir, `${name}.ts`)], { stdio: "inherit" });
  if (result.status !== 0) failed.push(name);
}
console.log(`\n${selected.length - failed.length} of ${selected.length} benchmarks ran${failed.length ? `; failed: ${failed.join(", ")}` : ""}.`);
process.exit(failed.length ? 1 : 0);
