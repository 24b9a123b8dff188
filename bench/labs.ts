// bench/labs — grades every bundled lab 1,000 times (the reference solution's end state against its checks)
// and prints grades per second beside the baseline of the same run: replaying the same command logs from the
// lab's start without grading. Target: grading under 5 ms per lab.
import path from "node:path";
import { grade } from "../lib/checker";
import { loadContent } from "../lib/content/load";
import { openSession, startLab } from "../lib/labs/runtime";

const ROUNDS = 1000;
const REPLAY_ROUNDS = 20;
const content = await loadContent(path.join(process.cwd(), "content"));
const labs = content.labs.filter((lab) => !lab.draft);
const ends = labs.map((lab) => {
  const start = startLab(lab);
  if (!start.ok) throw new Error(`${lab.id}: setup failed`);
  const session = openSession(start.value);
  for (const command of lab.solution) session.run(command);
  return { lab, start: start.value, state: session.state };
});

let t = performance.now();
let checked = 0;
for (let i = 0; i < ROUNDS; i++) for (const { lab, state } of ends) checked += grade(state, lab.checks).score;
const gradeMs = performance.now() - t;
const grades = ROUNDS * ends.length;

t = performance.now();
for (let i = 0; i < REPLAY_ROUNDS; i++) {
  for (const { lab, start } of ends) {
    const session = openSession(start);
    for (const command of lab.solution) session.run(command);
  }
}
const replayMs = performance.now() - t;
const replays = REPLAY_ROUNDS * ends.length;

console.log(`labs: ${ends.length} (${checked > 0 ? "graded" : "nothing graded"})`);
console.log(`grading:   ${Math.round(grades / (gradeMs / 1000)).toLocaleString("en")} grades/s  (${(gradeMs / grades).toFixed(3)} ms per lab; target < 5 ms)`);
console.log(`baseline:  ${Math.round(replays / (replayMs / 1000)).toLocaleString("en")} command-log replays/s  (${(replayMs / replays).toFixed(3)} ms per lab, no grading)`);
if (gradeMs / grades >= 5) process.exitCode = 1;
