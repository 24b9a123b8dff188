/**
 * Every server action and route handler in app/, called signed out and with the wrong role, must refuse.
 * The files are found by scanning app/, so a new action or route is checked the day it is written; the few
 * that must be public are listed below with the reason.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { createAccount } from "@/lib/auth/accounts";
import { areaOfPath, type SessionUser } from "@/lib/auth/roles";
import { createTestDb } from "../../helpers/db";

class RedirectSignal extends Error {
  constructor(readonly url: string) {
    super(`redirect ${url}`);
  }
}
class ForbiddenSignal extends Error {}

const state = vi.hoisted(() => ({ user: null as SessionUser | null, db: undefined as unknown }));

vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new RedirectSignal(url);
  },
  forbidden: () => {
    throw new ForbiddenSignal("forbidden");
  },
  notFound: () => {
    throw new Error("not found");
  },
}));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-examstack-path": "/somewhere" }),
  cookies: async () => ({ get: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => state.user }));
vi.mock("@/lib/auth", () => ({
  signIn: async () => {
    throw new Error("signIn must not be reached by a refused call");
  },
  signOut: async () => {},
  auth: async () => null,
  handlers: { GET: async () => new Response(null), POST: async () => new Response(null) },
  externalProviderIds: () => [],
  AuthError: class extends Error {},
  CredentialsSignin: class extends Error {},
}));
vi.mock("@/db/client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/db/client")>()),
  getDb: async () => state.db,
}));

const appDir = path.join(process.cwd(), "app");

function findFiles(dir: string, names: string[]): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return findFiles(full, names);
    return names.includes(entry) ? [full] : [];
  });
}

/** Which role area a file belongs to, from where it sits; `public` ones are listed with their reason. */
const publicActions: Record<string, string> = {
  "(auth)/actions.ts#signInAction": "signing in is what a signed-out visitor does",
  "(auth)/actions.ts#signUpAction": "so is creating an account",
  "(auth)/actions.ts#signOutAction": "signing out when already signed out is harmless",
};
const publicRoutes: Record<string, string> = {
  "api/auth/[...nextauth]/route.ts": "Auth.js's own endpoints, which check their own CSRF token and session",
  "api/health/route.ts": "liveness probe; reveals nothing",
};

const areaOf = (relative: string) => areaOfPath(relative.split(path.sep).join("/"));

const learner: SessionUser = { id: "00000000-0000-4000-8000-000000000001", email: "l@example.com", name: "L", role: "learner" };
const instructor: SessionUser = { id: "00000000-0000-4000-8000-000000000002", email: "i@example.com", name: "I", role: "instructor" };

function sampleForm(): FormData {
  const form = new FormData();
  form.set("userId", "00000000-0000-4000-8000-000000000009");
  form.set("role", "admin");
  return form;
}

async function callAction(fn: (...args: unknown[]) => unknown): Promise<unknown> {
  try {
    return { returned: await fn({}, sampleForm()) };
  } catch (error) {
    return error;
  }
}

describe("authorization of every action and route handler", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb();
    state.db = handle.db;
    await createAccount(handle.db, { name: "Victim", email: "victim@example.com", password: "victim-password-1" });
  });
  afterAll(async () => handle.close());

  const actionFiles = findFiles(appDir, ["actions.ts"]);
  const routeFiles = findFiles(appDir, ["route.ts"]);

  it("finds the app's actions and routes", () => {
    expect(actionFiles.length).toBeGreaterThan(1);
    expect(routeFiles.length).toBeGreaterThan(1);
  });

  for (const file of actionFiles) {
    const relative = path.relative(appDir, file);
    it(`${relative}: every exported action refuses a signed-out caller and the wrong role`, async () => {
      const module = (await import(file)) as Record<string, unknown>;
      const actions = Object.entries(module).filter(([, value]) => typeof value === "function");
      expect(actions.length).toBeGreaterThan(0);
      for (const [name, fn] of actions) {
        const key = `${relative}#${name}`;
        if (publicActions[key]) continue;
        state.user = null;
        const signedOut = await callAction(fn as never);
        expect(signedOut, `${key} signed out`).toBeInstanceOf(RedirectSignal);
        expect((signedOut as RedirectSignal).url).toMatch(/^\/sign-in\?callbackUrl=/);
        const area = areaOf(relative);
        expect(area, `${key} sits in no role area; move it or list it as public with a reason`).not.toBeNull();
        if (area === "teach" || area === "admin") {
          state.user = learner;
          expect(await callAction(fn as never), `${key} as a learner`).toBeInstanceOf(ForbiddenSignal);
        }
        if (area === "admin") {
          state.user = instructor;
          expect(await callAction(fn as never), `${key} as an instructor`).toBeInstanceOf(ForbiddenSignal);
        }
      }
    });
  }

  for (const file of routeFiles) {
    const relative = path.relative(appDir, file);
    if (publicRoutes[relative]) continue;
    it(`${relative}: refuses signed-out callers with 401 and the wrong role with 403`, async () => {
      const module = (await import(file)) as Record<string, (request: Request) => Promise<Response>>;
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const) {
        const handler = module[method];
        if (!handler) continue;
        state.user = null;
        expect((await handler(new Request(`http://localhost/${relative}`, { method }))).status).toBe(401);
        const area = areaOf(relative.replace(/^api\//, ""));
        if (area === "teach" || area === "admin") {
          state.user = learner;
          expect((await handler(new Request(`http://localhost/${relative}`, { method }))).status).toBe(403);
        }
      }
    });
  }

  it("a learner cannot change another account through the admin action", async () => {
    const { changeRoleAction } = await import("@/app/admin/actions");
    state.user = learner;
    const form = new FormData();
    form.set("role", "admin");
    form.set("userId", learner.id);
    await expect(changeRoleAction({}, form)).rejects.toBeInstanceOf(ForbiddenSignal);
  });
});
