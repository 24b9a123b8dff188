import { randomInt } from "node:crypto";

/**
 * Join codes: eight characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z), so a code read
 * off a projector is typed right. 27^8 ≈ 2.8 × 10^11 codes; with codes expiring and uses counted, guessing one
 * is not a practical way into a cohort. Drawn from the operating system's CSPRNG, never a seeded generator.
 */
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789";
export const JOIN_CODE_LENGTH = 8;

export function newJoinCode(pick: (size: number) => number = randomInt): string {
  return Array.from({ length: JOIN_CODE_LENGTH }, () => JOIN_CODE_ALPHABET[pick(JOIN_CODE_ALPHABET.length)]).join("");
}

/** What a learner typed or pasted (any case, spaces or dashes, or a whole join link) → the stored form. */
export function normalizeJoinCode(input: string): string {
  const fromLink = input.trim().match(/\/join\/([^/?#\s]+)/i)?.[1] ?? input;
  return fromLink.toUpperCase().replace(/[\s-]/g, "");
}
