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

/**
 * Tokens already decrypted, by their exact text: the same session cookie arrives with every answer save, and each
 * decode costs a key derivation (HKDF) plus a JWE decryption. A hit is the byte-identical token this process
 * decrypted before with the same secret, so it still names the same user; its own expiry is checked on every hit.
 * Bounded: the oldest entry is dropped when full (a Map iterates in insertion order).
 */
const decodedTokens = new Map<string, { userId: string; expiresAtMs: number }>();
const DECODED_TOKENS_MAX = 10_000;

function rememberToken(token: string, userId: string, expiresAtMs: number): void {
  if (decodedTokens.size >= DECODED_TOKENS_MAX) decodedTokens.delete(decodedTokens.keys().next().value!);
  decodedTokens.set(token, { userId, expiresAtMs });
}

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
    // The secret is part of the key so that a token is never trusted under a secret it was not decrypted with.
    const cacheKey = `${secret}\u0000${name}\u0000${token}`;
    const known = decodedTokens.get(cacheKey);
    if (known) {
      if (known.expiresAtMs > Date.now()) return known.userId;
      decodedTokens.delete(cacheKey);
      return null;
    }
    try {
      const payload = await decode({ token, secret, salt: name });
      if (typeof payload?.uid !== "string") return null;
      // Auth.js always sets exp; a token without one is remembered for a minute only.
      rememberToken(cacheKey, payload.uid, typeof payload.exp === "number" ? payload.exp * 1_000 : Date.now() + 60_000);
      return payload.uid;
    } catch {
      // Expired, tampered with, or signed with another secret: not a session.
      return null;
    }
  }
  return null;
}
