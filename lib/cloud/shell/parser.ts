// A bash-subset parser: quotes, escapes, $VAR/${VAR}/$?/$(…), comments, ; && || |, redirections and
// heredocs spanning lines. Words keep their quoting so expansion happens when the command runs (`A=1; echo $A`).

export type Part =
  | { t: "lit"; v: string; q: boolean }
  | { t: "var"; name: string; q: boolean; op?: ParamOp }
  | { t: "sub"; src: string; q: boolean };
/** `${VAR:-default}`, `${VAR#prefix}`, `${VAR%%suffix}` …: the operator and its (unexpanded) operand. */
export interface ParamOp { kind: ":-" | "-" | "#" | "##" | "%" | "%%"; word: string }
export type Word = Part[];

export type Redir =
  | { op: ">" | ">>" | "<" | "2>" | "2>>" | "&>"; target: Word }
  | { op: "2>&1" }
  | { op: "<<"; body: string; expand: boolean };

export interface SimpleCommand { assigns: [string, Word][]; words: Word[]; redirs: Redir[]; line: number }
export type Pipeline = SimpleCommand[];
export interface AndOr { first: Pipeline; rest: { op: "&&" | "||"; pipeline: Pipeline }[] }

export type ParseResult =
  | { ok: true; script: AndOr[] }
  | { ok: false; incomplete: true; reason: string }
  | { ok: false; incomplete: false; message: string };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

class Incomplete extends Error {}
class Syntax extends Error {}

export function parseScript(src: string): ParseResult {
  try {
    return { ok: true, script: new Parser(src).parse() };
  } catch (e) {
    if (e instanceof Incomplete) return { ok: false, incomplete: true, reason: e.message };
    if (e instanceof Syntax) return { ok: false, incomplete: false, message: e.message };
    throw e;
  }
}

/** For the interactive front end: does this text need another line before it can run? */
export function needsMoreInput(src: string): boolean {
  const r = parseScript(src);
  return !r.ok && r.incomplete;
}

class Parser {
  private i = 0;
  private line = 1;
  private pendingHeredocs: { redir: { op: "<<"; body: string; expand: boolean }; delim: string; stripTabs: boolean }[] = [];

  constructor(private readonly s: string) {}

  parse(): AndOr[] {
    const out: AndOr[] = [];
    for (;;) {
      this.skipBlanksAndSeparators();
      if (this.i >= this.s.length) break;
      out.push(this.andOr());
    }
    if (this.pendingHeredocs.length > 0) throw new Incomplete("heredoc");
    return out;
  }

  private peek(k = 0): string {
    return this.s[this.i + k] ?? "";
  }

  private skipSpaces(): void {
    for (;;) {
      const c = this.peek();
      if (c === " " || c === "\t") this.i++;
      else if (c === "\\" && this.peek(1) === "\n") {
        this.i += 2;
        this.line++;
      } else if (c === "#") {
        while (this.i < this.s.length && this.peek() !== "\n") this.i++;
      } else break;
    }
  }

  private newline(): void {
    this.i++;
    this.line++;
    this.readHeredocBodies();
  }

  private skipBlanksAndSeparators(): void {
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === "\n") this.newline();
      else if (c === ";") {
        this.i++;
      } else break;
    }
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr["rest"] = [];
    for (;;) {
      this.skipSpaces();
      const two = this.s.slice(this.i, this.i + 2);
      if (two !== "&&" && two !== "||") break;
      this.i += 2;
      // A trailing operator continues on the next line.
      for (;;) {
        this.skipSpaces();
        if (this.i >= this.s.length) throw new Incomplete(two);
        if (this.peek() === "\n") this.newline();
        else break;
      }
      rest.push({ op: two, pipeline: this.pipeline() });
    }
    this.skipSpaces();
    const c = this.peek();
    if (c === ";" ) this.i++;
    else if (c === "&") throw new Syntax("bash: background jobs (&) are not supported in this terminal");
    return { first, rest };
  }

  private pipeline(): Pipeline {
    const cmds = [this.command()];
    for (;;) {
      this.skipSpaces();
      if (this.peek() === "|" && this.peek(1) !== "|") {
        this.i++;
        for (;;) {
          this.skipSpaces();
          if (this.i >= this.s.length) throw new Incomplete("|");
          if (this.peek() === "\n") this.newline();
          else break;
        }
        cmds.push(this.command());
      } else break;
    }
    return cmds;
  }

  private command(): SimpleCommand {
    const cmd: SimpleCommand = { assigns: [], words: [], redirs: [], line: this.line };
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === "" || c === "\n" || c === ";" || c === "&" && this.peek(1) === "&" || c === "|" || c === ")") break;
      if (c === "&" && this.peek(1) === ">") {
        this.i += 2;
        cmd.redirs.push({ op: "&>", target: this.targetWord() });
        continue;
      }
      if (c === "&") break;
      if (c === "2" && this.peek(1) === ">") {
        if (this.s.slice(this.i, this.i + 4) === "2>&1") {
          this.i += 4;
          cmd.redirs.push({ op: "2>&1" });
          continue;
        }
        const append = this.peek(2) === ">";
        this.i += append ? 3 : 2;
        cmd.redirs.push({ op: append ? "2>>" : "2>", target: this.targetWord() });
        continue;
      }
      if (c === ">") {
        const append = this.peek(1) === ">";
        this.i += append ? 2 : 1;
        cmd.redirs.push({ op: append ? ">>" : ">", target: this.targetWord() });
        continue;
      }
      if (c === "<") {
        if (this.peek(1) === "<") {
          const stripTabs = this.peek(2) === "-";
          this.i += stripTabs ? 3 : 2;
          this.skipSpaces();
          const w = this.word();
          if (w.length === 0) throw new Syntax("bash: syntax error near unexpected token `newline'");
          const quoted = w.some((p) => p.q);
          const delim = w.map((p) => (p.t === "lit" ? p.v : p.t === "var" ? `$${p.name}` : `$(${p.src})`)).join("");
          const redir = { op: "<<" as const, body: "", expand: !quoted };
          this.pendingHeredocs.push({ redir, delim, stripTabs });
          cmd.redirs.push(redir);
          continue;
        }
        this.i++;
        cmd.redirs.push({ op: "<", target: this.targetWord() });
        continue;
      }
      const start = this.i;
      const w = this.word();
      if (w.length === 0 && this.i === start) throw new Syntax(`bash: syntax error near unexpected token \`${c}'`);
      const first = w[0];
      if (cmd.words.length === 0 && first && first.t === "lit" && !first.q) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.v);
        if (m) {
          const rest: Word = [{ t: "lit", v: first.v.slice(m[0].length), q: false }, ...w.slice(1)];
          cmd.assigns.push([m[1] ?? "", rest]);
          continue;
        }
      }
      cmd.words.push(w);
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirs.length === 0) {
      const c = this.peek();
      if (c === "") throw new Incomplete("command");
      throw new Syntax(`bash: syntax error near unexpected token \`${c === "\n" ? "newline" : c === "|" || c === "&" || c === ";" ? this.s.slice(this.i, this.i + (this.peek(1) === c ? 2 : 1)) : c}'`);
    }
    return cmd;
  }

  private targetWord(): Word {
    this.skipSpaces();
    const w = this.word();
    if (w.length === 0) throw new Syntax(`bash: syntax error near unexpected token \`${this.peek() === "" || this.peek() === "\n" ? "newline" : this.peek()}'`);
    return w;
  }

  private word(): Word {
    const parts: Word = [];
    const lit = (v: string, q: boolean): void => {
      const last = parts[parts.length - 1];
      if (last && last.t === "lit" && last.q === q) last.v += v;
      else parts.push({ t: "lit", v, q });
    };
    for (;;) {
      const c = this.peek();
      if (c === "" || " \t\n;&|<>()".includes(c)) {
        if (c === "(" && parts.length === 0) throw new Syntax("bash: syntax error near unexpected token `('");
        break;
      }
      if (c === "\\") {
        const n = this.peek(1);
        if (n === "") throw new Incomplete("\\");
        if (n === "\n") {
          this.i += 2;
          this.line++;
          continue;
        }
        lit(n, true);
        this.i += 2;
      } else if (c === "'") {
        const end = this.s.indexOf("'", this.i + 1);
        if (end < 0) throw new Incomplete("'");
        const v = this.s.slice(this.i + 1, end);
        this.line += v.split("\n").length - 1;
        lit(v, true);
        if (v === "") parts.push({ t: "lit", v: "", q: true });
        this.i = end + 1;
      } else if (c === '"') {
        this.i++;
        let any = false;
        for (;;) {
          const d = this.peek();
          if (d === "") throw new Incomplete('"');
          if (d === '"') {
            this.i++;
            break;
          }
          any = true;
          if (d === "\\" && "$`\"\\\n".includes(this.peek(1)) && this.peek(1) !== "") {
            if (this.peek(1) !== "\n") lit(this.peek(1), true);
            this.i += 2;
          } else if (d === "$") this.dollar(parts, true);
          else {
            if (d === "\n") this.line++;
            lit(d, true);
            this.i++;
          }
        }
        if (!any) parts.push({ t: "lit", v: "", q: true });
      } else if (c === "$") this.dollar(parts, false);
      else {
        lit(c, false);
        this.i++;
      }
    }
    return parts;
  }

  private dollar(parts: Word, q: boolean): void {
    const n = this.peek(1);
    if (n === "(") {
      let depth = 1;
      let j = this.i + 2;
      let quote = "";
      while (j < this.s.length && depth > 0) {
        const c = this.s[j];
        if (quote) {
          if (c === quote) quote = "";
          else if (c === "\\" && quote === '"') j++;
        } else if (c === "'" || c === '"') quote = c;
        else if (c === "\\") j++;
        else if (c === "(") depth++;
        else if (c === ")") depth--;
        j++;
      }
      if (depth > 0) throw new Incomplete("$(");
      parts.push({ t: "sub", src: this.s.slice(this.i + 2, j - 1), q });
      this.i = j;
    } else if (n === "{") {
      const end = this.s.indexOf("}", this.i + 2);
      if (end < 0) throw new Incomplete("${");
      const name = this.s.slice(this.i + 2, end);
      const withOp = /^([A-Za-z_][A-Za-z0-9_]*|\?|[0-9])(:-|-|##|#|%%|%)(.*)$/s.exec(name);
      if (withOp) parts.push({ t: "var", name: withOp[1] ?? "", q, op: { kind: withOp[2] as ParamOp["kind"], word: withOp[3] ?? "" } });
      else if (!/^([A-Za-z_][A-Za-z0-9_]*|\?|[0-9]|#|@|\*)$/.test(name)) throw new Syntax(`bash: \${${name}}: bad substitution`);
      else parts.push({ t: "var", name, q });
      this.i = end + 1;
    } else if (n === "?" || n === "$" || n === "#" || /[0-9]/.test(n)) {
      parts.push({ t: "var", name: n, q });
      this.i += 2;
    } else if (NAME_START.test(n)) {
      let j = this.i + 1;
      while (j < this.s.length && NAME_CHAR.test(this.s[j] ?? "")) j++;
      parts.push({ t: "var", name: this.s.slice(this.i + 1, j), q });
      this.i = j;
    } else {
      const last = parts[parts.length - 1];
      if (last && last.t === "lit" && last.q === q) last.v += "$";
      else parts.push({ t: "lit", v: "$", q });
      this.i++;
    }
  }

  private readHeredocBodies(): void {
    while (this.pendingHeredocs.length > 0) {
      const h = this.pendingHeredocs[0];
      if (!h) break;
      const lines: string[] = [];
      for (;;) {
        if (this.i >= this.s.length) throw new Incomplete("heredoc");
        const nl = this.s.indexOf("\n", this.i);
        const raw = nl < 0 ? this.s.slice(this.i) : this.s.slice(this.i, nl);
        if (nl < 0) {
          // The last line has no newline yet: it can only end the heredoc if it is the delimiter.
          const l = h.stripTabs ? raw.replace(/^\t+/, "") : raw;
          if (l === h.delim) {
            this.i = this.s.length;
            break;
          }
          throw new Incomplete("heredoc");
        }
        this.i = nl + 1;
        this.line++;
        const l = h.stripTabs ? raw.replace(/^\t+/, "") : raw;
        if (l === h.delim) break;
        lines.push(l);
      }
      h.redir.body = lines.map((l) => `${l}\n`).join("");
      this.pendingHeredocs.shift();
    }
  }
}
