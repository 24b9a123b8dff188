import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts } from "@/db/seed/demo";
import { launchBrowser, screenshot } from "./support/browser";
import { startTestServer, type TestServer } from "./support/server";

const learnerDemo = demoAccounts.find((account) => account.role === "learner")!;

/**
 * Flashcard review as a learner does it (issue 7): keyboard only on the review screen — Space to show the answer,
 * 4 for Easy, U to undo — then the statistics; and the same screen on a phone in the dark theme.
 */
describe("flashcard review in the browser", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signUp(context: BrowserContext, name: string, email: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sign-up`);
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("long-enough-passphrase");
    await page.getByLabel("Password").press("Enter");
    await page.waitForURL(`${server.baseUrl}/learn`);
    return page;
  }

  const doneToday = (page: Page) => page.getByTestId("done-today");
  /** The screen is ready for keys once it has focused "Show answer" (hydrated, and the last answer cleared). */
  const readyForKeys = (page: Page) => page.waitForFunction(() => document.activeElement?.textContent?.startsWith("Show answer") ?? false);

  it("reviews ten cards with the keyboard alone, undoes one, finishes the day and shows the statistics", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await signUp(context, "Kira Keys", "kira@example.com");
    await expect(page.getByTestId("due-today").innerText()).resolves.toMatch(/^20 cards due today/);

    // Ten new cards today instead of twenty: typed into the settings form and submitted with Enter.
    await page.goto(`${server.baseUrl}/review/settings`);
    const newPerDay = page.getByLabel("New cards a day");
    await newPerDay.focus();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("10");
    // An exam two months away, for the projection on the learner home.
    await page.getByLabel("Date of your exam").fill(new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
    await newPerDay.focus();
    await page.keyboard.press("Enter");
    await page.getByText("Saved. New intervals apply from your next answer").waitFor();

    await page.goto(`${server.baseUrl}/review/study`);
    await page.getByRole("heading", { name: "Today's review" }).waitFor();
    const fronts: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      const front = page.getByTestId("card-front");
      await readyForKeys(page);
      fronts.push(await front.innerText());
      await expect(page.getByTestId("card-back").count()).resolves.toBe(0);
      await page.keyboard.press("Space");
      await page.getByTestId("card-back").waitFor();
      // The Easy button shows the interval it would give, in days.
      await expect(page.getByRole("button", { name: /^Easy/ }).innerText()).resolves.toMatch(/\d+d/);
      if (index === 0) await screenshot(page, "review-answer-shown");
      await page.keyboard.press("4");
      await page.waitForFunction((count) => document.querySelector('[data-testid="done-today"]')?.textContent === `${count} answered today`, index + 1);
    }
    expect(new Set(fronts).size).toBe(10);
    await page.getByRole("heading", { name: "You have finished for today" }).waitFor();

    // Undo brings the tenth card back, front only, and takes the answer off today's count.
    await page.keyboard.press("u");
    await readyForKeys(page);
    await expect(page.getByTestId("card-front").innerText()).resolves.toBe(fronts[9]);
    await expect(doneToday(page).innerText()).resolves.toBe("9 answered today");
    await screenshot(page, "review-after-undo");
    await page.keyboard.press("Space");
    await page.getByTestId("card-back").waitFor();
    await page.keyboard.press("4");
    await page.getByRole("heading", { name: "You have finished for today" }).waitFor();
    await expect(doneToday(page).innerText()).resolves.toBe("10 answered today");
    await screenshot(page, "review-finished");

    // The finished panel focuses its statistics link: Enter opens the statistics.
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.baseUrl}/review/stats`);
    await expect(page.getByTestId("stats-today").innerText()).resolves.toMatch(/^10 answers today · 10 in all/);
    await expect(page.getByRole("img", { name: /Reviews per day over the last 26 weeks: 10 answers on 1 day\./ }).count()).resolves.toBe(1);
    await expect(page.getByRole("img", { name: /, 10 young, 0 mature,/ }).count()).resolves.toBe(1);
    await page.getByRole("img", { name: /Cards due per day for the next 30 days: 10 cards in total/ }).waitFor();
    await screenshot(page, "review-statistics");

    // The learner home counts the day as done.
    await page.goto(`${server.baseUrl}/learn`);
    await expect(page.getByTestId("due-today").innerText()).resolves.toMatch(/^0 cards due today/);
    await expect(page.getByText("Done today: 10 new, 0 reviews.").count()).resolves.toBe(1);
    await expect(page.getByTestId("exam-verdict").innerText()).resolves.toMatch(/^On track: at 10 new cards a day you meet the last one on /);
    await screenshot(page, "review-learner-home");
    await context.close();
  });

  it("puts a note's cards first, turns a practice question into a card, and exports the cards as CSV", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.addCookies([{ name: "theme", value: "dark", url: server.baseUrl }]);
    const page = await signUp(context, "Noa Notes", "noa@example.com");
    await page.goto(`${server.baseUrl}/notes/keystone-concepts`);
    await page.getByRole("button", { name: "Study its cards next" }).click();
    await page.getByRole("status").filter({ hasText: /of this note's \d+ cards will come up in your next review/ }).waitFor();
    await page.goto(`${server.baseUrl}/review/study`);
    await expect(page.getByTestId("card-front").locator("xpath=..").innerText()).resolves.toMatch(/^KEYSTONE/i);
    await screenshot(page, "review-note-cards-first");

    // A practice question becomes a card of the learner's own from its feedback.
    await page.goto(`${server.baseUrl}/practice/identity?question=q-identity-no-role-token`);
    await page.getByLabel("False").check();
    await page.getByRole("button", { name: "Check answer" }).click();
    await page.getByRole("button", { name: "Add to my flashcards" }).click();
    await page.getByRole("status").filter({ hasText: "Added: it comes up among your next new cards." }).waitFor();
    await screenshot(page, "review-practice-add-card");

    await page.goto(`${server.baseUrl}/review/decks`);
    await page.getByRole("row", { name: /Identity \(Keystone\)/ }).waitFor();
    await expect(page.getByRole("row", { name: /Your own cards/ }).innerText()).resolves.toMatch(/Your own cards\s+0\s+1\s+1/);
    await screenshot(page, "review-decks-dark");

    const response = await page.request.get(`${server.baseUrl}/review/export/cards`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/csv");
    const csv = await response.text();
    expect(csv.split("\r\n")[0]).toBe("card_id,topic,deck,front,back,state,due,stability,difficulty,reps,lapses,last_review,suspended,leech");
    expect(csv).toContain("card-keystone-concepts-assignment,identity,");
    await context.close();
  });

  it("fits a phone screen in the dark theme, with buttons to tap", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, timezoneId: "Asia/Tokyo" });
    await context.addCookies([{ name: "theme", value: "dark", url: server.baseUrl }]);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sign-in?callbackUrl=%2Freview%2Fstudy`);
    await page.getByLabel("Email").fill(learnerDemo.email);
    await page.getByLabel("Password").fill(learnerDemo.password);
    await page.getByRole("button", { name: "Sign in" }).tap();
    await page.waitForURL(`${server.baseUrl}/review/study`);
    await page.getByRole("button", { name: /Show answer/ }).tap();
    await page.getByTestId("card-back").waitFor();
    const again = await page.getByRole("button", { name: /^Again/ }).boundingBox();
    const easy = await page.getByRole("button", { name: /^Easy/ }).boundingBox();
    // Four buttons side by side, each big enough for a thumb, none off screen.
    expect(again && easy && again.y === easy.y && easy.x + easy.width <= 390 && again.height >= 44).toBe(true);
    await screenshot(page, "review-phone-dark");
    await page.getByRole("button", { name: /^Good/ }).tap();
    await page.waitForFunction(() => document.querySelector('[data-testid="done-today"]')?.textContent === "1 answered today");

    // The review home offers the device's time zone until settings are saved; one tap adopts it.
    await page.goto(`${server.baseUrl}/review`);
    await page.getByText("Your review days end at 04:00 UTC. This device is in Asia/Tokyo.").waitFor();
    await screenshot(page, "review-home-phone-dark");
    await page.getByRole("button", { name: "Use Asia/Tokyo" }).tap();
    await page.getByRole("region", { name: "Time zone" }).waitFor({ state: "detached" });
    await page.goto(`${server.baseUrl}/review/stats`);
    await page.getByText("Days are counted in Asia/Tokyo, starting at 04:00.").waitFor();
    await context.close();
  });
});
