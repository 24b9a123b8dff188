// Public entry point of the simulated OpenStack cloud.
export { createSession, needsMoreInput, type Session, type SessionOptions, type RunResult } from "./shell";
export { createDefaultCloud, devstackEnv, devstackFiles } from "./default-cloud";
export { runOpenstack } from "./cli/openstack";
export { settledState } from "./lifecycle";
export { cloudStateSchema, createStateChecker, validateState } from "./schema";
export type { CloudState } from "./state";
export type * from "./types";
