import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id with a random per-password salt (inside the PHC string it returns) and OWASP's second recommended
 * cost (19 MiB, 2 passes): slow enough to make guessing expensive, fast enough for a sign-in on 2 cores.
 */
const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed sign-in, never a crash that could reveal which accounts exist.
    return false;
  }
}

/**
 * A hash of a password nobody knows, verified when the email matches no account, so that an unknown email
 * takes as long to refuse as a wrong password and response times do not reveal which accounts exist.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword("examstack-decoy-password-for-timing");
  return decoyHash;
}
