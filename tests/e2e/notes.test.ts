import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertNotesById } from "@/db/queries/content";
import { demoAccounts } from "@/db/seed/demo";
import { launchBrowser, screenshot } from "./support/browser";
import { startTestServer, type TestServer } from "./support/server";

const learner = demoAccounts.find((account) => account.role === "learner")!;

/**
 * The importer refuses raw HTML, so this note goes straight into the database, as if a bug or a hand edit had
 * let it through: the renderer's sanitizer is the second fence and must hold on its own.
 */
const hostileBody = [
  "## Hostile",
  "",
  "<script>window.__xss = 'script'</script>",
  "",
  '<img src="x" onerror="window.__xss = \'onerror\'">',
  "",
  '<a href="javascript:window.__xss=\'href\'">raw link</a>',
  "",
  "[markdown link](javascript:window.__xss='markdown')",
  "",
  '<div onmouseover="window.__xss=\'hover\'" style="position:fixed;inset:0">cover</div>',
].join("\n");

describe("notes, practice and search in the browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer({
        seed: (db) =>
          upsertNotesById(
            db,
            [
              {
                id: "hostile-note",
                topic: "operations",
                title: "Hostile note",
                sortOrder: 999,
                summary: "Raw HTML that must render inert.",
                prerequisites: [],
                body: hostileBody,
                toc: [],
                sourceFile: "notes/operations/hostile-note.md",
                contentHash: "hostile",
              },
            ],
            new Date(),
          ),
      }),
      launchBrowser(),
    ]);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByLabel("Email").fill(learner.email);
    await page.getByLabel("Password").fill(learner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.baseUrl}/learn`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lists every topic's notes and opens one with its table of contents", async () => {
    await page.goto(`${server.baseUrl}/notes`);
    await page.getByRole("heading", { name: "Networking (Neutron)" }).waitFor();
    await screenshot(page, "notes-index");
    await page.getByRole("link", { name: "Security groups and their rules" }).click();
    await page.waitForURL(`${server.baseUrl}/notes/neutron-security-groups`);
    const toc = page.getByRole("navigation", { name: "On this page" });
    await toc.getByRole("link").first().waitFor();
    expect(await toc.getByRole("link").count()).toBeGreaterThan(3);
    // Commands are highlighted code, and embedded flashcards hide their answer until asked.
    expect(await page.locator("pre code.hljs").count()).toBeGreaterThan(0);
    const card = page.locator("aside.flashcard").first();
    expect(await card.locator("details").getAttribute("open")).toBeNull();
    await screenshot(page, "notes-note");
  });

  it("renders raw HTML in a note inert", async () => {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${server.baseUrl}/notes/hostile-note`);
    await page.getByRole("heading", { name: "Hostile note" }).waitFor();
    const article = page.locator("article");
    await page.mouse.move(400, 400);
    await page.getByText("markdown link").click({ timeout: 2_000 });
    expect(await article.locator("script").count()).toBe(0);
    expect(await article.locator("[onerror], [onmouseover], [onclick]").count()).toBe(0);
    expect(await article.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await article.locator("[style]").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it("practises a topic: answer, see the key and the explanation, go on", async () => {
    await page.goto(`${server.baseUrl}/notes/nova-flavors`);
    await page.getByRole("link", { name: "Practise this topic" }).click();
    await page.waitForURL(/\/practice\/compute/);
    await page.getByRole("region", { name: "Question" }).waitFor();
    const option = page.locator('input[name="option"], input[name="truth"]').first();
    if (await option.count()) await option.check();
    // Typed kinds: a short answer or a command line; ordering questions need no input to be answerable.
    else if (await page.locator("#short-answer, #command-answer").count()) await page.locator("#short-answer, #command-answer").fill("openstack flavor list");
    await page.getByRole("button", { name: "Check answer" }).click();
    await page.getByText(/^(Correct\.|Not quite\.|Partly right)/).waitFor();
    await screenshot(page, "practice-feedback");
    await page.getByRole("link", { name: "Next question →" }).click();
    await page.getByRole("button", { name: "Check answer" }).waitFor();
    await expect(page.getByText(/1 tried/).isVisible()).resolves.toBe(true);
  });

  it("finds notes and questions by full-text search", async () => {
    await page.goto(`${server.baseUrl}/notes`);
    await page.getByRole("searchbox", { name: "Search notes and questions" }).fill("floating ip");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/search\?q=floating/);
    await page.getByRole("link", { name: "Routers, NAT and floating IPs" }).waitFor();
    expect(await page.locator("mark").count()).toBeGreaterThan(0);
    await screenshot(page, "search-results");
  });
});
