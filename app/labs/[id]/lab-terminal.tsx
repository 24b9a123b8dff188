"use client";

import "@xterm/xterm/css/xterm.css";
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import type { Terminal } from "@xterm/xterm";
import type { FitAddon } from "@xterm/addon-fit";
import { needsMoreInput } from "@/lib/cloud/shell/parser";
import type { CloudIdentity, SessionView } from "@/lib/labs/sessions";

export interface LabTerminalHandle {
  restart(session: SessionView): void;
}

/** Terminal text uses CRLF; the shell's output uses LF. */
const crlf = (text: string) => text.replace(/\r?\n/g, "\r\n");
const CONTINUATION_PROMPT = "> ";

/**
 * An xterm.js terminal with a small line editor (readline's basics: cursor keys, history on ↑/↓, Home/End,
 * Ctrl-C, Ctrl-L, Ctrl-U, paste, heredoc continuation lines). Each finished command goes to the server, which
 * runs it in the learner's stored session; the terminal only draws.
 */
interface LabTerminalProps {
  labId: string;
  initial: SessionView;
  /** Called when a command changes who the shell is signed in as (`source other-openrc`, `export OS_…`). */
  onIdentity(identity: CloudIdentity): void;
  /** Where commands go; a practice lab's own route unless given (an exam posts to its attempt's cloud). */
  commandsUrl?: string;
  /** Extra fields for each command's request, read when it is sent (an exam adds the item on screen). */
  requestContext?: () => Record<string, unknown>;
}

export const LabTerminal = forwardRef<LabTerminalHandle, LabTerminalProps>(function LabTerminal({ labId, initial, onIdentity, commandsUrl, requestContext }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const identityListener = useRef(onIdentity);
  identityListener.current = onIdentity;
  const context = useRef(requestContext);
  context.current = requestContext;
  const url = commandsUrl ?? `/labs/${labId}/commands`;
  const api = useRef<{ restart(session: SessionView): void } | null>(null);

  useImperativeHandle(ref, () => ({ restart: (session) => api.current?.restart(session) }), []);

  useEffect(() => {
    let disposed = false;
    let term: Terminal | undefined;
    let fit: FitAddon | undefined;
    // The pane's size follows the window and the layout (stacked on a phone); refit whenever it changes.
    const resizeObserver = new ResizeObserver(() => fit?.fit());

    (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]);
      if (disposed || !host.current) return;
      term = new Terminal({
        cursorBlink: true,
        convertEol: false,
        fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
        fontSize: 14,
        scrollback: 5000,
        // One dark palette in both page themes: terminal output (tables, colours) is written for a dark screen.
        theme: { background: "#020617", foreground: "#e2e8f0", cursor: "#34d399", selectionBackground: "#334155" },
      });
      fit = new FitAddon();
      term.loadAddon(fit);
      term.open(host.current);
      fit.fit();
      resizeObserver.observe(host.current);
      const t = term;

      let prompt = initial.prompt;
      let history = [...initial.history];
      let historyIndex = history.length;
      let line = "";
      let cursor = 0;
      /** Lines already entered of an unfinished command (open quote, heredoc). */
      let pending: string[] = [];
      let busy = false;
      const queue: string[] = [];

      const currentPrompt = () => (pending.length > 0 ? CONTINUATION_PROMPT : prompt);
      const redraw = () => {
        t.write(`\r\x1b[2K${currentPrompt()}${line}`);
        const back = line.length - cursor;
        if (back > 0) t.write(`\x1b[${back}D`);
      };
      const replay = (session: SessionView) => {
        t.reset();
        for (const entry of session.transcript) t.write(crlf(`${entry.prompt}${entry.input}\n${entry.stdout}${entry.stderr}`));
        prompt = session.prompt;
        history = [...session.history];
        historyIndex = history.length;
        line = "";
        cursor = 0;
        pending = [];
        t.write(prompt);
      };

      async function execute(command: string) {
        busy = true;
        try {
          const response = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ ...context.current?.(), line: command, cols: t.cols }),
          });
          const body = (await response.json()) as { entry?: { stdout: string; stderr: string }; prompt?: string; identity?: CloudIdentity; clear?: boolean; error?: string };
          if (!response.ok || !body.entry) t.write(crlf(`\x1b[31m${body.error ?? "The command could not be run."}\x1b[0m\n`));
          else {
            if (body.clear) t.clear();
            t.write(crlf(body.entry.stdout.replace(/\x1b\[H\x1b\[2J\x1b\[3J/g, "") + body.entry.stderr));
            prompt = body.prompt ?? prompt;
            if (body.identity) identityListener.current(body.identity);
          }
        } catch {
          t.write(crlf("\x1b[31mThe server could not be reached; the command was not run.\x1b[0m\n"));
        }
        busy = false;
        t.write(prompt);
        // Keys typed (or lines pasted) while the command ran are replayed in order, until one starts the next command.
        while (!busy && queue.length > 0) feed(queue.shift() as string);
      }

      function enter() {
        t.write("\r\n");
        const text = [...pending, line].join("\n");
        line = "";
        cursor = 0;
        if (needsMoreInput(text)) {
          pending = text.split("\n");
          t.write(CONTINUATION_PROMPT);
          return;
        }
        pending = [];
        if (text.trim() !== "") {
          history.push(text);
          historyIndex = history.length;
        }
        void execute(text);
      }

      /** Handles keyboard input and pasted text alike, one character or escape sequence at a time. */
      function feed(data: string) {
        if (busy) {
          queue.push(data);
          return;
        }
        for (let i = 0; i < data.length; i++) {
          if (busy) {
            // The rest of this chunk goes before anything typed later.
            queue.unshift(data.slice(i));
            return;
          }
          const c = data[i] as string;
          const rest = data.slice(i);
          const seq = /^\x1b\[(?:[ABCDFH]|[1-4]~)/.exec(rest)?.[0];
          if (seq) {
            i += seq.length - 1;
            if (seq === "\x1b[A" || seq === "\x1b[B") {
              if (history.length === 0) continue;
              historyIndex = Math.max(0, Math.min(history.length, historyIndex + (seq === "\x1b[A" ? -1 : 1)));
              line = history[historyIndex] ?? "";
              cursor = line.length;
              redraw();
            } else if (seq === "\x1b[D" && cursor > 0) (cursor--, t.write(seq));
            else if (seq === "\x1b[C" && cursor < line.length) (cursor++, t.write(seq));
            else if (seq === "\x1b[H" || seq === "\x1b[1~") (cursor = 0), redraw();
            else if (seq === "\x1b[F" || seq === "\x1b[4~") (cursor = line.length), redraw();
            else if (seq === "\x1b[3~" && cursor < line.length) (line = line.slice(0, cursor) + line.slice(cursor + 1)), redraw();
            continue;
          }
          if (c === "\r" || c === "\n") {
            if (c === "\n" && data[i - 1] === "\r") continue;
            enter();
          } else if (c === "\x03") {
            t.write("^C\r\n");
            line = "";
            cursor = 0;
            pending = [];
            t.write(prompt);
          } else if (c === "\x0c") {
            t.clear();
            redraw();
          } else if (c === "\x15") {
            line = line.slice(cursor);
            cursor = 0;
            redraw();
          } else if (c === "\x7f" || c === "\b") {
            if (cursor > 0) {
              line = line.slice(0, cursor - 1) + line.slice(cursor);
              cursor--;
              redraw();
            }
          } else if (c === "\t") {
            line = line.slice(0, cursor) + "  " + line.slice(cursor);
            cursor += 2;
            redraw();
          } else if (c >= " " && c !== "\x1b") {
            line = line.slice(0, cursor) + c + line.slice(cursor);
            cursor++;
            if (cursor === line.length) t.write(c);
            else redraw();
          }
        }
      }

      // Ctrl-C copies when text is selected (as in most terminal emulators); otherwise it interrupts.
      t.attachCustomKeyEventHandler((event) => {
        if (event.type === "keydown" && event.ctrlKey && (event.key === "c" || event.key === "C") && t.hasSelection()) {
          void navigator.clipboard?.writeText(t.getSelection()).catch(() => {});
          return false;
        }
        return true;
      });
      t.onData(feed);
      replay(initial);
      t.focus();
      api.current = { restart: (session) => (replay(session), t.focus()) };
      if (host.current) host.current.dataset.ready = "true";
    })();

    return () => {
      disposed = true;
      resizeObserver.disconnect();
      term?.dispose();
      api.current = null;
    };
    // The terminal is created once per lab; later sessions arrive through `restart`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [labId]);

  return <div ref={host} role="application" aria-label="Terminal" className="min-h-0 flex-1 overflow-hidden bg-slate-950 p-2" />;
});
