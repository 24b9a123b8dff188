import { NextResponse, type NextRequest } from "next/server";
import { areaOfPath } from "@/lib/auth/roles";

/**
 * Optimistic redirects only: a visitor with no session cookie who opens a signed-in area goes to sign-in and
 * comes back afterwards. The real checks (is the session valid, may this role enter) are the guards in
 * lib/auth, run by every page, action and route handler — a proxy can be bypassed, they cannot.
 */
const sessionCookies = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSessionCookie = sessionCookies.some((name) => request.cookies.has(name));
  if (!hasSessionCookie && areaOfPath(pathname)) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(signIn);
  }
  // Tell server components where this request was going, so guards can send the visitor back after sign-in.
  const forwarded = new Headers(request.headers);
  forwarded.set("x-examstack-path", pathname + search);
  return NextResponse.next({ request: { headers: forwarded } });
}

// API routes are left out: they answer 401/403 JSON themselves (a redirect to a sign-in page means nothing to a
// fetch), and the proxy's pass would only add to every answer save's latency.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/).*)"],
};
