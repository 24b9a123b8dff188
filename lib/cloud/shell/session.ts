import type { CloudState } from "../state";
import { advanceClock } from "../state";
import { COMMAND_TICK_MS } from "../clock";
import { createDefaultCloud, devstackEnv, devstackFiles } from "../default-cloud";
import { runOpenstack } from "../cli/openstack";
import { parseScript, needsMoreInput, type AndOr, type ParamOp, type Part, type Pipeline, type SimpleCommand, type Word } from "./parser";
import { LEGACY_CLIENTS, legacyHint } from "./legacy";
import { runSwift } from "../services/object/swift-cli";

// One terminal session: a cloud, environment variables, a small virtual file system and the command history.
// Everything is synchronous and deterministic; the same lines give the same output and state.

export interface SessionOptions {
  state?: CloudState;
  env?: Record<string, string>;
  /** Absolute or home-relative paths → content (e.g. a lab's `admin-openrc`). */
  files?: Record<string, string>;
  seed?: number;
  /** Columns of the terminal when there is one; tables are then fitted as on a TTY. */
  terminalWidth?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** `clear` asks the terminal to wipe the screen. */
  clear: boolean;
  /** `exit` was run. */
  exit: boolean;
}

export interface Session {
  run(text: string): RunResult;
  /** True when `text` is unfinished (open quote, heredoc without its delimiter, trailing `&&` …). */
  needsMoreInput(text: string): boolean;
  readonly state: CloudState;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readFile(path: string): string | undefined;
  listFiles(): string[];
  /** `stack@devstack:~$ ` */
  prompt(): string;
}

interface Io { stdin: string; stdout: string; stderr: string }

const CLEAR_SCREEN = "\u001b[H\u001b[2J\u001b[3J";
const MAX_SUBSTITUTION_DEPTH = 8;
const MAX_SOURCE_DEPTH = 16;

export function createSession(options: SessionOptions = {}): Session {
  return new ShellSession(options);
}

class ShellSession implements Session {
  state: CloudState;
  env: Record<string, string>;
  cwd: string;
  private files = new Map<string, string>();
  private dirs = new Set<string>(["/", "/home", "/home/stack", "/etc", "/etc/openstack", "/tmp"]);
  private history: string[] = [];
  private lastStatus = 0;
  private exitRequested = false;
  private clearRequested = false;
  private depth = 0;
  private readonly terminalWidth?: number;

  constructor(o: SessionOptions) {
    this.state = o.state ?? createDefaultCloud(o.seed);
    this.env = { ...devstackEnv(), ...(o.env ?? {}) };
    this.cwd = this.env.HOME ?? "/home/stack";
    this.terminalWidth = o.terminalWidth;
    for (const [p, c] of Object.entries({ ...devstackFiles(), ...(o.files ?? {}) })) this.writeFile(this.resolve(p), c);
  }

  needsMoreInput(text: string): boolean {
    return needsMoreInput(text);
  }

  prompt(): string {
    const home = this.env.HOME ?? "/home/stack";
    const where = this.cwd === home ? "~" : this.cwd.startsWith(`${home}/`) ? `~${this.cwd.slice(home.length)}` : this.cwd;
    return `stack@devstack:${where}$ `;
  }

  readFile(path: string): string | undefined {
    return this.files.get(this.resolve(path));
  }

  listFiles(): string[] {
    return [...this.files.keys()].sort();
  }

  run(text: string): RunResult {
    this.clearRequested = false;
    const trimmed = text.replace(/\n+$/, "");
    if (trimmed.trim() !== "" && this.depth === 0) this.history.push(trimmed);
    const io: Io = { stdin: "", stdout: "", stderr: "" };
    const parsed = parseScript(text);
    if (!parsed.ok) {
      if (parsed.incomplete) {
        const what = parsed.reason === "'" || parsed.reason === '"' ? `bash: unexpected EOF while looking for matching \`${parsed.reason}'\n` : "bash: syntax error: unexpected end of file\n";
        this.lastStatus = 2;
        return { stdout: "", stderr: what, exitCode: 2, clear: false, exit: false };
      }
      this.lastStatus = 2;
      return { stdout: "", stderr: `${parsed.message}\n`, exitCode: 2, clear: false, exit: false };
    }
    this.exec(parsed.script, io);
    return { stdout: io.stdout, stderr: io.stderr, exitCode: this.lastStatus, clear: this.clearRequested, exit: this.exitRequested };
  }

  // ---------------------------------------------------------------- execution

  private exec(script: AndOr[], io: Io): void {
    for (const item of script) {
      if (this.exitRequested) return;
      this.lastStatus = this.pipeline(item.first, io);
      for (const { op, pipeline } of item.rest) {
        if (this.exitRequested) return;
        if ((op === "&&" && this.lastStatus === 0) || (op === "||" && this.lastStatus !== 0)) this.lastStatus = this.pipeline(pipeline, io);
      }
    }
  }

  private pipeline(p: Pipeline, io: Io): number {
    let stdin = io.stdin;
    let status = 0;
    p.forEach((cmd, k) => {
      const last = k === p.length - 1;
      const local: Io = { stdin, stdout: "", stderr: "" };
      status = this.simple(cmd, local);
      io.stderr += local.stderr;
      if (last) io.stdout += local.stdout;
      else stdin = local.stdout;
    });
    return status;
  }

  private simple(cmd: SimpleCommand, io: Io): number {
    const fields: string[] = [];
    for (const w of cmd.words) fields.push(...this.expand(w, io));
    const assigns = cmd.assigns.map(([k, w]) => [k, this.expandJoined(w, io)] as const);
    if (fields.length === 0) {
      for (const [k, v] of assigns) this.env[k] = v;
      // A bare assignment's status is that of its last command substitution (bash), else 0.
      const hadSub = cmd.assigns.some(([, w]) => w.some((p) => p.t === "sub"));
      if (cmd.redirs.length === 0) return hadSub ? this.lastStatus : 0;
    }
    // Redirections: input first, then run, then write outputs.
    let stdin = io.stdin;
    for (const r of cmd.redirs) {
      if (r.op === "<<") stdin = r.expand ? this.expandHeredoc(r.body, io) : r.body;
      else if (r.op === "<") {
        const path = this.expandJoined(r.target, io);
        const content = this.files.get(this.resolve(path));
        if (content === undefined) {
          io.stderr += `bash: ${path}: No such file or directory\n`;
          return 1;
        }
        stdin = content;
      }
    }
    const local: Io = { stdin, stdout: "", stderr: "" };
    const saved = { ...this.env };
    for (const [k, v] of assigns) this.env[k] = v;
    const status = fields.length === 0 ? 0 : this.dispatch(fields, local);
    if (assigns.length > 0 && fields.length > 0) {
      for (const [k] of assigns) {
        if (saved[k] === undefined) delete this.env[k];
        else this.env[k] = saved[k] as string;
      }
    }
    let out = local.stdout;
    let errText = local.stderr;
    for (const r of cmd.redirs) {
      if (r.op === "2>&1") {
        out += errText;
        errText = "";
      } else if (r.op === ">" || r.op === ">>" || r.op === "2>" || r.op === "2>>" || r.op === "&>") {
        const path = this.expandJoined(r.target, io);
        const abs = this.resolve(path);
        if (path === "/dev/null") {
          if (r.op === "2>" || r.op === "2>>") errText = "";
          else if (r.op === "&>") (out = ""), (errText = "");
          else out = "";
          continue;
        }
        const parent = abs.slice(0, abs.lastIndexOf("/")) || "/";
        if (!this.dirs.has(parent)) {
          io.stderr += `bash: ${path}: No such file or directory\n`;
          return 1;
        }
        if (this.dirs.has(abs)) {
          io.stderr += `bash: ${path}: Is a directory\n`;
          return 1;
        }
        const data = r.op === "2>" || r.op === "2>>" ? errText : r.op === "&>" ? out + errText : out;
        const prev = r.op === ">>" || r.op === "2>>" ? (this.files.get(abs) ?? "") : "";
        this.writeFile(abs, prev + data);
        if (r.op === "2>" || r.op === "2>>") errText = "";
        else if (r.op === "&>") (out = ""), (errText = "");
        else out = "";
      }
    }
    io.stdout += out;
    io.stderr += errText;
    return status;
  }

  private dispatch(argv: string[], io: Io): number {
    const [name = "", ...args] = argv;
    const builtin = BUILTINS[name];
    if (builtin) return builtin.call(this, args, io);
    if (name === "openstack") return this.openstack(args, io);
    if (name === "swift") return this.openstack(args, io, runSwift);
    if (LEGACY_CLIENTS.includes(name)) {
      io.stderr += legacyHint(name, args);
      return 127;
    }
    if (name.includes("/")) {
      io.stderr += `bash: ${name}: ${this.files.has(this.resolve(name)) ? "Permission denied" : "No such file or directory"}\n`;
      return this.files.has(this.resolve(name)) ? 126 : 127;
    }
    io.stderr += `bash: ${name}: command not found\n`;
    return 127;
  }

  /** `openstack …`, or another client with the same contract (`swift`). */
  private openstack(args: string[], io: Io, client: typeof runOpenstack = runOpenstack): number {
    this.state = advanceClock(this.state, COMMAND_TICK_MS);
    const r = client(args, {
      state: this.state,
      env: this.env,
      files: { read: (p) => this.files.get(this.resolve(p)), exists: (p) => this.files.has(this.resolve(p)) },
      terminalWidth: this.terminalWidth,
    });
    this.state = r.state;
    for (const [p, c] of r.fileWrites) this.writeFile(this.resolve(p), c);
    io.stdout += r.stdout;
    io.stderr += r.stderr;
    return r.exitCode;
  }

  // ---------------------------------------------------------------- expansion

  private variable(name: string): string {
    if (name === "?") return String(this.lastStatus);
    if (name === "$") return "4242";
    if (name === "#") return "0";
    if (name === "0") return "-bash";
    return this.env[name] ?? "";
  }

  /** `${VAR:-default}` (also when empty), `${VAR-default}` (only when unset), and glob trimming `#`/`##`/`%`/`%%`. */
  private paramOp(value: string, name: string, op: ParamOp): string {
    const word = op.word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a?: string, b?: string) => this.variable(a ?? b ?? ""));
    if (op.kind === ":-") return value === "" ? word : value;
    if (op.kind === "-") return this.env[name] === undefined && !/^[?0-9]$/.test(name) ? word : value;
    const re = globToRegExp(word);
    const matches = (text: string) => re.test(text);
    if (op.kind === "#" || op.kind === "##") {
      const ends = op.kind === "#" ? range(0, value.length) : range(value.length, 0);
      for (const k of ends) if (matches(value.slice(0, k))) return value.slice(k);
      return value;
    }
    const starts = op.kind === "%" ? range(value.length, 0) : range(0, value.length);
    for (const k of starts) if (matches(value.slice(k))) return value.slice(0, k);
    return value;
  }

  private substitute(src: string, io: Io): string {
    if (this.depth >= MAX_SUBSTITUTION_DEPTH) {
      io.stderr += "bash: maximum command substitution depth exceeded\n";
      return "";
    }
    this.depth++;
    const savedEnv = { ...this.env };
    const savedCwd = this.cwd;
    const parsed = parseScript(src);
    const sub: Io = { stdin: "", stdout: "", stderr: "" };
    if (parsed.ok) this.exec(parsed.script, sub);
    else {
      sub.stderr += parsed.incomplete ? "bash: command substitution: syntax error: unexpected end of file\n" : `${parsed.message}\n`;
      this.lastStatus = 2;
    }
    // $( … ) runs in a subshell: its variables and directory changes do not leak.
    this.env = savedEnv;
    this.cwd = savedCwd;
    this.exitRequested = false;
    this.depth--;
    io.stderr += sub.stderr;
    return sub.stdout.replace(/\n+$/, "");
  }

  private partValue(p: Part, io: Io): string {
    if (p.t === "lit") return p.v;
    if (p.t === "var" && p.op) return this.paramOp(this.variable(p.name), p.name, p.op);
    if (p.t === "var") return this.variable(p.name);
    return this.substitute(p.src, io);
  }

  /** Word → fields: unquoted expansions split on whitespace; tilde at the start expands to HOME. */
  private expand(w: Word, io: Io): string[] {
    const fields: string[] = [];
    let cur = "";
    let has = false;
    w.forEach((p, k) => {
      let v = this.partValue(p, io);
      if (k === 0 && p.t === "lit" && !p.q && (v === "~" || v.startsWith("~/"))) v = (this.env.HOME ?? "/home/stack") + v.slice(1);
      if (p.t === "lit" || p.q) {
        cur += v;
        has = true;
        return;
      }
      const pieces = v.split(/[ \t\n]+/);
      pieces.forEach((piece, i) => {
        if (i > 0) {
          if (has) fields.push(cur);
          cur = "";
          has = false;
        }
        if (piece !== "") {
          cur += piece;
          has = true;
        }
      });
    });
    if (has) fields.push(cur);
    return fields;
  }

  private expandJoined(w: Word, io: Io): string {
    return w.map((p, k) => {
      const v = this.partValue(p, io);
      return k === 0 && p.t === "lit" && !p.q && (v === "~" || v.startsWith("~/")) ? (this.env.HOME ?? "") + v.slice(1) : v;
    }).join("");
  }

  private expandHeredoc(body: string, io: Io): string {
    let out = "";
    for (let i = 0; i < body.length; i++) {
      const c = body[i] ?? "";
      if (c === "\\" && "$`\\".includes(body[i + 1] ?? "x")) {
        out += body[i + 1];
        i++;
      } else if (c === "$") {
        const rest = body.slice(i);
        let m: RegExpExecArray | null;
        if ((m = /^\$\{([A-Za-z_][A-Za-z0-9_]*|\?)\}/.exec(rest)) || (m = /^\$([A-Za-z_][A-Za-z0-9_]*|\?)/.exec(rest))) {
          out += this.variable(m[1] ?? "");
          i += m[0].length - 1;
        } else if (rest.startsWith("$(")) {
          let depth = 0;
          let j = 1;
          for (; j < rest.length; j++) {
            if (rest[j] === "(") depth++;
            else if (rest[j] === ")" && --depth === 0) break;
          }
          out += this.substitute(rest.slice(2, j), io);
          i += j;
        } else out += c;
      } else out += c;
    }
    return out;
  }

  // ---------------------------------------------------------------- files

  resolve(path: string): string {
    const home = this.env.HOME ?? "/home/stack";
    let p = path === "~" ? home : path.startsWith("~/") ? home + path.slice(1) : path;
    if (!p.startsWith("/")) p = `${this.cwd}/${p}`;
    const out: string[] = [];
    for (const seg of p.split("/")) {
      if (seg === "" || seg === ".") continue;
      if (seg === "..") out.pop();
      else out.push(seg);
    }
    return `/${out.join("/")}`;
  }

  writeFile(abs: string, content: string): void {
    const segs = abs.split("/").filter(Boolean);
    for (let k = 1; k < segs.length; k++) this.dirs.add(`/${segs.slice(0, k).join("/")}`);
    this.files.set(abs, content);
  }

  // ---------------------------------------------------------------- built-ins (called with this = session)

  b = {
    lastStatus: () => this.lastStatus,
    setExit: () => void (this.exitRequested = true),
    setClear: () => void (this.clearRequested = true),
    history: () => this.history,
    files: () => this.files,
    dirs: () => this.dirs,
    setCwd: (p: string) => void (this.cwd = p),
    source: (path: string, io: Io): number => {
      const abs = this.resolve(path);
      const content = this.files.get(abs);
      if (content === undefined) {
        io.stderr += `bash: ${path}: No such file or directory\n`;
        return 1;
      }
      if (this.depth >= MAX_SOURCE_DEPTH) {
        io.stderr += `bash: ${path}: maximum nesting level exceeded\n`;
        return 1;
      }
      const parsed = parseScript(content);
      if (!parsed.ok) {
        io.stderr += `bash: ${path}: syntax error\n`;
        return 2;
      }
      this.depth++;
      this.lastStatus = 0;
      this.exec(parsed.script, io);
      this.depth--;
      return this.lastStatus;
    },
  };
}

type Builtin = (this: ShellSession, args: string[], io: Io) => number;

const HELP_TEXT = `This terminal is a simulated DevStack host with a bash-like shell.
Built-in commands:
  export NAME=value   unset NAME   env   echo [-n] [-e] TEXT   cat FILE   ls [-l] [-a] [DIR]
  source FILE | . FILE   history   clear   pwd   cd DIR   mkdir DIR   rm FILE   touch FILE
  grep [-i] [-v] [-c] PATTERN [FILE]   head [-n N]   tail [-n N]   wc [-l]   true   false   exit
  printf FORMAT [ARGS]   cut -d X -f LIST   awk [-F X] '{print $N}'   swift (object storage client)
Shell syntax: 'single' and "double" quotes, \\ escapes, $VAR, \${VAR}, \${VAR:-default}, \${VAR#pre}, \${VAR%%suf},
  $?, $(command), # comments,
  ;  &&  ||  |,  > and >> redirection, 2>&1, and heredocs (cat > file <<EOF ... EOF).
OpenStack: openstack --help, openstack help <command>, openstack <command> --help.
`;

function readInput(s: ShellSession, args: string[], io: Io, cmd: string): { text: string; status: number } {
  if (args.length === 0) return { text: io.stdin, status: 0 };
  let text = "";
  let status = 0;
  for (const a of args) {
    const abs = s.resolve(a);
    const c = s.b.files().get(abs);
    if (c === undefined) {
      io.stderr += s.b.dirs().has(abs) ? `${cmd}: ${a}: Is a directory\n` : `${cmd}: ${a}: No such file or directory\n`;
      status = 1;
    } else text += c;
  }
  return { text, status };
}

/** Inclusive integer range, counting down when `from > to`. */
function range(from: number, to: number): number[] {
  const out: number[] = [];
  if (from <= to) for (let k = from; k <= to; k++) out.push(k);
  else for (let k = from; k >= to; k--) out.push(k);
  return out;
}

/** A shell glob (`*`, `?`, `[…]`) as an anchored regular expression. */
function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? "";
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[" && glob.indexOf("]", i + 1) > i) {
      const end = glob.indexOf("]", i + 1);
      re += `[${glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
      i = end;
    } else if (c === "\\" && i + 1 < glob.length) re += (glob[++i] ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** bash's printf: %s %d %i %u %x %X %o %f %e %g %c %b %q and %%, with flags/width/precision; the format repeats for extra arguments. */
function printfFormat(format: string, args: string[]): { text: string; error: string } {
  let text = "";
  let error = "";
  let k = 0;
  const unescape = (t: string) =>
    t.replace(/\\(0[0-7]{0,3}|x[0-9A-Fa-f]{1,2}|.)/g, (_m, e: string) => {
      const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\u0007", b: "\b", f: "\f", v: "\v", "\\": "\\", '"': '"', "'": "'" };
      if (e.startsWith("x")) return String.fromCharCode(parseInt(e.slice(1), 16));
      if (e.startsWith("0")) return String.fromCharCode(parseInt(e, 8) || 0);
      return map[e] ?? `\\${e}`;
    });
  do {
    const before = k;
    text += format.replace(/%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdiuxXofeEgGcbq%])|\\(0[0-7]{0,3}|x[0-9A-Fa-f]{1,2}|.)/g, (m, flagsRaw?: string, widthRaw?: string, prec?: string, conv?: string) => {
      if (conv === undefined) return unescape(m);
      if (conv === "%") return "%";
      const flags = flagsRaw ?? "";
      const width = widthRaw === "*" ? Number(args[k++] ?? 0) : Number(widthRaw ?? 0);
      const arg = args[k++];
      let out: string;
      if ("diuxXo".includes(conv)) {
        const n = arg === undefined || arg === "" ? 0 : /^[-+]?\d+$/.test(arg.trim()) ? parseInt(arg, 10) : /^'./.test(arg) ? arg.charCodeAt(1) : NaN;
        if (Number.isNaN(n)) {
          error += `bash: printf: ${arg}: invalid number\n`;
          out = "0";
        } else out = conv === "x" ? n.toString(16) : conv === "X" ? n.toString(16).toUpperCase() : conv === "o" ? n.toString(8) : String(Math.trunc(n));
        if (prec !== undefined) out = out.replace(/^(-?)(\d+)$/, (_x, sign: string, d: string) => sign + d.padStart(Number(prec), "0"));
        if (flags.includes("+") && !out.startsWith("-")) out = `+${out}`;
      } else if ("feEgG".includes(conv)) {
        const n = Number(arg ?? 0);
        if (arg !== undefined && Number.isNaN(n)) error += `bash: printf: ${arg}: invalid number\n`;
        const v = Number.isNaN(n) ? 0 : n;
        out = conv === "f" ? v.toFixed(prec === undefined ? 6 : Number(prec)) : conv === "e" || conv === "E" ? v.toExponential(prec === undefined ? 6 : Number(prec)) : String(Number(v.toPrecision(prec === undefined ? 6 : Math.max(1, Number(prec)))));
        if (conv === "E" || conv === "G") out = out.toUpperCase();
        if (flags.includes("+") && !out.startsWith("-")) out = `+${out}`;
      } else if (conv === "c") out = (arg ?? "").slice(0, 1);
      else if (conv === "b") out = unescape(arg ?? "");
      else if (conv === "q") out = arg === undefined || arg === "" ? "''" : /^[A-Za-z0-9_./=:,+-]+$/.test(arg) ? arg : arg.replace(/([^A-Za-z0-9_./=:,+-])/g, "\\$1");
      else out = prec !== undefined ? (arg ?? "").slice(0, Number(prec)) : (arg ?? "");
      if (out.length < width) out = flags.includes("-") ? out.padEnd(width) : flags.includes("0") && !"sc".includes(conv) ? out.replace(/^([+-]?)/, (sign) => sign).padStart(width, "0") : out.padStart(width);
      return out;
    });
    if (k === before) break;
  } while (k < args.length);
  return { text, error };
}

/** cut's LIST: `1`, `1,3`, `2-4`, `3-`, `-2`; 1-based. */
function parseFieldList(list: string): ((n: number) => boolean) | null {
  const ranges: [number, number][] = [];
  for (const piece of list.split(",")) {
    const m = /^(\d*)-(\d*)$/.exec(piece);
    if (m && (m[1] || m[2])) ranges.push([m[1] ? Number(m[1]) : 1, m[2] ? Number(m[2]) : Infinity]);
    else if (/^\d+$/.test(piece) && Number(piece) > 0) ranges.push([Number(piece), Number(piece)]);
    else return null;
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

function lines(text: string): string[] {
  const l = text.split("\n");
  if (l[l.length - 1] === "") l.pop();
  return l;
}

const BUILTINS: Record<string, Builtin> = {
  export(args, io) {
    if (args.length === 0 || args[0] === "-p") {
      io.stdout += Object.keys(this.env).sort().map((k) => `declare -x ${k}="${this.env[k]}"\n`).join("");
      return 0;
    }
    for (const a of args) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a : a.slice(0, eq);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        io.stderr += `bash: export: \`${a}': not a valid identifier\n`;
        return 1;
      }
      if (eq >= 0) this.env[name] = a.slice(eq + 1);
      else this.env[name] ??= "";
    }
    return 0;
  },
  unset(args) {
    for (const a of args) if (a !== "-v" && a !== "-f") delete this.env[a];
    return 0;
  },
  env(args, io) {
    if (args.length > 0) {
      io.stderr += `env: '${args[0]}': No such file or directory\n`;
      return 127;
    }
    io.stdout += Object.entries(this.env).map(([k, v]) => `${k}=${v}\n`).join("");
    return 0;
  },
  echo(args, io) {
    let newline = true;
    let escapes = false;
    let k = 0;
    for (; k < args.length && /^-[neE]+$/.test(args[k] ?? ""); k++) {
      if (args[k]?.includes("n")) newline = false;
      if (args[k]?.includes("e")) escapes = true;
    }
    let text = args.slice(k).join(" ");
    if (escapes) text = text.replace(/\\n/g, "\n").replace(/\\t/g, "\t").replace(/\\\\/g, "\\");
    io.stdout += text + (newline ? "\n" : "");
    return 0;
  },
  cat(args, io) {
    const r = readInput(this, args.filter((a) => a !== "-"), io, "cat");
    io.stdout += r.text;
    return r.status;
  },
  ls(args, io) {
    const flags = args.filter((a) => a.startsWith("-")).join("");
    const targets = args.filter((a) => !a.startsWith("-"));
    const long = flags.includes("l");
    const all = flags.includes("a");
    let status = 0;
    const out: string[] = [];
    for (const t of targets.length ? targets : ["."]) {
      const abs = this.resolve(t);
      if (this.b.files().has(abs)) {
        out.push(long ? `-rw-r--r-- 1 stack stack ${String(this.b.files().get(abs)?.length ?? 0).padStart(5)} Jan  6 09:00 ${t}` : t);
        continue;
      }
      if (!this.b.dirs().has(abs)) {
        io.stderr += `ls: cannot access '${t}': No such file or directory\n`;
        status = 2;
        continue;
      }
      const prefix = abs === "/" ? "/" : `${abs}/`;
      const names = new Set<string>();
      for (const p of [...this.b.files().keys(), ...this.b.dirs()]) {
        if (p.startsWith(prefix) && p !== abs) {
          const name = p.slice(prefix.length).split("/")[0];
          if (name && (all || !name.startsWith("."))) names.add(name);
        }
      }
      const sorted = [...names].sort((x, y) => x.replace(/^\./, "").localeCompare(y.replace(/^\./, "")));
      if (long) {
        out.push(`total ${sorted.length * 4}`);
        for (const n of sorted) {
          const full = `${prefix}${n}`;
          const isDir = this.b.dirs().has(full) && !this.b.files().has(full);
          out.push(isDir ? `drwxr-xr-x 2 stack stack  4096 Jan  6 09:00 ${n}` : `-rw-r--r-- 1 stack stack ${String(this.b.files().get(full)?.length ?? 0).padStart(5)} Jan  6 09:00 ${n}`);
        }
      } else if (sorted.length > 0) out.push(sorted.join("  "));
    }
    if (out.length > 0) io.stdout += out.join("\n") + "\n";
    return status;
  },
  source(args, io) {
    const path = args[0];
    if (path === undefined) {
      io.stderr += "bash: source: filename argument required\nsource: usage: source filename [arguments]\n";
      return 2;
    }
    return this.b.source(path, io);
  },
  history(args, io) {
    if (args[0] === "-c") {
      this.b.history().length = 0;
      return 0;
    }
    const h = this.b.history();
    const n = args[0] && /^\d+$/.test(args[0]) ? Number(args[0]) : h.length;
    io.stdout += h.map((l, k) => `${String(k + 1).padStart(5)}  ${l}\n`).slice(Math.max(0, h.length - n)).join("");
    return 0;
  },
  clear(_args, io) {
    this.b.setClear();
    io.stdout += CLEAR_SCREEN;
    return 0;
  },
  help(_args, io) {
    io.stdout += HELP_TEXT;
    return 0;
  },
  pwd(_args, io) {
    io.stdout += `${this.cwd}\n`;
    return 0;
  },
  cd(args, io) {
    const target = args[0] === undefined ? (this.env.HOME ?? "/") : args[0] === "-" ? (this.env.OLDPWD ?? this.cwd) : args[0];
    const abs = this.resolve(target);
    if (!this.b.dirs().has(abs)) {
      io.stderr += this.b.files().has(abs) ? `bash: cd: ${target}: Not a directory\n` : `bash: cd: ${target}: No such file or directory\n`;
      return 1;
    }
    this.env.OLDPWD = this.cwd;
    this.b.setCwd(abs);
    this.env.PWD = abs;
    return 0;
  },
  mkdir(args, io) {
    for (const a of args.filter((x) => !x.startsWith("-"))) {
      const abs = this.resolve(a);
      if (this.b.dirs().has(abs) || this.b.files().has(abs)) {
        if (!args.includes("-p")) {
          io.stderr += `mkdir: cannot create directory '${a}': File exists\n`;
          return 1;
        }
        continue;
      }
      const parent = abs.slice(0, abs.lastIndexOf("/")) || "/";
      if (!this.b.dirs().has(parent) && !args.includes("-p")) {
        io.stderr += `mkdir: cannot create directory '${a}': No such file or directory\n`;
        return 1;
      }
      const segs = abs.split("/").filter(Boolean);
      for (let k = 1; k <= segs.length; k++) this.b.dirs().add(`/${segs.slice(0, k).join("/")}`);
    }
    return 0;
  },
  rm(args, io) {
    let status = 0;
    for (const a of args.filter((x) => !x.startsWith("-"))) {
      const abs = this.resolve(a);
      if (this.b.files().delete(abs)) continue;
      if (!args.some((x) => x.startsWith("-") && x.includes("f"))) {
        io.stderr += this.b.dirs().has(abs) ? `rm: cannot remove '${a}': Is a directory\n` : `rm: cannot remove '${a}': No such file or directory\n`;
        status = 1;
      }
    }
    return status;
  },
  touch(args) {
    for (const a of args) {
      const abs = this.resolve(a);
      if (!this.b.files().has(abs)) this.writeFile(abs, "");
    }
    return 0;
  },
  grep(args, io) {
    const flags = args.filter((a) => /^-[ivcE]+$/.test(a)).join("");
    const rest = args.filter((a) => !/^-[ivcE]+$/.test(a));
    const pattern = rest[0];
    if (pattern === undefined) {
      io.stderr += "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
      return 2;
    }
    const input = readInput(this, rest.slice(1), io, "grep");
    let re: RegExp;
    try {
      re = new RegExp(pattern, flags.includes("i") ? "i" : "");
    } catch {
      re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), flags.includes("i") ? "i" : "");
    }
    const matched = lines(input.text).filter((l) => re.test(l) !== flags.includes("v"));
    io.stdout += flags.includes("c") ? `${matched.length}\n` : matched.map((l) => `${l}\n`).join("");
    return input.status !== 0 ? 2 : matched.length > 0 ? 0 : 1;
  },
  head(args, io) {
    const k = args.indexOf("-n");
    const n = k >= 0 ? Number(args[k + 1] ?? 10) : /^-\d+$/.test(args[0] ?? "") ? Number((args[0] ?? "-10").slice(1)) : 10;
    const files = args.filter((a, i) => !a.startsWith("-") && !(k >= 0 && i === k + 1));
    const input = readInput(this, files, io, "head");
    io.stdout += lines(input.text).slice(0, n).map((l) => `${l}\n`).join("");
    return input.status;
  },
  tail(args, io) {
    const k = args.indexOf("-n");
    const n = k >= 0 ? Number(args[k + 1] ?? 10) : /^-\d+$/.test(args[0] ?? "") ? Number((args[0] ?? "-10").slice(1)) : 10;
    const files = args.filter((a, i) => !a.startsWith("-") && !(k >= 0 && i === k + 1));
    const input = readInput(this, files, io, "tail");
    const l = lines(input.text);
    io.stdout += l.slice(Math.max(0, l.length - n)).map((x) => `${x}\n`).join("");
    return input.status;
  },
  wc(args, io) {
    const files = args.filter((a) => !a.startsWith("-"));
    const input = readInput(this, files, io, "wc");
    const l = input.text.split("\n").length - 1;
    const words = input.text.split(/\s+/).filter(Boolean).length;
    io.stdout += args.includes("-l") ? `${l}${files[0] ? ` ${files[0]}` : ""}\n` : `${String(l).padStart(7)} ${String(words).padStart(7)} ${String(input.text.length).padStart(7)}\n`;
    return input.status;
  },
  sleep(args, io) {
    const seconds = Number(args[0]);
    if (!Number.isFinite(seconds) || seconds < 0) {
      io.stderr += `sleep: invalid time interval '${args[0] ?? ""}'\n`;
      return 1;
    }
    // Sleeping moves the virtual clock, so `sleep 30` lets slow resources settle.
    this.state = advanceClock(this.state, Math.round(seconds * 1000));
    return 0;
  },
  printf(args, io) {
    const [format, ...rest] = args[0] === "--" ? args.slice(1) : args;
    if (format === undefined) {
      io.stderr += "printf: usage: printf [-v var] format [arguments]\n";
      return 2;
    }
    const r = printfFormat(format, rest);
    io.stdout += r.text;
    io.stderr += r.error;
    return r.error ? 1 : 0;
  },
  cut(args, io) {
    let delimiter = "\t";
    let list: string | undefined;
    let onlyDelimited = false;
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? "";
      if (a === "-d" || a === "-f") (a === "-d" ? (delimiter = args[++i] ?? "") : (list = args[++i]));
      else if (a.startsWith("--delimiter=")) delimiter = a.slice(12);
      else if (a.startsWith("--fields=")) list = a.slice(9);
      else if (a.startsWith("-d")) delimiter = a.slice(2);
      else if (a.startsWith("-f")) list = a.slice(2);
      else if (a === "-s" || a === "--only-delimited") onlyDelimited = true;
      else files.push(a);
    }
    if (list === undefined) {
      io.stderr += "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n";
      return 1;
    }
    if (delimiter.length !== 1) {
      io.stderr += "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n";
      return 1;
    }
    const wanted = parseFieldList(list);
    if (!wanted) {
      io.stderr += `cut: invalid field value '${list}'\nTry 'cut --help' for more information.\n`;
      return 1;
    }
    const input = readInput(this, files, io, "cut");
    for (const line of lines(input.text)) {
      if (!line.includes(delimiter)) {
        if (!onlyDelimited) io.stdout += `${line}\n`;
        continue;
      }
      io.stdout += `${line.split(delimiter).filter((_f, k) => wanted(k + 1)).join(delimiter)}\n`;
    }
    return input.status;
  },
  awk(args, io) {
    // Only the field-printing programs learners pipe client output through: '{print $2}', '{print $1, $3}', -F.
    let separator: string | null = null;
    let k = 0;
    for (; k < args.length; k++) {
      const a = args[k] ?? "";
      if (a === "-F") separator = args[++k] ?? " ";
      else if (a.startsWith("-F")) separator = a.slice(2);
      else break;
    }
    const program = args[k];
    const m = program === undefined ? null : /^\s*\{\s*print\s*((?:\$(?:\d+|NF)\s*,?\s*)*)\s*;?\s*\}\s*$/.exec(program);
    if (program === undefined) {
      io.stderr += "usage: awk [-F fs] 'program' [file ...]\n";
      return 2;
    }
    if (!m) {
      io.stderr += `awk: this shell's awk only runs '{print $N}' programs (with -F): ${program}\n`;
      return 2;
    }
    const picks = [...(m[1] ?? "").matchAll(/\$(\d+|NF)\s*(,?)/g)].map((x) => ({ field: x[1] ?? "0", comma: x[2] === "," }));
    const sep = separator === null || separator === " " ? null : separator === "\\t" || separator === "t" ? "\t" : separator;
    const input = readInput(this, args.slice(k + 1), io, "awk");
    for (const line of lines(input.text)) {
      const fields = sep === null ? line.trim().split(/[ \t]+/).filter(Boolean) : line.split(sep.length === 1 ? sep : new RegExp(sep));
      if (picks.length === 0) {
        io.stdout += `${line}\n`;
        continue;
      }
      let out = "";
      picks.forEach((p, i) => {
        const n = p.field === "NF" ? fields.length : Number(p.field);
        out += n === 0 ? line : (fields[n - 1] ?? "");
        if (i < picks.length - 1) out += p.comma ? " " : "";
      });
      io.stdout += `${out}\n`;
    }
    return input.status;
  },
  true: () => 0,
  false: () => 1,
  exit(args) {
    this.b.setExit();
    const code = args[0] === undefined ? this.b.lastStatus() : Number(args[0]) & 255;
    return Number.isFinite(code) ? code : 2;
  },
};
BUILTINS["."] = BUILTINS.source as Builtin;
