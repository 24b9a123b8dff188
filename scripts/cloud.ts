// `npm run --silent cloud`: the simulated cloud's shell outside the browser. On a terminal it is an
// interactive prompt (history, multi-line heredocs with "> "); otherwise it runs the lines it reads and exits
// with the last status. `--state FILE` loads the cloud from FILE (when present) and saves it back on exit.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { createSession, validateState, type Session } from "../lib/cloud";

function parseArgv(argv: string[]): { stateFile?: string } {
  const i = argv.indexOf("--state");
  if (i >= 0 && argv[i + 1]) return { stateFile: argv[i + 1] };
  const eq = argv.find((a) => a.startsWith("--state="));
  return eq ? { stateFile: eq.slice("--state=".length) } : {};
}

function load(stateFile?: string): Session {
  if (stateFile && existsSync(stateFile)) {
    const checked = validateState(JSON.parse(readFileSync(stateFile, "utf8")));
    if (!checked.ok) {
      process.stderr.write(`cloud: ${stateFile} is not a valid cloud state:\n${checked.issues.slice(0, 10).join("\n")}\n`);
      process.exit(2);
    }
    return createSession({ state: checked.state, terminalWidth: process.stdout.isTTY ? process.stdout.columns : undefined });
  }
  return createSession({ terminalWidth: process.stdout.isTTY ? process.stdout.columns : undefined });
}

function save(session: Session, stateFile?: string): void {
  if (stateFile) writeFileSync(stateFile, JSON.stringify(session.state));
}

const { stateFile } = parseArgv(process.argv.slice(2));
const session = load(stateFile);
const interactive = Boolean(process.stdin.isTTY);
const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive, historySize: 1000 });
let buffer = "";
let status = 0;

const prompt = (): void => {
  if (!interactive) return;
  rl.setPrompt(buffer ? "> " : session.prompt());
  rl.prompt();
};

rl.on("line", (line) => {
  buffer = buffer ? `${buffer}\n${line}` : line;
  if (session.needsMoreInput(buffer)) return prompt();
  const r = session.run(buffer);
  buffer = "";
  status = r.exitCode;
  if (r.clear && interactive) process.stdout.write("\u001b[H\u001b[2J\u001b[3J");
  else process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.exit) return rl.close();
  prompt();
});

rl.on("close", () => {
  if (buffer) {
    const r = session.run(buffer);
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    status = r.exitCode;
  }
  save(session, stateFile);
  if (interactive) process.stdout.write("\n");
  process.exitCode = status;
});

prompt();
