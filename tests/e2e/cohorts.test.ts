import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts } from "@/db/seed/demo";
import { launchBrowser, screenshot, screenshotDir } from "./support/browser";
import { startTestServer, type TestServer } from "./support/server";
import path from "node:path";

const instructor = demoAccounts.find((account) => account.role === "instructor")!;
const learner = demoAccounts.find((account) => account.role === "learner")!;

/** `datetime-local` wants the browser's local wall-clock time; the server reads it in the same zone. */
function localInput(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

describe("instructors run a cohort in the browser", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(email: string, password: string, callback: string, options: { colorScheme?: "light" | "dark"; width?: number } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.colorScheme ?? "light" });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sign-in?callbackUrl=${encodeURIComponent(callback)}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.baseUrl}${callback}`);
    return page;
  }

  const section = (page: Page) => page.getByRole("region", { name: /^Question \d+ of \d+$/ });

  async function answerCurrent(page: Page): Promise<void> {
    const question = section(page);
    const choices = question.locator('input[type="checkbox"][value]');
    if (await question.getByRole("radio").count()) await question.getByRole("radio").first().check();
    else if (await choices.count()) await choices.first().check();
    else if (await question.getByLabel(/^Your (answer|command)$/).count()) await question.getByLabel(/^Your (answer|command)$/).fill("openstack server list");
    else await question.getByRole("button", { name: "Keep this order as my answer" }).click();
    await question.getByTestId("save-state").filter({ hasText: /^Saved$/ }).waitFor();
  }

  it("creates a cohort, a learner joins by code and takes the assigned exam once, and the instructor sees the result", { timeout: 180_000 }, async () => {
    // The instructor creates the cohort, a join code and an exam assignment with one attempt.
    const teacher = await signIn(instructor.email, instructor.password, "/teach/cohorts");
    await teacher.getByLabel("Name").fill("Spring cohort");
    await teacher.getByLabel("Description (optional)").fill("COA preparation, evening group");
    await teacher.getByRole("button", { name: "Create cohort" }).click();
    await teacher.waitForURL(/\/teach\/cohorts\/[0-9a-f-]{36}$/);
    const cohortUrl = teacher.url();
    await teacher.getByRole("heading", { name: "Spring cohort" }).waitFor();
    await teacher.getByText("No learners yet").waitFor();
    await teacher.getByRole("button", { name: "New code" }).click();
    await teacher.getByText(/^New join code [A-Z0-9-]+\.$/).waitFor();
    const code = (await teacher.getByTestId("join-code").first().textContent())?.trim() ?? "";
    expect(code).toMatch(/^[A-Z0-9-]{6,}$/);

    const now = new Date();
    const assign = teacher.locator("form").filter({ has: teacher.getByRole("button", { name: "Assign" }) });
    await assign.getByLabel("Title").fill("Week 1 quick check");
    await assign.getByLabel("Kind").selectOption("exam");
    await assign.getByLabel(/^Ids/).fill("quick-check");
    await assign.getByLabel("Opens").fill(localInput(new Date(now.getTime() - 60 * 60_000)));
    await assign.getByLabel("Closes").fill(localInput(new Date(now.getTime() + 24 * 60 * 60_000)));
    await assign.getByLabel(/^Attempts allowed/).fill("1");
    await assign.getByRole("button", { name: "Assign" }).click();
    await teacher.getByText("Assigned “Week 1 quick check”.").waitFor();
    await teacher.getByText(/taken by 0 of 0/).waitFor();

    // The learner joins with the code and sees the assignment.
    const student = await signIn(learner.email, learner.password, "/learn/join");
    await student.getByLabel("Join code").fill(code.toLowerCase());
    await student.getByRole("button", { name: "Join cohort" }).click();
    await student.getByText(/Spring cohort/).first().waitFor();
    await student.reload();
    await student.getByText("Week 1 quick check").waitFor();
    await screenshot(student, "cohorts-learner-assignments");
    await student.getByRole("link", { name: "Open quick-check" }).click();
    await student.waitForURL(/\/exams\/start\/quick-check\?assignment=/);
    const startUrl = student.url();
    await student.getByText(/attempt 1 of 1/).waitFor();
    await student.getByRole("button", { name: "Start the assigned exam" }).click();
    await student.waitForURL(/\/exams\/attempts\/[0-9a-f-]{36}$/);
    await section(student).waitFor();

    // While it runs, the attempt shows on the instructor's live monitor with its time left.
    await teacher.goto(`${server.baseUrl}/teach/cohorts/monitor`);
    await teacher.getByTestId("live-attempt").filter({ hasText: "Dana Learner" }).waitFor();
    await teacher.getByTestId("live-attempt").getByText(/^\d+ min \d+ s$/).waitFor();
    await screenshot(teacher, "cohorts-monitor");

    for (let index = 0; index < 12; index += 1) {
      await answerCurrent(student);
      if (index < 11) await student.getByRole("button", { name: "Next →" }).click();
    }
    await student.getByRole("button", { name: "Submit exam…" }).click();
    await student.getByRole("dialog", { name: "Submit your exam?" }).getByRole("button", { name: "Submit now" }).click();
    await student.waitForURL(/\/result$/);
    const resultUrl = student.url();
    const learnerScore = (await student.getByTestId("score").textContent()) ?? "";
    const percent = learnerScore.match(/(\d+(?:\.\d+)?)\s*%/)?.[1];
    expect(percent).toBeDefined();

    // The one allowed attempt is used: the assigned start now refuses, saying why.
    await student.goto(startUrl);
    await student.getByText("You have used all 1 attempt this assignment allows.").waitFor();
    await expect(student.getByRole("button", { name: "Start the assigned exam" }).count()).resolves.toBe(0);

    // The dashboard shows the learner with their exam score, the heat map and the progress chart.
    await teacher.goto(cohortUrl);
    const row = teacher.getByRole("row").filter({ hasText: "Dana Learner" });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(`${Math.round(Number(percent))} %`);
    await teacher.getByText(/taken by 1 of 1/).waitFor();
    const heatMap = teacher.getByRole("img", { name: "Topic mastery by learner" });
    await heatMap.waitFor();
    await teacher.getByRole("img", { name: "Learners active and mean exam score per week" }).waitFor();
    await screenshot(teacher, "cohorts-dashboard");
    await heatMap.screenshot({ path: path.join(screenshotDir, "cohorts-heat-map.png") });

    // Item statistics: every question of the attempt, with facility; one opened in detail.
    await teacher.getByRole("link", { name: "Item analysis" }).click();
    await teacher.waitForURL(/\/items$/);
    const questionLinks = teacher.locator('a[href*="/items/"]');
    await expect(questionLinks.count()).resolves.toBe(12);
    await screenshot(teacher, "cohorts-items");
    await questionLinks.first().click();
    await teacher.waitForURL(/\/items\/[^/]+$/);
    await teacher.getByText("Facility").waitFor();
    await teacher.getByRole("heading", { name: "Regrade this question" }).waitFor();
    await screenshot(teacher, "cohorts-item-detail");

    // Neutralizing the question rescores the attempt, shows the regrade in force, and can be undone; the cohort page
    // logs both changes.
    await teacher.getByRole("button", { name: "Neutralize" }).click();
    await teacher.getByText(/^Rescored 1 submitted attempt;/).waitFor();
    await teacher.getByText("In force:").waitFor();
    await screenshot(teacher, "cohorts-item-regraded");
    // The learner's review says what changed on that question.
    await student.goto(resultUrl.replace(/\/result$/, "/review"));
    await student.getByText(/^Regraded after the exam: Your instructor neutralized/).waitFor();
    await screenshot(student, "cohorts-learner-review-regraded");
    await teacher.getByRole("button", { name: "Restore the original key" }).click();
    await teacher.getByText("No regrade: this cohort is scored with the question's original key.").waitFor();
    await teacher.goto(cohortUrl);
    await teacher.getByText(/Ivo Instructor · neutralized question/).waitFor();
    await teacher.getByText(/Ivo Instructor · restored the original key of question/).waitFor();

    // The learner drill-down, and the dashboard in the dark theme at a phone's width.
    await row.getByRole("link", { name: "Dana Learner" }).click();
    await teacher.getByRole("heading", { name: "Dana Learner" }).waitFor();
    await teacher.getByLabel("Time multiplier").fill("1.5");
    await teacher.getByRole("button", { name: "Set multiplier" }).click();
    await teacher.getByText("Time multiplier 1.5× applies to exams started from now on.").waitFor();
    await screenshot(teacher, "cohorts-learner");
    const phone = await signIn(instructor.email, instructor.password, new URL(cohortUrl).pathname, { colorScheme: "dark", width: 390 });
    await phone.getByRole("img", { name: "Topic mastery by learner" }).waitFor();
    await screenshot(phone, "cohorts-dashboard-dark-phone");

    await Promise.all([teacher.context().close(), student.context().close(), phone.context().close()]);
  });
});
