// Answer saves under exam load: 200 simulated learners, each saving an answer every 2 seconds for 60 seconds,
// against the production build on a real Postgres, beside a baseline measured in the same run — a minimal Node
// HTTP handler doing the same single-row upsert with postgres.js (no session, no attempt checks). Afterwards it
// checks that every acknowledged answer is in the database. Run: DATABASE_URL=postgres://… npx tsx bench/exam.ts
//
// Two load shapes, each against both targets:
// - steady (the target's figure): every learner has their own keep-alive connection and saves every 2 s from a
//   random phase, as independent people do; open loop, timed from each save's scheduled moment, so a save that
//   waits behind a slow one counts its wait (no coordinated omission).
// - synchronized bursts (the worst case): autocannon's rate limiter releases every connection's request in the
//   same instant each second (it caps the connections at the overall rate: 100 connections × 1 save/s), so 100
//   saves arrive together and the last queues behind the other 99 — as if every learner clicked at once.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { encode } from "next-auth/jwt";
import postgres from "postgres";
import { createDb } from "../db/client";
import { seededRandom } from "../lib/random";
import { listExamAttemptItemsByAttempt } from "../db/queries/exams";
import { createAccount } from "../lib/auth/accounts";
import { systemClock } from "../lib/clock";
import { startExamAttempt } from "../lib/exam/service";
import { setUpDatabase } from "../scripts/set-up-database";

// The issue's load; EXAMSTACK_BENCH_LEARNERS / EXAMSTACK_BENCH_SECONDS shrink it for a quick look while developing.
const LEARNERS = Number(process.env.EXAMSTACK_BENCH_LEARNERS ?? 200);
const SAVE_EVERY_MS = 2_000;
const DURATION_S = Number(process.env.EXAMSTACK_BENCH_SECONDS ?? 60);
const TARGET_P95_MS = 50;
/** Session cookie of Auth.js over plain HTTP; also the salt of its JWT. */
const SESSION_COOKIE = "authjs.session-token";

const root = process.cwd();
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.log("bench/exam: skipped — it needs a real Postgres. Set DATABASE_URL=postgres://… (a server where it may create a database).");
  process.exit(0);
}

interface Learner {
  userId: string;
  attemptId: string;
  cookie: string;
  kinds: string[];
  seq: number;
}

function responseFor(kind: string, turn: number): unknown {
  switch (kind) {
    case "single":
      return { kind, choice: ["a", "b", "c"][turn % 3] };
    case "multiple":
      return { kind, choices: turn % 2 ? ["a", "b"] : ["c"] };
    case "truefalse":
      return { kind, value: turn % 2 === 0 };
    case "short":
    case "command":
      return { kind, text: `openstack server list --turn ${turn}` };
    default:
      return { kind: "ordering", order: turn % 2 ? [0, 1, 2] : [2, 1, 0] };
  }
}

/** Latencies measured per request (autocannon's own summary has p90 and p97.5 but no p95). */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface LoadOutcome {
  rps: number;
  p95: number;
  p99: number;
  p97_5: number;
  errors: number;
  non2xx: number;
  statuses: Map<number, number>;
  acked: Map<string, number>;
}

/** User plus system CPU time of a process in ms, from /proc (Linux); undefined elsewhere. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined;
  // Fields after the command name (which is in parentheses and may hold spaces): utime and stime are 14th and 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1_000) / 100;
}

/** The next save of one learner: the body, and the key its acknowledgement is checked under. */
function nextSave(learner: Learner): { position: number; body: string; key: string; seq: number } {
  learner.seq += 1;
  const position = learner.seq % learner.kinds.length;
  const body = { position, response: responseFor(learner.kinds[position]!, learner.seq), flagged: learner.seq % 5 === 0, seq: learner.seq };
  return { position, body: JSON.stringify(body), key: `${learner.attemptId}:${position}`, seq: learner.seq };
}

function savePath(learner: Learner, withCookie: boolean): string {
  return withCookie ? `/api/exams/attempts/${learner.attemptId}/answers` : `/save?attempt=${learner.attemptId}`;
}

/**
 * Steady load: one keep-alive connection per learner (its own agent, one socket, as one browser tab), a save every
 * two seconds from a seeded random phase. Latency runs from the moment the save was due, not from when the socket
 * was free, so queueing behind a slow save is measured.
 */
async function driveSteady(origin: string, learners: Learner[], withCookie: boolean): Promise<LoadOutcome> {
  const { hostname, port } = new URL(origin);
  const acked = new Map<string, number>();
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  const random = seededRandom(20_261_123);
  const agents: Agent[] = [];
  const saves: Promise<void>[] = [];
  const started = performance.now();
  const rounds = Math.floor((DURATION_S * 1_000) / SAVE_EVERY_MS);
  for (const learner of learners) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    const phase = random() * SAVE_EVERY_MS;
    for (let round = 0; round < rounds; round += 1) {
      const due = started + phase + round * SAVE_EVERY_MS;
      saves.push(
        new Promise<void>((resolve) => {
          setTimeout(() => {
            const save = nextSave(learner);
            const headers: Record<string, string> = { "content-type": "application/json", "content-length": String(Buffer.byteLength(save.body)) };
            if (withCookie) headers.cookie = `${SESSION_COOKIE}=${learner.cookie}`;
            const sent = httpRequest({ agent, hostname, port, method: "POST", path: savePath(learner, withCookie), headers }, (response) => {
              let text = "";
              response.setEncoding("utf8");
              response.on("data", (chunk: string) => (text += chunk));
              response.on("end", () => {
                latencies.push(performance.now() - due);
                const status = response.statusCode ?? 0;
                statuses.set(status, (statuses.get(status) ?? 0) + 1);
                if (status === 200) {
                  const ack = JSON.parse(text) as { seq?: number };
                  if (ack.seq === save.seq) acked.set(save.key, Math.max(acked.get(save.key) ?? 0, ack.seq));
                }
                resolve();
              });
            });
            sent.on("error", () => {
              errors += 1;
              resolve();
            });
            sent.end(save.body);
          }, Math.max(0, due - performance.now()));
        }),
      );
    }
  }
  await Promise.all(saves);
  const elapsedS = (performance.now() - started) / 1_000;
  for (const agent of agents) agent.destroy();
  latencies.sort((a, b) => a - b);
  const non2xx = [...statuses].filter(([status]) => status < 200 || status > 299).reduce((sum, [, count]) => sum + count, 0);
  return { rps: latencies.length / elapsedS, p95: percentile(latencies, 95), p97_5: percentile(latencies, 97.5), p99: percentile(latencies, 99), errors, non2xx, statuses, acked };
}

/** Synchronized bursts through autocannon (see the header): the worst case, printed beside the steady figure. */
async function driveBursts(url: string, learners: Learner[], withCookie: boolean): Promise<LoadOutcome> {
  const acked = new Map<string, number>();
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  type Context = { learner?: Learner; sentAt?: number; key?: string; seq?: number };
  const instance = autocannon({
    url,
    connections: LEARNERS,
    // autocannon's per-connection rate is a whole number of requests per second, so the learners' combined rate
    // (one save per learner per two seconds) is set overall, spread over one connection per learner.
    overallRate: (LEARNERS * 1_000) / SAVE_EVERY_MS,
    duration: DURATION_S,
    requests: [
      {
        method: "POST",
        setupRequest: (request: Record<string, unknown>, context: Context) => {
          const learner = (context.learner ??= learners[next++ % learners.length]!);
          const save = nextSave(learner);
          context.sentAt = performance.now();
          context.key = save.key;
          context.seq = save.seq;
          return {
            ...request,
            path: savePath(learner, withCookie),
            headers: { "content-type": "application/json", ...(withCookie ? { cookie: `${SESSION_COOKIE}=${learner.cookie}` } : {}) },
            body: save.body,
          };
        },
        onResponse: (status: number, body: string, context: Context) => {
          if (context.sentAt !== undefined) latencies.push(performance.now() - context.sentAt);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status !== 200 || !context.key || context.seq === undefined) return;
          const ack = JSON.parse(body) as { seq?: number };
          if (ack.seq === context.seq) acked.set(context.key, Math.max(acked.get(context.key) ?? 0, ack.seq));
        },
      },
    ],
  } as never);
  const result = (await instance) as unknown as autocannon.Result;
  latencies.sort((a, b) => a - b);
  return {
    rps: result.requests.average,
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    p97_5: percentile(latencies, 97.5),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statuses,
    acked,
  };
}

async function main() {
  const name = `examstack_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl!);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  let app: ChildProcess | undefined;
  let baseline: Server | undefined;
  const sql = postgres(databaseUrl, { max: 10, onnotice: () => {} });
  try {
    console.log(`bench/exam: database ${name}; importing content and starting ${LEARNERS} attempts…`);
    // Only what an exam draws on: notes, questions, labs (the full mock draws hands-on tasks, so its blueprint
    // does not import without them) and blueprints. Flashcard decks are not part of this measurement.
    const contentDir = mkdtempSync(path.join(tmpdir(), "examstack-bench-content-"));
    for (const folder of ["notes", "questions", "labs", "blueprints"]) cpSync(path.join(root, "content", folder), path.join(contentDir, folder), { recursive: true });
    const ready = await setUpDatabase({ url: databaseUrl, contentDir, demoAccounts: false, log: () => {} });
    rmSync(contentDir, { recursive: true, force: true });
    if (!ready) throw new Error("the questions, notes or blueprints have errors; run npm run content:check");
    const handle = await createDb({ url: databaseUrl });
    const secret = randomBytes(32).toString("base64url");
    const learners: Learner[] = [];
    for (let index = 0; index < LEARNERS; index += 1) {
      const account = await createAccount(handle.db, { name: `Bench ${index}`, email: `bench${index}@example.com`, password: `bench-password-${index}` });
      if (!account.ok) throw new Error("account");
      const started = await startExamAttempt(handle.db, account.value.id, "quick-check", systemClock.now(), index + 1);
      if (!started.ok) throw new Error("start");
      const items = await listExamAttemptItemsByAttempt(handle.db, started.value.attemptId);
      const cookie = await encode({ token: { uid: account.value.id, sub: account.value.id, email: account.value.email, name: account.value.name }, secret, salt: SESSION_COOKIE });
      // Sequence numbers start at the current time, as the browser's do (server-clock milliseconds).
      learners.push({ userId: account.value.id, attemptId: started.value.attemptId, cookie, kinds: items.map(({ item }) => item.answerKind ?? "single"), seq: Date.now() });
    }
    await handle.close();

    // Baseline: the same single-row upsert, straight from a bare Node handler.
    baseline = createServer((request, response) => {
      let raw = "";
      request.on("data", (chunk) => (raw += chunk));
      request.on("end", async () => {
        try {
          const attemptId = new URL(request.url ?? "/", "http://x").searchParams.get("attempt");
          const body = JSON.parse(raw) as { position: number; response: unknown; flagged: boolean; seq: number };
          const [row] = await sql`
            insert into exam_answers (attempt_id, position, response, flagged, seq, saved_at)
            values (${attemptId}, ${body.position}, ${sql.json(body.response as never)}, ${body.flagged}, ${body.seq}, now())
            on conflict (attempt_id, position) do update set response = excluded.response, flagged = excluded.flagged, seq = excluded.seq, saved_at = excluded.saved_at
            where exam_answers.seq < excluded.seq
            returning seq`;
          response.writeHead(row ? 200 : 409, { "content-type": "application/json" }).end(JSON.stringify({ ok: !!row, seq: row ? Number(row.seq) : undefined }));
        } catch (error) {
          response.writeHead(500).end(String(error));
        }
      });
    });
    await new Promise<void>((resolve) => baseline!.listen(0, "127.0.0.1", resolve));
    const baselinePort = (baseline.address() as AddressInfo).port;
    console.log(`bench/exam: baseline (bare node:http + postgres.js upsert), steady then bursts, ${DURATION_S} s each…`);
    const baseSteady = await driveSteady(`http://127.0.0.1:${baselinePort}`, learners, false);
    const baseBursts = await driveBursts(`http://127.0.0.1:${baselinePort}`, learners, false);
    await new Promise<void>((resolve) => baseline!.close(() => resolve()));
    baseline = undefined;

    // The app: the production build, as `npm start` serves it.
    if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
      console.log("bench/exam: no production build found; running next build…");
      const built = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { stdio: "inherit" });
      if (built.status !== 0) throw new Error("next build failed");
    }
    const port = 4100 + Math.floor(Math.random() * 500);
    // EXAMSTACK_BENCH_APP_NODE_ARGS profiles the app alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const nodeArgs = (process.env.EXAMSTACK_BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
    app = spawn(process.execPath, [...nodeArgs, path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: secret, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const appUrl = `http://127.0.0.1:${port}`;
    for (let tries = 0; ; tries += 1) {
      try {
        if ((await fetch(`${appUrl}/api/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (tries > 240) throw new Error("the app did not start");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Warm the route (first requests compile nothing in production, but open the pool and load modules).
    for (const learner of learners.slice(0, 5)) {
      await fetch(`${appUrl}/api/exams/attempts/${learner.attemptId}/answers`, { headers: { cookie: `${SESSION_COOKIE}=${learner.cookie}` } });
    }
    console.log(`bench/exam: app (next start, POST /api/exams/attempts/:id/answers), steady then bursts, ${DURATION_S} s each…`);
    const cpuBefore = processCpuMs(app.pid);
    const appSteady = await driveSteady(appUrl, learners, true);
    const cpuSteady = processCpuMs(app.pid);
    const appBursts = await driveBursts(appUrl, learners, true);
    const acked = new Map(appSteady.acked);
    for (const [key, seq] of appBursts.acked) acked.set(key, Math.max(acked.get(key) ?? 0, seq));

    // Every acknowledged answer must be in the database, or a newer one in its place.
    const stored = await sql<{ attempt_id: string; position: number; seq: string }[]>`
      select attempt_id, position, seq from exam_answers where attempt_id = any(${learners.map((learner) => learner.attemptId)}::uuid[])`;
    const storedSeq = new Map(stored.map((row) => [`${row.attempt_id}:${row.position}`, Number(row.seq)]));
    let lost = 0;
    for (const [key, seq] of acked) if ((storedSeq.get(key) ?? 0) < seq) lost += 1;

    const row = (label: string, outcome: LoadOutcome) =>
      `  ${label.padEnd(34)} ${outcome.rps.toFixed(1).padStart(7)} req/s   p95 ${outcome.p95.toFixed(1).padStart(6)} ms   p97.5 ${outcome.p97_5.toFixed(1).padStart(6)} ms   p99 ${outcome.p99.toFixed(1).padStart(6)} ms   errors ${outcome.errors}   statuses ${[...outcome.statuses].map(([status, count]) => `${status}×${count}`).join(" ")}`;
    console.log(`\nAnswer saves, ${LEARNERS} learners × one save per ${SAVE_EVERY_MS / 1000} s for ${DURATION_S} s (load average ${loadavg().map((load) => load.toFixed(1)).join(" ")}):`);
    console.log(" steady (independent learners, open loop):");
    console.log(row("baseline: node:http + upsert", baseSteady));
    console.log(row("app: next start + guard + upsert", appSteady));
    if (cpuBefore !== undefined && cpuSteady !== undefined) {
      // CPU time, unlike latency, hardly moves with the machine's load: the figure to compare between runs.
      console.log(`  app process CPU per save: ${((cpuSteady - cpuBefore) / [...appSteady.statuses.values()].reduce((a, b) => a + b, 0)).toFixed(2)} ms`);
    }
    console.log(" synchronized bursts (autocannon, 100 saves at once every second):");
    console.log(row("baseline: node:http + upsert", baseBursts));
    console.log(row("app: next start + guard + upsert", appBursts));
    console.log(`  acknowledged answers checked: ${acked.size} items, lost: ${lost}`);
    console.log(`  target p95 < ${TARGET_P95_MS} ms (steady): ${appSteady.p95 < TARGET_P95_MS ? "met" : "NOT met"}; zero lost answers: ${lost === 0 ? "met" : "NOT met"}`);
    if (lost > 0) process.exitCode = 1;
  } finally {
    app?.kill("SIGTERM");
    if (app) await new Promise((resolve) => app!.once("exit", resolve));
    baseline?.close();
    await sql.end({ timeout: 5 });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  }
}

await main();
