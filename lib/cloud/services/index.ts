import type { CommandSpec } from "../cli/spec";
import { identityCommands } from "./identity/commands";
import { quotaCommands } from "./quota/commands";
import { objectStoreCommands } from "./object/commands";
import { heatCommands } from "./orchestration/commands";
import { imageCommands } from "./image/commands";
import { volumeCommandList } from "./volume/commands";
import { computeCommands } from "./compute/commands";
import { networkServiceCommands } from "./network/commands";
import { networkExtraCommands } from "./network/extra-commands";
import { federationCommands } from "./identity/federation";

// Every service's command list. To add a service, import its `commands.ts` here (one line each); its module
// may also register quota usage counters and lifecycle settlers at import time. See ../README.md.
export const ALL_COMMANDS: readonly CommandSpec[] = [
  ...identityCommands,
  ...federationCommands,
  ...quotaCommands,
  ...objectStoreCommands,
  ...heatCommands,
  ...imageCommands,
  ...volumeCommandList,
  ...computeCommands,
  ...networkServiceCommands,
  ...networkExtraCommands,
];
