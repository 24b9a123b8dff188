import { describe, expect, it, vi } from "vitest";

const calls = vi.hoisted(() => ({ signIn: [] as unknown[] }));

vi.mock("@/lib/auth", () => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {
    code = "credentials";
  }
  return {
    AuthError,
    CredentialsSignin,
    signOut: async () => {},
    signIn: async (_provider: string, options: { email: string; password: string }) => {
      calls.signIn.push(options);
      const error = new CredentialsSignin();
      if (options.email.startsWith("limited")) error.code = "rate_limited";
      throw error;
    },
  };
});

const { signInAction } = await import("@/app/(auth)/actions");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe("the sign-in form's action", () => {
  it("says the credentials do not match, keeps the email, and never echoes the password", async () => {
    const state = await signInAction({}, form({ email: "ana@example.com", password: "s3cret-passphrase-123" }));
    expect(state.error).toBe("That email and password do not match an account.");
    expect(state.values).toEqual({ email: "ana@example.com" });
    expect(JSON.stringify(state)).not.toContain("s3cret-passphrase-123");
  });

  it("tells a rate-limited visitor to wait", async () => {
    const state = await signInAction({}, form({ email: "limited@example.com", password: "whatever-123456" }));
    expect(state.error).toMatch(/Too many failed sign-ins.*Wait a minute/);
    expect(JSON.stringify(state)).not.toContain("whatever-123456");
  });

  it("asks for missing fields without calling the server", async () => {
    const before = calls.signIn.length;
    const state = await signInAction({}, form({ email: "", password: "" }));
    expect(state.fieldErrors).toEqual({ email: "Enter your email address.", password: "Enter your password." });
    expect(calls.signIn.length).toBe(before);
  });

  it("only sends the visitor back to a path on this site", async () => {
    await signInAction({}, form({ email: "a@example.com", password: "x-1234567890", callbackUrl: "//evil.example/phish" }));
    await signInAction({}, form({ email: "a@example.com", password: "x-1234567890", callbackUrl: "/admin?tab=users" }));
    const [offsite, onsite] = calls.signIn.slice(-2) as { redirectTo: string }[];
    expect(offsite?.redirectTo).toBe("/home");
    expect(onsite?.redirectTo).toBe("/admin?tab=users");
  });
});
