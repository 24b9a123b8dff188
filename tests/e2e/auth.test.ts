import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts } from "@/db/seed/demo";
import { launchBrowser, screenshot } from "./support/browser";
import { startTestServer, type TestServer } from "./support/server";

const learnerDemo = demoAccounts.find((account) => account.role === "learner")!;
const instructorDemo = demoAccounts.find((account) => account.role === "instructor")!;
const adminDemo = demoAccounts.find((account) => account.role === "admin")!;

describe("accounts in the browser", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    return context.newPage();
  }

  async function signIn(page: Page, email: string, password: string) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  it("sends a signed-out visitor to sign-in and back to where they were going", async () => {
    const page = await newPage();
    await page.goto(`${server.baseUrl}/teach`);
    await page.waitForURL(/\/sign-in\?callbackUrl=%2Fteach/);
    await expect(page.getByText("Sign in to continue to that page.").isVisible()).resolves.toBe(true);
    await screenshot(page, "auth-sign-in-redirect");
    await signIn(page, instructorDemo.email, instructorDemo.password);
    await page.waitForURL(`${server.baseUrl}/teach`);
    await expect(page.getByRole("heading", { name: "Your cohorts" }).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId("signed-in-user").innerText()).resolves.toContain("instructor");
    await screenshot(page, "auth-instructor-home");
    await page.context().close();
  });

  it("explains every bad sign-up on the form, then creates a learner", async () => {
    const page = await newPage();
    await page.goto(`${server.baseUrl}/sign-up`);
    const submit = () => page.getByRole("button", { name: "Create account" }).click();
    await page.getByLabel("Name").fill("Noor Learner");
    await page.getByLabel("Email").fill("noor-at-example.com");
    await page.getByLabel("Password").fill("long-enough-passphrase");
    await submit();
    await page.getByText("Enter a valid email address").waitFor();
    await page.getByLabel("Email").fill("noor@example.com");
    await page.getByLabel("Password").fill("short");
    await submit();
    await page.getByText("Use at least 10 characters").waitFor();
    await page.getByLabel("Email").fill(learnerDemo.email);
    await page.getByLabel("Password").fill("long-enough-passphrase");
    await submit();
    await page.getByText("An account with this email already exists").waitFor();
    await screenshot(page, "auth-sign-up-errors");
    await page.getByLabel("Email").fill("noor@example.com");
    await page.getByLabel("Password").fill("long-enough-passphrase");
    await submit();
    await page.waitForURL(`${server.baseUrl}/learn`);
    await expect(page.getByRole("heading", { name: "Welcome, Noor" }).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId("signed-in-user").innerText()).resolves.toContain("learner");
    await screenshot(page, "auth-learner-home");

    // A learner sees a 403 page on instructor and admin addresses, and no link to them.
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teach" }).count()).resolves.toBe(0);
    for (const address of ["/teach", "/admin"]) {
      const response = await page.goto(`${server.baseUrl}${address}`);
      expect(response?.status()).toBe(403);
      await page.getByRole("heading", { name: "This page is not for your role" }).waitFor();
    }
    await screenshot(page, "auth-learner-forbidden");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${server.baseUrl}/`);
    await page.goto(`${server.baseUrl}/learn`);
    await page.waitForURL(/\/sign-in/);
    await page.context().close();
  });

  it("refuses a wrong password without showing it", async () => {
    const page = await newPage();
    await page.goto(`${server.baseUrl}/sign-in`);
    await signIn(page, learnerDemo.email, "not-the-password-42");
    await page.getByText("That email and password do not match an account.").waitFor();
    expect(await page.content()).not.toContain("not-the-password-42");
    await expect(page.getByLabel("Password").inputValue()).resolves.toBe("");
    await page.context().close();
  });

  it("lets the demo learner in to the learner home", async () => {
    const page = await newPage();
    await page.goto(`${server.baseUrl}/sign-in`);
    await signIn(page, learnerDemo.email, learnerDemo.password);
    await page.waitForURL(`${server.baseUrl}/learn`);
    await expect(page.getByRole("heading", { name: /^Welcome, / }).isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it("shows the administrator every account", async () => {
    const page = await newPage();
    await page.goto(`${server.baseUrl}/sign-in`);
    await signIn(page, adminDemo.email, adminDemo.password);
    await page.waitForURL(`${server.baseUrl}/teach`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await page.waitForURL(`${server.baseUrl}/admin`);
    for (const account of demoAccounts) await page.getByRole("cell", { name: account.email, exact: true }).waitFor();
    await screenshot(page, "auth-admin-accounts");
    await page.context().close();
  });
});
