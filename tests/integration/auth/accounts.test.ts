import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { getUserByEmail, listUsersByEmail } from "@/db/queries/users";
import { fixedClock } from "@/lib/clock";
import { accountFailureLimit, createAccount, failureWindowMs, verifyCredentials } from "@/lib/auth/accounts";
import { createTestDb } from "../../helpers/db";

describe("accounts", () => {
  let handle: DbHandle;
  const clock = fixedClock("2026-03-01T09:00:00Z");
  const password = "correct horse battery";

  beforeAll(async () => {
    handle = await createTestDb();
    const created = await createAccount(handle.db, { name: "Ana", email: "Ana@Example.com", password });
    expect(created.ok).toBe(true);
  });
  afterAll(async () => handle.close());

  it("stores a salted argon2id hash, never the password", async () => {
    const user = await getUserByEmail(handle.db, "ana@example.com");
    expect(user?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(user?.passwordHash).not.toContain(password);
    const second = await createAccount(handle.db, { name: "Bo", email: "bo@example.com", password });
    expect(second.ok).toBe(true);
    const bo = await getUserByEmail(handle.db, "bo@example.com");
    // Same password, different salt: the stored strings differ.
    expect(bo?.passwordHash).not.toEqual(user?.passwordHash);
  });

  it("makes sign-ups learners and lower-cases the email", async () => {
    const user = await getUserByEmail(handle.db, "ana@example.com");
    expect(user?.role).toBe("learner");
    expect(user?.email).toBe("ana@example.com");
  });

  it.each([
    [{ name: "X", email: "not-an-email", password }, "email", "Enter a valid email address"],
    [{ name: "X", email: "x@example.com", password: "short" }, "password", "at least 10 characters"],
    [{ name: "", email: "y@example.com", password }, "name", "Enter your name"],
    [{ name: "Ana again", email: "ANA@example.com", password }, "email", "already exists"],
  ])("refuses %o with a message on the field and writes nothing", async (input, field, message) => {
    const before = (await listUsersByEmail(handle.db)).length;
    const result = await createAccount(handle.db, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.fieldErrors[field as "email"]).toContain(message);
    expect((await listUsersByEmail(handle.db)).length).toBe(before);
  });

  it("signs in with the right password, whatever the email's case", async () => {
    const result = await verifyCredentials(handle.db, { email: " ANA@example.com ", password, address: "198.51.100.7" }, clock);
    expect(result.ok && result.value.email).toBe("ana@example.com");
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    const wrong = await verifyCredentials(handle.db, { email: "ana@example.com", password: "nope nope nope", address: null }, clock);
    const unknown = await verifyCredentials(handle.db, { email: "ghost@example.com", password, address: null }, clock);
    expect(wrong).toEqual({ ok: false, error: { code: "auth/invalid-credentials" } });
    expect(unknown).toEqual({ ok: false, error: { code: "auth/invalid-credentials" } });
  });

  it("refuses the 11th attempt in a minute without checking the password, then lets the account in again", async () => {
    await createAccount(handle.db, { name: "Cy", email: "cy@example.com", password });
    clock.set("2026-03-01T10:00:00Z");
    for (let attempt = 0; attempt < accountFailureLimit; attempt += 1) {
      const result = await verifyCredentials(handle.db, { email: "cy@example.com", password: `wrong-${attempt}-xxxxx`, address: `203.0.113.${attempt}` }, clock);
      expect(result).toEqual({ ok: false, error: { code: "auth/invalid-credentials" } });
    }
    // The right password is refused too: the limit is decided before the hash is looked at.
    const limited = await verifyCredentials(handle.db, { email: "cy@example.com", password, address: "203.0.113.99" }, clock);
    expect(limited).toEqual({ ok: false, error: { code: "auth/rate-limited" } });
    // Another account is unaffected.
    const other = await verifyCredentials(handle.db, { email: "ana@example.com", password, address: "203.0.113.99" }, clock);
    expect(other.ok).toBe(true);
    clock.advance(failureWindowMs + 1);
    const later = await verifyCredentials(handle.db, { email: "cy@example.com", password, address: "203.0.113.99" }, clock);
    expect(later.ok).toBe(true);
  });

  it("limits one address that tries many accounts", async () => {
    clock.set("2026-03-01T11:00:00Z");
    for (let attempt = 0; attempt < 50; attempt += 1) {
      await verifyCredentials(handle.db, { email: `spray${attempt}@example.com`, password: "guess-guess-guess", address: "192.0.2.50" }, clock);
    }
    const result = await verifyCredentials(handle.db, { email: "ana@example.com", password, address: "192.0.2.50" }, clock);
    expect(result).toEqual({ ok: false, error: { code: "auth/rate-limited" } });
  });
});
