import type { CommandSpec } from "../cli/spec";
import { identityCommands } from "./identity/commands";
import { quotaCommands } from "./quota/commands";

// Every service's command list. To add a service, import its `commands.ts` here (one line each); its module
// may also register quota usage counters and lifecycle settlers at import time. See ../README.md.
export const ALL_COMMANDS: readonly CommandSpec[] = [
  ...identityCommands,
  ...quotaCommands,
];
