/**
 * Faults in the middle of an attempt: the throwaway Postgres is restarted, then the app server. The page must
 * say the connection is lost, keep the answers given meanwhile, and send them once things are back — and the
 * attempt must end with every acknowledged answer and every pending one, its deadline unchanged.
 *
 * It needs a cluster it may restart: `.ci/run` exports EXAMSTACK_PG_CTL and EXAMSTACK_PG_DATA beside
 * DATABASE_URL for its throwaway Postgres. Against PGlite, or a server the test does not own, it does not run.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts } from "@/db/seed/demo";
import { setUpDatabase } from "@/scripts/set-up-database";
import { launchBrowser, screenshot } from "./support/browser";

const pgCtl = process.env.EXAMSTACK_PG_CTL;
const pgData = process.env.EXAMSTACK_PG_DATA;
const serverUrl = process.env.DATABASE_URL;
const canRestartPostgres = !!(pgCtl && pgData && serverUrl);

const learner = demoAccounts.find((account) => account.role === "learner")!;
const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");

/** pg_ctl refuses to run as root; CI runs it as the postgres user, as .ci/run does. */
function pgControl(...args: string[]): void {
  const command = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--", pgCtl!, ...args] : [pgCtl!, ...args];
  execFileSync(command[0]!, command.slice(1), { stdio: "ignore" });
}

describe.runIf(canRestartPostgres)("an exam attempt across a database and a server restart", () => {
  let browser: Browser;
  let app: ChildProcess | undefined;
  let admin: ReturnType<typeof postgres>;
  let sql: ReturnType<typeof postgres>;
  let databaseName: string;
  let databaseUrl: string;
  const port = 3900 + Math.floor(Math.random() * 90);
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = { ...(process.env as Record<string, string>), PORT: String(port), AUTH_SECRET: randomBytes(32).toString("base64url"), NEXT_TELEMETRY_DISABLED: "1" };

  async function startApp(): Promise<void> {
    app = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], { env: env as NodeJS.ProcessEnv, stdio: "ignore" });
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${baseUrl}/api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error("the app did not come back within a minute");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function stopApp(): Promise<void> {
    if (!app || app.exitCode !== null) return;
    const exited = new Promise((resolve) => app!.once("exit", resolve));
    app.kill("SIGTERM");
    await exited;
  }

  beforeAll(async () => {
    databaseName = `examstack_fault_${randomBytes(5).toString("hex")}`;
    admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${databaseName}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
    env.DATABASE_URL = databaseUrl;
    const ready = await setUpDatabase({ url: databaseUrl, contentDir: path.join(process.cwd(), "content"), demoAccounts: true, log: () => {} });
    if (!ready) throw new Error("the bundled content has errors");
    [browser] = await Promise.all([launchBrowser(), startApp()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stopApp();
    await sql?.end({ timeout: 5 });
    await admin?.unsafe(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin?.end({ timeout: 5 });
  });

  const section = (page: Page) => page.getByRole("region", { name: /^Question \d+ of \d+$/ });

  async function answerCurrent(page: Page): Promise<void> {
    const question = section(page);
    const choices = question.locator('input[type="checkbox"][value]');
    if (await question.getByRole("radio").count()) await question.getByRole("radio").first().check();
    else if (await choices.count()) await choices.first().check();
    else if (await question.getByLabel(/^Your (answer|command)$/).count()) await question.getByLabel(/^Your (answer|command)$/).fill("openstack server list");
    else await question.getByRole("button", { name: "Keep this order as my answer" }).click();
  }

  it("keeps every answer and the deadline through both restarts", { timeout: 240_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in?callbackUrl=%2Fexams%2Fstart%2Fquick-check`);
    await page.getByLabel("Email").fill(learner.email);
    await page.getByLabel("Password").fill(learner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Start the exam now" }).click();
    await page.waitForURL(/\/exams\/attempts\/[0-9a-f-]{36}$/);
    const attemptId = page.url().split("/").at(-1)!;
    sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const [before] = await sql<{ deadline_at: Date }[]>`select deadline_at from exam_attempts where id = ${attemptId}`;

    // Two answers acknowledged by the server.
    for (let index = 0; index < 2; index += 1) {
      await answerCurrent(page);
      await section(page).getByTestId("save-state").filter({ hasText: /^Saved$/ }).waitFor();
      await page.getByRole("button", { name: "Next →" }).click();
    }

    // Postgres goes down: the page says so and keeps the answer.
    await sql.end({ timeout: 1 });
    pgControl("-D", pgData!, "-m", "fast", "-w", "stop");
    await answerCurrent(page);
    await page.getByTestId("connection").filter({ hasText: "Connection lost" }).waitFor({ timeout: 20_000 });
    await screenshot(page, "exams-fault-database-down");
    await page.getByRole("button", { name: "Next →" }).click();
    // `restart` with the server down starts it with the options it last ran with (postmaster.opts).
    pgControl("-D", pgData!, "-m", "fast", "-w", "restart");

    // Then the app server goes down and comes back; an answer given while it is away waits in the browser.
    await stopApp();
    await answerCurrent(page);
    await page.getByTestId("connection").filter({ hasText: "Connection lost" }).waitFor({ timeout: 20_000 });
    await screenshot(page, "exams-fault-server-down");
    await startApp();
    await page.getByTestId("connection").filter({ hasText: "All answers saved" }).waitFor({ timeout: 30_000 });

    sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const answers = await sql<{ position: number }[]>`select position from exam_answers where attempt_id = ${attemptId} and response is not null order by position`;
    expect(answers.map((answer) => answer.position)).toHaveLength(4);
    const [after] = await sql<{ deadline_at: Date; status: string }[]>`select deadline_at, status from exam_attempts where id = ${attemptId}`;
    expect(after?.status).toBe("open");
    expect(after?.deadline_at.toISOString()).toBe(before?.deadline_at.toISOString());

    await page.reload();
    await section(page).waitFor();
    await expect(page.getByRole("navigation", { name: "Question palette" }).getByRole("button", { name: /, answered/ }).count()).resolves.toBe(4);
    await context.close();
  });
});
