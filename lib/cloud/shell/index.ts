export { createSession, type Session, type SessionOptions, type RunResult } from "./session";
export { needsMoreInput, parseScript } from "./parser";
