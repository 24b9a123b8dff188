/**
 * The answer save's cheap session check must accept exactly the cookies Auth.js would: its own, unexpired, signed
 * with this server's secret, under the cookie name it was issued for.
 */
import { encode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({ cookies: async () => ({ get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined) }) }));

const { readSessionUserId } = await import("@/lib/auth/session-token");

const SECRET = "a-test-secret-of-reasonable-length-0123456789";
const NAME = "authjs.session-token";

describe("readSessionUserId", () => {
  beforeEach(() => {
    jar.clear();
    vi.stubEnv("AUTH_SECRET", SECRET);
  });
  afterEach(() => vi.unstubAllEnvs());

  it("reads the user id from a session cookie Auth.js issued", async () => {
    jar.set(NAME, await encode({ token: { uid: "user-1", sub: "user-1" }, secret: SECRET, salt: NAME }));
    expect(await readSessionUserId()).toBe("user-1");
  });

  it("reads a cookie split into chunks, as Auth.js writes a large one", async () => {
    const token = await encode({ token: { uid: "user-2" }, secret: SECRET, salt: NAME });
    jar.set(`${NAME}.0`, token.slice(0, 40));
    jar.set(`${NAME}.1`, token.slice(40));
    expect(await readSessionUserId()).toBe("user-2");
  });

  it("refuses no cookie, another secret, a tampered or expired token, and a token issued under another name", async () => {
    expect(await readSessionUserId()).toBeNull();
    jar.set(NAME, await encode({ token: { uid: "user-1" }, secret: "someone-else's-secret-0123456789abcdef", salt: NAME }));
    expect(await readSessionUserId()).toBeNull();
    const good = await encode({ token: { uid: "user-1" }, secret: SECRET, salt: NAME });
    jar.set(NAME, `${good.slice(0, -4)}AAAA`);
    expect(await readSessionUserId()).toBeNull();
    jar.set(NAME, await encode({ token: { uid: "user-1" }, secret: SECRET, salt: NAME, maxAge: -60 }));
    expect(await readSessionUserId()).toBeNull();
    jar.set(NAME, await encode({ token: { uid: "user-1" }, secret: SECRET, salt: "__Secure-authjs.session-token" }));
    expect(await readSessionUserId()).toBeNull();
  });

  it("still refuses a token once it expires, after it was accepted (and remembered) while valid", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-23T10:00:00Z"), toFake: ["Date"] });
    try {
      jar.set(NAME, await encode({ token: { uid: "user-3" }, secret: SECRET, salt: NAME, maxAge: 60 }));
      expect(await readSessionUserId()).toBe("user-3");
      vi.setSystemTime(new Date("2026-11-23T10:00:30Z"));
      expect(await readSessionUserId()).toBe("user-3");
      vi.setSystemTime(new Date("2026-11-23T10:01:01Z"));
      expect(await readSessionUserId()).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not trust a remembered token once the server's secret changes", async () => {
    jar.set(NAME, await encode({ token: { uid: "user-4" }, secret: SECRET, salt: NAME }));
    expect(await readSessionUserId()).toBe("user-4");
    vi.stubEnv("AUTH_SECRET", "a-rotated-secret-of-reasonable-length-98765");
    expect(await readSessionUserId()).toBeNull();
  });

  it("decides nothing without a configured secret", async () => {
    jar.set(NAME, await encode({ token: { uid: "user-1" }, secret: SECRET, salt: NAME }));
    vi.stubEnv("AUTH_SECRET", "");
    expect(await readSessionUserId()).toBeNull();
  });
});
