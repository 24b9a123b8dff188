import type { CommandSpec } from "./spec";
import { ALL_COMMANDS } from "../services";

// The command table: command words → spec. Built once per process from every service's command list.

export interface CommandTable { byName: Map<string, CommandSpec> }

let cached: CommandTable | undefined;

export function buildCommandTable(commands: readonly CommandSpec[]): CommandTable {
  const byName = new Map<string, CommandSpec>();
  for (const c of commands) {
    const name = c.words.join(" ");
    if (byName.has(name)) throw new Error(`duplicate command: ${name}`);
    byName.set(name, c);
  }
  return { byName };
}

export function commandTable(): CommandTable {
  cached ??= buildCommandTable(ALL_COMMANDS);
  return cached;
}
