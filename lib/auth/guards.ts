import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { areaRoles, canEnter, type Area, type SessionUser } from "./roles";
import { getSessionUser } from "./session";
import { readSessionUserId } from "./session-token";

/** Where the current request was going, so sign-in can send the visitor back (set by proxy.ts). */
async function currentPath(): Promise<string> {
  const path = (await headers()).get("x-examstack-path");
  return path && path.startsWith("/") && !path.startsWith("//") ? path : "/";
}

/** Every page, server action and route handler that needs a person starts here. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(await currentPath())}`);
  return user;
}

/** As requireUser, and a 403 page for a signed-in user whose role may not enter the area. */
export async function requireArea(area: Area): Promise<SessionUser> {
  const user = await requireUser();
  if (!canEnter(user, area)) forbidden();
  return user;
}

export async function requireRole(...roles: SessionUser["role"][]): Promise<SessionUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) forbidden();
  return user;
}

/**
 * For route handlers: the same checks answered as JSON — 401 signed out, 403 wrong role — because an API
 * client cannot follow a redirect to a sign-in page.
 */
export async function authorizeRequest(
  area?: Area,
): Promise<{ ok: true; user: SessionUser } | { ok: false; response: Response }> {
  const user = await getSessionUser();
  if (!user) return { ok: false, response: Response.json({ error: "Sign in first." }, { status: 401 }) };
  if (area && !canEnter(user, area)) {
    return {
      ok: false,
      response: Response.json({ error: `This needs the ${areaRoles[area].join(" or ")} role.` }, { status: 403 }),
    };
  }
  return { ok: true, user };
}

/**
 * The learn area's guard for a hot route handler whose query checks ownership itself (the exam's answer save).
 * Every role may enter the learn area, so a valid session cookie is the whole check: the handler's query proves
 * the row is this user's. Only when the cookie alone cannot tell (absent, or unreadable) does the full check
 * decide, so the answer for a signed-out caller stays the same 401. A handler that refuses for another reason
 * should run authorizeRequest("learn") before answering, so a deleted account still gets its 401.
 */
export async function authorizeLearnRequest(): Promise<{ ok: true; userId: string } | { ok: false; response: Response }> {
  const userId = await readSessionUserId();
  if (userId) return { ok: true, userId };
  const guard = await authorizeRequest("learn");
  return guard.ok ? { ok: true, userId: guard.user.id } : guard;
}
