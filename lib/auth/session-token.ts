import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";

/**
 * The user id inside the Auth.js session cookie, decrypted and checked (signature and expiry) the way Auth.js
 * does it, or null. This is the cheap half of a session check: no Auth.js session round trip, which re-encrypts
 * and re-issues the cookie on every call, and no user-row read. It is for hot route handlers whose own query
 * proves ownership (the exam's answer save); everything else uses getSessionUser, which reads the role.
 */

// Auth.js names the cookie by the transport: the `__Secure-` prefix over HTTPS. The name is also the JWT's salt.
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
// A token over ~4 KB is split into `<name>.0`, `<name>.1`, …; ours are far smaller, but read what Auth.js writes.
const MAX_CHUNKS = 8;

export async function readSessionUserId(): Promise<string | null> {
  const secret = process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (!secret) return null;
  const jar = await cookies();
  for (const name of SESSION_COOKIES) {
    let token = jar.get(name)?.value;
    if (!token) {
      const chunks: string[] = [];
      for (let index = 0; index < MAX_CHUNKS; index += 1) {
        const chunk = jar.get(`${name}.${index}`)?.value;
        if (!chunk) break;
        chunks.push(chunk);
      }
      token = chunks.join("");
    }
    if (!token) continue;
    try {
      const payload = await decode({ token, secret, salt: name });
      return typeof payload?.uid === "string" ? payload.uid : null;
    } catch {
      // Expired, tampered with, or signed with another secret: not a session.
      return null;
    }
  }
  return null;
}
