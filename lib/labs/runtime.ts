import { createSession, devstackEnv, needsMoreInput, type CloudState, type Session } from "../cloud";
import { grade, type Check, type Grade } from "../checker";
import { err, ok, type Result } from "../result";

/**
 * Running a lab: its starting state (setup commands run as admin on a fresh DevStack cloud, then files put in
 * the home folder and the learner's openrc sourced), a learner's terminal session over it, and a snapshot of
 * that session as plain JSON so it can be stored per learner and lab and resumed on another device.
 */

export interface LabRuntimeSpec {
  id: string;
  /** Who the learner is at the start: their openrc is in the home folder and already sourced. */
  user: string;
  project: string;
  setup: readonly string[];
  files: readonly { path: string; content: string }[];
  checks: readonly Check[];
}

/** Everything a terminal session needs to resume: the cloud, the shell's variables, files and directory. */
export interface LabSnapshot {
  state: CloudState;
  env: Record<string, string>;
  files: Record<string, string>;
  cwd: string;
}

export interface TranscriptEntry {
  prompt: string;
  input: string;
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface SetupFailure {
  /** Index into `setup`. */
  index: number;
  command: string;
  output: string;
}

/** Every lab starts from the same seed, so the same lab always has the same ids and addresses. */
export const LAB_SEED = 42;
export const HOME = "/home/stack";
const PASSWORD = "secret";

/** Splits a script into the commands a terminal would run one by one (heredocs and `\` continuations kept whole). */
export function splitCommands(script: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let buffer: string[] = [];
  let start = 0;
  script.split("\n").forEach((line, index) => {
    if (buffer.length === 0) {
      if (line.trim() === "" || line.trim().startsWith("#")) return;
      start = index;
    }
    buffer.push(line);
    const text = buffer.join("\n");
    if (!needsMoreInput(text)) {
      out.push({ text, line: start });
      buffer = [];
    }
  });
  if (buffer.length > 0) out.push({ text: buffer.join("\n"), line: start });
  return out;
}

export function openrcFor(user: string, project: string): string {
  const env = devstackEnv(user, project);
  const keys = ["OS_AUTH_URL", "OS_AUTH_TYPE", "OS_IDENTITY_API_VERSION", "OS_REGION_NAME", "OS_USERNAME", "OS_PASSWORD", "OS_PROJECT_NAME", "OS_USER_DOMAIN_ID", "OS_PROJECT_DOMAIN_ID"];
  return `${keys.map((k) => `export ${k}=${k === "OS_PASSWORD" ? PASSWORD : env[k]}`).join("\n")}\n`;
}

/** The lab's starting snapshot, or the first setup command that failed (an authoring mistake). */
export function startLab(lab: LabRuntimeSpec): Result<LabSnapshot, SetupFailure> {
  const admin = createSession({ seed: LAB_SEED });
  for (const [index, command] of lab.setup.entries()) {
    const r = admin.run(command);
    if (r.exitCode !== 0) return err({ index, command, output: (r.stderr || r.stdout).trim() });
  }
  const files: Record<string, string> = {};
  for (const name of admin.listFiles()) files[name] = admin.readFile(name) ?? "";
  files[`${HOME}/${lab.user}-openrc`] = openrcFor(lab.user, lab.project);
  for (const file of lab.files) files[file.path.startsWith("/") ? file.path : `${HOME}/${file.path}`] = file.content;
  return ok({ state: admin.state, env: devstackEnv(lab.user, lab.project), files, cwd: HOME });
}

export function openSession(snapshot: LabSnapshot, terminalWidth?: number): Session {
  const session = createSession({ state: snapshot.state, env: snapshot.env, files: snapshot.files, terminalWidth });
  if (snapshot.cwd !== (snapshot.env.HOME ?? HOME)) session.run(`cd '${snapshot.cwd.replace(/'/g, "'\\''")}'`);
  return session;
}

export function snapshotOf(session: Session): LabSnapshot {
  const files: Record<string, string> = {};
  for (const name of session.listFiles()) files[name] = session.readFile(name) ?? "";
  return { state: session.state, env: { ...session.env }, files, cwd: session.cwd };
}

/** Runs one line as the learner typed it and records it the way the terminal showed it. */
export function runLine(session: Session, input: string): TranscriptEntry {
  const prompt = session.prompt();
  const r = session.run(input);
  return { prompt, input, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

/** Plays commands from the lab's start and grades the result: how content checks test solutions. */
export function playAndGrade(lab: LabRuntimeSpec, commands: readonly string[]): Result<{ grade: Grade; transcript: TranscriptEntry[] }, SetupFailure> {
  const start = startLab(lab);
  if (!start.ok) return start;
  const session = openSession(start.value);
  const transcript = commands.map((command) => runLine(session, command));
  return ok({ grade: grade(session.state, lab.checks), transcript });
}
