import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertBlueprintsById } from "@/db/queries/content";
import { upsertExamAccommodationByUser } from "@/db/queries/exams";
import { demoAccounts } from "@/db/seed/demo";
import { createAccount } from "@/lib/auth/accounts";
import { loadContent } from "@/lib/content/load";
import { launchBrowser, screenshot } from "./support/browser";
import { startTestServer, type TestServer } from "./support/server";

const learner = demoAccounts.find((account) => account.role === "learner")!;
const sprinter = { name: "Sol Sprinter", email: "sprinter@example.com", password: "sprint-password-1" };

/** A one-minute exam, run at half time by a learner whose accommodation is 0.5: thirty seconds end to end. */
const SPRINT_MULTIPLIER = 0.5;
const SPRINT_WAIT_MS = 60_000;

/** Text an answer key or an explanation would bring along; none of it may reach the browser before submission. */
const keyMarkers = [/\\?"correct\\?"\s*:/, /\\?"explanation\\?"\s*:/, /\\?"feedback\\?"\s*:/, /correctOptionKeys/, /correctOrder/, /\\?"answers\\?"\s*:/];

/** The longest run of plain words in a piece of Markdown: it survives JSON and HTML escaping unchanged. */
function plainRun(markdown: string): string {
  const runs = markdown.split(/[^A-Za-z0-9 ,.]+/).map((run) => run.trim());
  return runs.sort((a, b) => b.length - a.length)[0] ?? "";
}

describe("mock exams in the browser", () => {
  let server: TestServer;
  let browser: Browser;
  let explanationRuns: string[];
  let shortAnswers: string[];

  beforeAll(async () => {
    const content = await loadContent(path.join(process.cwd(), "content"));
    // Only text that no learner-visible part of any question (stem, option, ordering item) contains: an accepted
    // answer quoted in another question's stem is not a leak.
    const visible = content.questions
      .map((question) => [question.stem, ...(question.kind === "single" || question.kind === "multiple" ? question.options.map((option) => option.text) : []), ...(question.kind === "ordering" ? question.items : [])].join("\n"))
      .join("\n");
    explanationRuns = content.questions.map((question) => plainRun(question.explanation)).filter((run) => run.length >= 40 && !visible.includes(run));
    shortAnswers = content.questions
      .flatMap((question) => (question.kind === "short" ? question.answers.filter((answer) => !answer.regex).map((answer) => answer.value) : question.kind === "command" ? question.answers : []))
      .filter((answer) => answer.length >= 8 && !visible.includes(answer));
    [server, browser] = await Promise.all([
      startTestServer({
        seed: async (db) => {
          const now = new Date();
          // The stored rule as the importer writes a `labs:` draw (the column's declared type predates labs).
          const labDraw = { kind: "lab" as const, count: 1, topic: "compute", difficulty: ["easy", "medium"] };
          await upsertBlueprintsById(
            db,
            [
              {
                id: "e2e-sprint",
                title: "Sprint check",
                durationMinutes: 1,
                passMark: 50,
                shuffle: false,
                sections: [{ id: "compute", title: "Compute", weight: 100, draw: [{ count: 3, topic: "compute", difficulty: ["easy"] }] }],
                intro: "Three questions against a very short clock.",
                sourceFile: "tests/e2e/exams.test.ts",
                contentHash: "e2e",
              },
              {
                id: "e2e-hands-on",
                title: "Hands-on check",
                durationMinutes: 30,
                passMark: 50,
                shuffle: false,
                sections: [
                  { id: "compute", title: "Compute", weight: 50, draw: [{ count: 1, topic: "compute", difficulty: ["easy"] }] },
                  { id: "compute-tasks", title: "Hands-on: Compute", weight: 50, draw: [labDraw] },
                ],
                intro: "One question and one task in the simulated cloud.",
                sourceFile: "tests/e2e/exams.test.ts",
                contentHash: "e2e",
              },
            ],
            now,
          );
          const account = await createAccount(db, sprinter);
          if (!account.ok) throw new Error("could not create the sprinter account");
          await upsertExamAccommodationByUser(db, account.value.id, SPRINT_MULTIPLIER, "e2e: half time", now);
        },
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedInPage(email: string, password: string, colorScheme: "light" | "dark" = "light"): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sign-in?callbackUrl=%2Fexams`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.baseUrl}/exams`);
    return page;
  }

  const section = (page: Page) => page.getByRole("region", { name: /^Question \d+ of \d+$/ });

  /** Answers the question on screen, whatever its kind, and returns once the page shows it saved. */
  async function answerCurrent(page: Page): Promise<void> {
    const question = section(page);
    const choices = question.locator('input[type="checkbox"][value]');
    if (await question.getByRole("radio").count()) await question.getByRole("radio").first().check();
    else if (await choices.count()) await choices.first().check();
    else if (await question.getByLabel(/^Your (answer|command)$/).count()) await question.getByLabel(/^Your (answer|command)$/).fill("openstack server list");
    else await question.getByRole("button", { name: "Keep this order as my answer" }).click();
  }

  async function expectSaved(page: Page): Promise<void> {
    await section(page).getByTestId("save-state").filter({ hasText: /^Saved$/ }).waitFor();
  }

  async function answeredCount(page: Page): Promise<number> {
    return page.getByRole("navigation", { name: "Question palette" }).getByRole("button", { name: /, answered/ }).count();
  }

  it("starts, saves each answer, survives a reload and a lost connection, and ends with a score and a review", async () => {
    const page = await signedInPage(learner.email, learner.password);
    await page.getByRole("heading", { name: "Mock exams" }).waitFor();
    await expect(page.getByRole("link", { name: "Go to practice drills →" }).getAttribute("href")).resolves.toBe("/practice");
    await screenshot(page, "exams-catalogue");
    await page.getByRole("listitem").filter({ hasText: "Quick check" }).getByRole("link", { name: "Start…" }).click();
    await page.getByRole("button", { name: "Start the exam now" }).waitFor();
    await screenshot(page, "exams-start");
    await page.getByRole("button", { name: "Start the exam now" }).click();
    await page.waitForURL(/\/exams\/attempts\/[0-9a-f-]{36}$/);
    const attemptUrl = page.url();
    await section(page).waitFor();

    // Neither the page's HTML (with its inline server-component payload) nor the RSC payload fetched on
    // navigation carries a key, an explanation or an accepted short answer.
    const htmlPayload = await (await page.request.get(attemptUrl)).text();
    const rscPayload = await (await page.request.get(attemptUrl, { headers: { RSC: "1" } })).text();
    for (const payload of [htmlPayload, rscPayload]) {
      expect(payload).toContain("stemHtml");
      expect(payload).toContain("savedAnswers");
      for (const marker of keyMarkers) expect(payload).not.toMatch(marker);
      for (const run of explanationRuns) expect(payload).not.toContain(run);
      for (const answer of shortAnswers) expect(payload).not.toContain(answer);
    }

    // Three answers, each shown as saved only once the server acknowledged it.
    for (let index = 0; index < 3; index += 1) {
      await answerCurrent(page);
      await expectSaved(page);
      if (index === 1) await section(page).getByRole("checkbox", { name: "Flag for review" }).check();
      await page.getByRole("button", { name: "Next →" }).click();
    }
    await expect(page.getByRole("button", { name: "Question 2, answered, flagged" }).count()).resolves.toBe(1);
    await screenshot(page, "exams-answering");

    await page.reload();
    await section(page).waitFor();
    await expect(answeredCount(page)).resolves.toBe(3);
    await expect(page.getByRole("button", { name: "Question 2, answered, flagged" }).count()).resolves.toBe(1);

    // Offline: the save route is unreachable. The answer is kept in the browser, even across a reload.
    await page.route("**/api/exams/**", (route) => route.abort("internetdisconnected"));
    await page.keyboard.press("n");
    await page.keyboard.press("n");
    await page.keyboard.press("n");
    await answerCurrent(page);
    await page.getByTestId("connection").filter({ hasText: "Connection lost" }).waitFor();
    await section(page).getByTestId("save-state").filter({ hasText: "Not saved yet" }).waitFor();
    await screenshot(page, "exams-offline");
    await page.reload();
    await section(page).waitFor();
    await expect(answeredCount(page)).resolves.toBe(4);

    // Back online: the kept answer is sent by itself, and the server has it.
    await page.unroute("**/api/exams/**");
    await page.getByTestId("connection").filter({ hasText: "All answers saved" }).waitFor({ timeout: 15_000 });
    await page.reload();
    await section(page).waitFor();
    await expect(answeredCount(page)).resolves.toBe(4);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("examstack:exam:")).length)).toBe(0);

    // Submission lists what is unanswered and flagged, then leads to the result and the review.
    await page.getByRole("button", { name: "Submit exam…" }).click();
    const dialog = page.getByRole("dialog", { name: "Submit your exam?" });
    await dialog.getByText("Unanswered (8)").waitFor();
    await dialog.getByText("Flagged for review (1)").waitFor();
    await screenshot(page, "exams-submit-confirm");
    await dialog.getByRole("button", { name: "Submit now" }).click();
    await page.waitForURL(/\/result$/);
    await page.getByTestId("score").waitFor();
    await page.getByRole("img", { name: /^By section:/ }).waitFor();
    await screenshot(page, "exams-result");
    await page.getByRole("link", { name: "Review every question" }).click();
    await page.waitForURL(/\/review$/);
    await expect(page.getByText("Explanation").count()).resolves.toBe(12);
    await expect(page.locator('a[href^="/notes/"]').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, "exams-review");

    // The attempt is closed: its page now leads to the result, and the history charts it.
    await page.goto(attemptUrl);
    await page.waitForURL(/\/result$/);
    await page.goto(`${server.baseUrl}/exams/history`);
    await page.getByRole("img", { name: /^Compute \(Nova\):/ }).waitFor();
    await screenshot(page, "exams-history");
    await page.goto(`${server.baseUrl}/learn`);
    await page.getByText(/Quick check/).first().waitFor();
    await page.context().close();
  });

  it("runs a lab item's commands in the exam's terminal and reviews the lab's graded checks with the transcript", async () => {
    const page = await signedInPage(learner.email, learner.password);
    await page.getByRole("listitem").filter({ hasText: "Hands-on check" }).getByRole("link", { name: "Start…" }).click();
    await page.getByRole("button", { name: "Start the exam now" }).click();
    await page.waitForURL(/\/exams\/attempts\/[0-9a-f-]{36}$/);
    await section(page).waitFor();
    await page.getByRole("button", { name: "Next →" }).click();
    const task = page.getByTestId("lab-task");
    await task.waitFor();
    const user = (await task.locator("code").first().textContent()) ?? "";
    await page.locator('[aria-label="Terminal"][data-ready="true"]').waitFor();
    await page.getByRole("application", { name: "Terminal" }).click();
    for (const command of [`source ~/${user}-openrc`, "openstack flavor list -f value -c Name"]) {
      const answered = page.waitForResponse((response) => response.url().endsWith("/commands") && response.request().method() === "POST");
      await page.keyboard.type(command);
      await page.keyboard.press("Enter");
      expect((await answered).status()).toBe(200);
    }
    // The identity bar follows the sourced credentials, and the flavor list comes back in the terminal.
    await page.getByTestId("lab-status").filter({ hasText: `user ${user}` }).waitFor();
    await page.waitForFunction(() => /m1\.\w+/.test((document.querySelector(".xterm-rows") as HTMLElement | null)?.innerText ?? ""));
    await screenshot(page, "exams-lab-terminal");

    await page.getByRole("button", { name: "Submit exam…" }).click();
    await page.getByRole("dialog", { name: "Submit your exam?" }).getByRole("button", { name: "Submit now" }).click();
    await page.waitForURL(/\/result$/);
    await page.getByRole("link", { name: "Review every question" }).click();
    await page.waitForURL(/\/review$/);
    const checks = page.getByRole("list", { name: /^Checks of / });
    await checks.waitFor();
    await expect(checks.getByRole("listitem").count()).resolves.toBeGreaterThan(0);
    // Nothing was built, so the task's checks fail, each with its reason.
    await expect(checks.getByText("Failed:").count()).resolves.toBeGreaterThan(0);
    await expect(page.getByLabel("Whole terminal session").textContent()).resolves.toContain("openstack flavor list -f value -c Name");
    await screenshot(page, "exams-lab-review");
    await page.context().close();
  });

  it("warns as time runs out and submits by itself at the deadline", { timeout: 150_000 }, async () => {
    // In the dark theme, so its screenshots show that theme too.
    const page = await signedInPage(sprinter.email, sprinter.password, "dark");
    await page.getByRole("listitem").filter({ hasText: "Sprint check" }).getByRole("link", { name: "Start…" }).click();
    await page.getByRole("button", { name: "Start the exam now" }).click();
    await page.waitForURL(/\/exams\/attempts\/[0-9a-f-]{36}$/);
    await section(page).waitFor();
    await page.getByRole("alert").filter({ hasText: "One minute left" }).waitFor();
    await answerCurrent(page);
    await expectSaved(page);
    await screenshot(page, "exams-sprint-warning");
    await page.waitForURL(/\/result$/, { timeout: SPRINT_WAIT_MS });
    await page.getByText("at the deadline (time ran out)").waitFor();
    await expect(page.getByText("1 of 3", { exact: true }).count()).resolves.toBe(1);
    await screenshot(page, "exams-sprint-result");
    await page.getByRole("link", { name: "Review every question" }).click();
    await page.waitForURL(/\/review$/);
    await screenshot(page, "exams-sprint-review-dark");
    await page.goto(`${server.baseUrl}/exams/history`);
    await page.getByRole("img", { name: /^Compute \(Nova\):/ }).waitFor();
    await screenshot(page, "exams-sprint-history-dark");
    await page.context().close();
  });
});
