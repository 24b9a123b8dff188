import { SNIPPET_MATCH_END, SNIPPET_MATCH_START } from "@/db/queries/content";

export interface SnippetPart {
  text: string;
  match: boolean;
}

/**
 * Splits a search snippet into plain-text parts, marking the matched words, so a page renders it as text
 * (never as HTML: snippets come from Markdown and may contain `<`).
 */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = snippet;
  while (rest.length > 0) {
    const start = rest.indexOf(SNIPPET_MATCH_START);
    if (start < 0) {
      parts.push({ text: rest, match: false });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), match: false });
    const end = rest.indexOf(SNIPPET_MATCH_END, start);
    const stop = end < 0 ? rest.length : end;
    parts.push({ text: rest.slice(start + SNIPPET_MATCH_START.length, stop), match: true });
    rest = end < 0 ? "" : rest.slice(end + SNIPPET_MATCH_END.length);
  }
  return parts.filter((part) => part.text.length > 0);
}
