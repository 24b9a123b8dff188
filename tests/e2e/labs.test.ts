import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLabFile, type SourcedLab } from "@/lib/content/labs";
import { launchBrowser, screenshot } from "./support/browser";
import { startTestServer, type TestServer } from "./support/server";

const LAB = "identity-onboard-team";
/** Typing a whole reference solution, reloads and grading take longer than a page test. */
const LAB_TEST_TIMEOUT = 180_000;

/**
 * A lab as a learner works it (issue 5): the terminal in Chromium (typing, history on the arrow keys, Ctrl-C,
 * copy and paste), a reload that resumes the session, hints one at a time, reset, the reference solution typed
 * key by key, submission and every graded check. A second test reads what the server sends before submission
 * (page HTML, RSC payload, command and action replies) and looks for the lab's checks, solution and hints.
 */
describe("labs in the browser", () => {
  let server: TestServer;
  let browser: Browser;
  let lab: SourcedLab;

  beforeAll(async () => {
    const file = `labs/${LAB}.md`;
    const parsed = parseLabFile(file, await readFile(path.join(process.cwd(), "content", file), "utf8"));
    expect(parsed.diagnostics).toEqual([]);
    lab = parsed.labs[0]!;
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

  /** What the terminal shows now (xterm draws rows as DOM text; spaces come as no-break spaces). */
  const terminalText = (page: Page) =>
    page.evaluate(() => (document.querySelector(".xterm-rows") as HTMLElement | null)?.innerText.replace(/\u00a0/g, " ") ?? "");

  async function openLab(page: Page): Promise<void> {
    await page.goto(`${server.baseUrl}/labs/${LAB}`);
    await page.locator('[aria-label="Terminal"][data-ready="true"]').waitFor();
    await page.getByRole("application", { name: "Terminal" }).click();
  }

  /** Sends keystrokes and, when they end a command, waits until the server's answer is drawn. */
  async function typeCommand(page: Page, keys: string): Promise<void> {
    const answered = page.waitForResponse((response) => response.url().endsWith(`/labs/${LAB}/commands`));
    await page.keyboard.type(keys);
    await page.keyboard.press("Enter");
    await (await answered).finished();
    await page.waitForTimeout(50);
  }

  const waitForTerminal = (page: Page, text: string) =>
    page.waitForFunction((expected) => (document.querySelector(".xterm-rows") as HTMLElement | null)?.innerText.replace(/\u00a0/g, " ").includes(expected), text);

  it(
    "types, recalls, interrupts, copies and pastes, resumes after a reload, resets, solves and grades every check",
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.baseUrl });
      const page = await signUp(context, "Tara Terminal", "tara@example.com");

      // The index groups labs by topic, each with its difficulty, estimate and the learner's best score.
      await page.goto(`${server.baseUrl}/labs`);
      const card = page.getByRole("link", { name: new RegExp(lab.title) });
      await expect(card.innerText()).resolves.toMatch(new RegExp(`${lab.difficulty}[\\s\\S]*about ${lab.estimateMinutes} min[\\s\\S]*Not submitted yet`));
      await screenshot(page, "labs-index");
      await card.click();
      await page.getByRole("heading", { name: lab.title }).waitFor();
      await page.locator('[aria-label="Terminal"][data-ready="true"]').waitFor();
      await expect(page.getByTestId("lab-status").innerText()).resolves.toMatch(/user\s+admin\s+project\s+admin/);
      await page.getByRole("application", { name: "Terminal" }).click();

      await typeCommand(page, "openstack project list -f value -c Name");
      await waitForTerminal(page, "demo");
      await typeCommand(page, "echo first-line");
      await typeCommand(page, "echo second-line");

      // ↑ twice recalls the older command; ↓ once moves back to the newer one, which runs again.
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("ArrowDown");
      const rerun = page.waitForResponse((response) => response.url().endsWith("/commands"));
      await page.keyboard.press("Enter");
      expect(((await (await rerun).json()) as { entry: { stdout: string } }).entry.stdout).toBe("second-line\n");

      // Ctrl-C drops the half-typed line without running it: the next ↑ finds the last command that ran.
      await page.keyboard.type("openstack server delete everything");
      await page.keyboard.press("Control+C");
      await waitForTerminal(page, "openstack server delete everything^C");
      await page.keyboard.press("ArrowUp");
      const recalled = page.waitForResponse((response) => response.url().endsWith("/commands"));
      await page.keyboard.press("Enter");
      expect(((await (await recalled).request().postDataJSON()) as { line: string }).line).toBe("echo second-line");

      // Copy: a double-clicked word is selected, and Ctrl-C with a selection copies instead of interrupting.
      await typeCommand(page, "echo copy-me-please");
      const row = page.locator(".xterm-rows > div", { hasText: /^copy-me-please/ }).last();
      const box = (await row.boundingBox())!;
      await page.mouse.dblclick(box.x + 30, box.y + box.height / 2);
      await page.keyboard.press("Control+C");
      await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe("copy-me-please");

      // Paste: two lines arrive at once and run one after the other, as in a real terminal.
      const pasted = page.waitForResponse(async (response) => response.url().endsWith("/commands") && (response.request().postDataJSON() as { line: string }).line === "echo pasted-two");
      await page.evaluate((text) => {
        const data = new DataTransfer();
        data.setData("text/plain", text);
        document.querySelector(".xterm-helper-textarea")?.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
      }, "echo pasted-one\necho pasted-two\n");
      await (await pasted).finished();
      await waitForTerminal(page, "pasted-two\n");
      await screenshot(page, "lab-terminal-in-use");

      // One hint at a time, only when asked.
      await page.getByRole("button", { name: `Show a hint (1 of ${lab.hints.length})` }).click();
      await page.getByRole("list", { name: "Hints" }).waitFor();
      await expect(page.getByRole("list", { name: "Hints" }).getByRole("listitem").count()).resolves.toBe(1);

      // A reload resumes the same session: the transcript is drawn again and history still works.
      await page.reload();
      await page.locator('[aria-label="Terminal"][data-ready="true"]').waitFor();
      const resumed = await terminalText(page);
      for (const text of ["first-line", "copy-me-please", "pasted-one", "pasted-two"]) expect(resumed).toContain(text);
      await expect(page.getByRole("list", { name: "Hints" }).getByRole("listitem").count()).resolves.toBe(1);
      await page.getByRole("application", { name: "Terminal" }).click();
      await page.keyboard.press("ArrowUp");
      await waitForTerminal(page, "$ echo pasted-two");

      // Reset asks first; cancelling keeps everything, accepting starts the lab again with an empty terminal.
      page.once("dialog", (dialog) => void dialog.dismiss());
      await page.getByRole("button", { name: "Reset lab" }).click();
      await expect(terminalText(page)).resolves.toContain("pasted-two");
      page.once("dialog", (dialog) => void dialog.accept());
      await page.getByRole("button", { name: "Reset lab" }).click();
      await page.getByText("The lab was reset to its starting state.").waitFor();
      await page.waitForFunction(() => !(document.querySelector(".xterm-rows") as HTMLElement | null)?.innerText.includes("pasted-two"));

      // The reference solution, typed key by key, then submitted.
      await page.getByRole("application", { name: "Terminal" }).click();
      for (const command of lab.solution) await typeCommand(page, command);
      page.once("dialog", (dialog) => void dialog.accept());
      await page.getByRole("button", { name: "Submit for grading" }).click();
      await page.getByRole("heading", { name: `Result: ${lab.points} of ${lab.points} points (100 %)` }).waitFor();
      const checks = page.getByRole("list", { name: "Checks" }).getByRole("listitem");
      await expect(checks.count()).resolves.toBe(lab.checks.length);
      for (const [index, check] of lab.checks.entries()) {
        const text = await checks.nth(index).innerText();
        expect(text).toMatch(/Passed:/);
        expect(text).toContain(`${check.points}/${check.points} pt`);
      }
      await expect(page.getByLabel("Transcript").innerText()).resolves.toContain(lab.solution.at(-1)!);
      await screenshot(page, "lab-graded");

      // The index now shows the best score.
      await page.goto(`${server.baseUrl}/labs`);
      await expect(page.getByRole("link", { name: new RegExp(lab.title) }).innerText()).resolves.toContain("Best: 100 %");
      await context.close();
    },
    LAB_TEST_TIMEOUT,
  );

  it(
    "sends no check, solution, partial or unrequested hint to the browser before submission",
    async () => {
      // Distinctive pieces of what must stay on the server: runs of plain words, so HTML escaping and Markdown
      // rendering cannot hide a leak, minus anything the task itself legitimately says.
      const pieces = (text: string) =>
        text
          .split(/[`*_[\]()<>&"'\n:]/)
          .map((piece) => piece.trim())
          .filter((piece) => piece.length >= 14 && !lab.task.includes(piece) && !lab.title.includes(piece));
      const checkSecrets = lab.checks.flatMap((check) => [check.id, ...pieces(check.description)]).filter((secret) => !lab.task.includes(secret));
      const solutionSecrets = [...lab.solution, ...lab.partials.flatMap((partial) => partial.commands)].flatMap(pieces);
      const hintSecrets = lab.hints.map(pieces);
      expect(checkSecrets.length).toBeGreaterThanOrEqual(lab.checks.length);
      expect(solutionSecrets.length).toBeGreaterThanOrEqual(lab.solution.length);
      for (const hint of hintSecrets) expect(hint.length).toBeGreaterThan(0);
      const leaks = (payload: string, secrets: readonly string[]) => secrets.filter((secret) => payload.includes(secret));

      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: "dark", isMobile: true, hasTouch: true });
      const page = await signUp(context, "Sam Safety", "sam@example.com");
      // Every reply to a POST (the command route's and the server actions', hints included), recorded inside the
      // page: a streamed action reply's body is not always readable from outside the browser.
      await page.addInitScript(() => {
        const replies: string[] = [];
        (window as unknown as { labReplies: string[] }).labReplies = replies;
        const original = window.fetch.bind(window);
        window.fetch = async (input, init) => {
          const response = await original(input, init);
          if ((init?.method ?? "GET").toUpperCase() === "POST") void response.clone().text().then((body) => replies.push(body));
          return response;
        };
      });
      await openLab(page);
      const url = `${server.baseUrl}/labs/${LAB}`;
      const fetchPayloads = async () => {
        const html = await (await context.request.get(url)).text();
        const rsc = await (await context.request.get(url, { headers: { RSC: "1" } })).text();
        expect(html).toContain(lab.title);
        expect(rsc).toContain(lab.title);
        return html + rsc;
      };

      const before = await fetchPayloads();
      expect(leaks(before, [...checkSecrets, ...solutionSecrets, ...hintSecrets.flat()])).toEqual([]);

      await typeCommand(page, "openstack project list");
      await typeCommand(page, "openstack project create sandbox");
      await typeCommand(page, "openstack user list --long");
      await page.getByRole("button", { name: `Show a hint (1 of ${lab.hints.length})` }).click();
      await page.getByRole("list", { name: "Hints" }).getByRole("listitem").waitFor();
      await page.waitForFunction(() => (window as unknown as { labReplies: string[] }).labReplies.length >= 4);
      const replies = await page.evaluate(() => (window as unknown as { labReplies: string[] }).labReplies);
      const [firstHint, ...laterHints] = hintSecrets;
      // The hint asked for arrives; the others, the checks and the solution do not, in any reply so far.
      expect(leaks(replies.join("\n"), firstHint!)).toEqual(firstHint);
      expect(leaks(replies.join("\n"), [...checkSecrets, ...solutionSecrets, ...laterHints.flat()])).toEqual([]);

      const afterHint = await fetchPayloads();
      expect(leaks(afterHint, firstHint!).length).toBeGreaterThan(0);
      expect(leaks(afterHint, [...checkSecrets, ...solutionSecrets, ...laterHints.flat()])).toEqual([]);
      await screenshot(page, "lab-phone-dark-with-hint");
      await context.close();
    },
    LAB_TEST_TIMEOUT,
  );
});
