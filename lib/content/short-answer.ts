import type { ShortAnswer } from "./schema";

/**
 * How a typed answer is compared with the accepted ones (content/README.md, `short`): whitespace collapsed
 * unless `whitespace=exact`, case ignored unless `case=sensitive`, and a regular expression must match the
 * whole response, as if written between `^` and `$`.
 */
export interface ShortAnswerKey {
  answers: readonly ShortAnswer[];
  caseSensitive: boolean;
  whitespace: "exact" | "collapse";
}

export function normalizeShortResponse(response: string, whitespace: ShortAnswerKey["whitespace"]): string {
  return whitespace === "collapse" ? response.trim().replace(/\s+/g, " ") : response;
}

export function acceptsShortAnswer(key: ShortAnswerKey, response: string): boolean {
  const given = normalizeShortResponse(response, key.whitespace);
  return key.answers.some((answer) => {
    if (answer.regex) {
      return new RegExp(`^(?:${answer.value})$`, key.caseSensitive ? "" : "i").test(given);
    }
    const expected = normalizeShortResponse(answer.value, key.whitespace);
    return key.caseSensitive ? given === expected : given.toLowerCase() === expected.toLowerCase();
  });
}
