// Command throughput of the simulated cloud, beside the cost of a JSON deep clone of the same state (what a
// naive draft-per-command would pay). Run: npx tsx bench/cloud.ts
import { performance } from "node:perf_hooks";
import { createSession } from "../lib/cloud";
import { createRandom } from "../lib/cloud/random";

const SCRIPT_LENGTH = 10_000;
const REPLAY_LENGTH = 1_000;

function mixedScript(n: number): string[] {
  const rnd = createRandom(7);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 40;
    const p = `p${i}`;
    const pick = rnd.int(10);
    if (pick < 2) lines.push(`openstack project create ${p}`, `openstack project delete ${p}`);
    else if (pick < 3) lines.push(`openstack user create --password x u${k} --or-show -f value -c id`);
    else if (pick < 4) lines.push(`openstack role add --user admin --project demo member`);
    else if (pick < 5) lines.push("openstack project list");
    else if (pick < 6) lines.push("openstack role assignment list --names --project demo");
    else if (pick < 7) lines.push("openstack project show demo -f json");
    else if (pick < 8) lines.push("ID=$(openstack project show demo -f value -c id); echo $ID");
    else if (pick < 9) lines.push("openstack catalog list");
    else lines.push("openstack project show nosuch");
  }
  return lines.slice(0, n);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const script = mixedScript(SCRIPT_LENGTH);
const session = createSession({ seed: 1 });
for (const l of script.slice(0, 200)) session.run(l); // warm-up
const times: number[] = [];
// CPU time per command as well: on a shared 2-core machine, wall-clock p99 mostly measures preemption.
const cpuTimes: number[] = [];
const cloneTimes: number[] = [];
const t0 = performance.now();
for (const line of script) {
  const a = performance.now();
  const c = process.cpuUsage();
  session.run(line);
  const used = process.cpuUsage(c);
  times.push(performance.now() - a);
  cpuTimes.push((used.user + used.system) / 1000);
}
const total = performance.now() - t0;
for (let i = 0; i < 1_000; i++) {
  const a = performance.now();
  JSON.parse(JSON.stringify(session.state));
  cloneTimes.push(performance.now() - a);
}
times.sort((x, y) => x - y);
cpuTimes.sort((x, y) => x - y);
cloneTimes.sort((x, y) => x - y);

const replay = mixedScript(REPLAY_LENGTH);
const r0 = performance.now();
const replayed = createSession({ seed: 1 });
for (const l of replay) replayed.run(l);
const replayMs = performance.now() - r0;

const rows: [string, string][] = [
  ["commands", String(SCRIPT_LENGTH)],
  ["commands/s", (SCRIPT_LENGTH / (total / 1000)).toFixed(0)],
  ["p50 per command (ms)", percentile(times, 50).toFixed(3)],
  ["p99 per command (ms)", percentile(times, 99).toFixed(3)],
  ["p99 CPU time per command (ms)", percentile(cpuTimes, 99).toFixed(3)],
  ["replay 1,000-command log (ms)", replayMs.toFixed(1)],
  ["baseline: JSON clone of state p50 (ms)", percentile(cloneTimes, 50).toFixed(3)],
  ["baseline: JSON clone of state p99 (ms)", percentile(cloneTimes, 99).toFixed(3)],
  ["state size (JSON bytes)", String(JSON.stringify(session.state).length)],
];
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`| ${"measure".padEnd(w)} | value |`);
console.log(`| ${"-".repeat(w)} | ----- |`);
for (const [k, v] of rows) console.log(`| ${k.padEnd(w)} | ${v} |`);
