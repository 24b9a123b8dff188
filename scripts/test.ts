// npm test — every test: types, unit and integration tests, then a production build and the end-to-end tests
// in Chromium against it. Runs against DATABASE_URL's Postgres when set, else the embedded PGlite.
// Ends with one line "tests: N passed, N failed" and a non-zero exit on any failure or on zero tests.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
const reports = path.join(root, ".artifacts", "test-reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const engine = process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite";

function run(title: string, command: string, args: string[]): boolean {
  console.log(`\n━━ ${title}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  return result.status === 0;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

function counts(file: string): VitestReport {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as VitestReport;
  } catch {
    return { numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0 };
  }
}

const failures: string[] = [];
if (!run("Types (tsc --noEmit)", bin("tsc"), ["--noEmit", "-p", "."])) failures.push("types");

const vitest = (projects: string[], report: string) => [
  "run",
  ...projects.flatMap((project) => ["--project", project]),
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
];
const fastReport = path.join(reports, "unit-integration.json");
if (!run(`Unit and integration tests (database: ${engine})`, bin("vitest"), vitest(["unit", "integration"], fastReport))) {
  failures.push("unit/integration");
}

const e2eReport = path.join(reports, "e2e.json");
if (run("Production build for the end-to-end tests", bin("next"), ["build"])) {
  if (!run(`End-to-end tests in Chromium (database: ${engine})`, bin("vitest"), vitest(["e2e"], e2eReport))) failures.push("e2e");
} else {
  failures.push("build");
}

const all = [counts(fastReport), counts(e2eReport)];
const passed = all.reduce((sum, report) => sum + report.numPassedTests, 0);
const failed = all.reduce((sum, report) => sum + report.numFailedTests, 0);
const skipped = all.reduce((sum, report) => sum + report.numPendingTests + report.numTodoTests, 0);
console.log(`\nFailed steps: ${failures.length ? failures.join(", ") : "none"}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (failures.length > 0 || failed > 0 || passed === 0) process.exit(1);
