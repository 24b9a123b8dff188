import { createSession } from "@/lib/cloud";

// Transcript files: `$ command` (continuation lines start with `> `), then the expected stdout followed by
// stderr, then `[exit N]` when the status is not 0. Ids, request ids, tokens and times are normalised so a
// transcript states behaviour, not random values.

export interface TranscriptEntry { command: string; expected: string }

export function parseTranscript(text: string): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  let current: { command: string[]; out: string[] } | null = null;
  const flush = (): void => {
    if (current) entries.push({ command: current.command.join("\n"), expected: current.out.join("\n").replace(/\n+$/, "") });
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("$ ")) {
      flush();
      current = { command: [line.slice(2)], out: [] };
    } else if (current && current.out.length === 0 && line.startsWith("> ")) current.command.push(line.slice(2));
    else if (current) current.out.push(line);
  }
  flush();
  return entries;
}

/** A placeholder as wide as what it replaces, so normalised tables stay aligned. */
const placeholder = (label: string) => (match: string): string => `<${label}${"~".repeat(Math.max(0, match.length - label.length - 2))}>`;

export function normalize(text: string): string {
  return text
    .replace(/tx[0-9a-f]{21}-[0-9a-f]{10}/g, placeholder("TX"))
    .replace(/req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, placeholder("REQUEST"))
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, placeholder("UUID"))
    .replace(/\b[0-9a-f]{32}\b/g, placeholder("ID"))
    .replace(/gAAAAAB[A-Za-z0-9_-]+/g, placeholder("TOKEN"))
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+0000)?/g, placeholder("TIME"));
}

/** Runs a transcript's commands in a fresh default session and renders what a learner would see. */
export function renderTranscript(entries: readonly TranscriptEntry[]): string {
  const session = createSession({ seed: 42 });
  const out: string[] = [];
  for (const e of entries) {
    const r = session.run(e.command);
    const [first, ...rest] = e.command.split("\n");
    out.push(`$ ${first}`, ...rest.map((l) => `> ${l}`));
    const body = normalize(r.stdout + r.stderr).replace(/\n+$/, "");
    if (body !== "") out.push(body);
    if (r.exitCode !== 0) out.push(`[exit ${r.exitCode}]`);
  }
  return out.join("\n") + "\n";
}
