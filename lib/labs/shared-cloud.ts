import { createSession, devstackEnv } from "../cloud";
import { grade } from "../checker";
import { err, ok, type Result } from "../result";
import { HOME, LAB_SEED, openrcFor, openSession, snapshotOf, type LabRuntimeSpec, type LabSnapshot } from "./runtime";

/**
 * The cloud of an exam attempt. The real exam hands the candidate one environment for all its tasks, so an
 * attempt's labs share one simulated cloud: every lab's setup runs, in the attempt's order, on one fresh
 * DevStack before the clock starts, and each lab's files and its user's openrc land in the same home folder.
 * The shell starts as `admin`; each task says whose credentials to `source`, exactly as exam tasks do.
 */

export interface SharedLabSpec extends LabRuntimeSpec {
  /** The reference solution (content/labs `:::solution`), used only to prove that labs can be combined. */
  solution: readonly string[];
}

export type ComposeError =
  | { code: "labs/setup-clash"; labId: string; command: string; output: string }
  | { code: "labs/file-clash"; labId: string; path: string };

/** One cloud with every lab's starting state, or the first lab whose setup does not fit beside the others. */
export function composeSharedCloud(labs: readonly LabRuntimeSpec[]): Result<LabSnapshot, ComposeError> {
  let admin = createSession({ seed: LAB_SEED });
  const adminEnv = { ...admin.env };
  for (const lab of labs) {
    // Each setup is written to start as admin in the home folder, as in its own lab. One that ends as another
    // user (`source demo-openrc`) must not pass that identity on to the next lab's setup: the exam shuffles its
    // items, so a draw that fits in one order must fit in every order.
    admin = createSession({ state: admin.state, env: adminEnv, files: snapshotOf(admin).files });
    for (const command of lab.setup) {
      const r = admin.run(command);
      if (r.exitCode !== 0) return err({ code: "labs/setup-clash", labId: lab.id, command, output: (r.stderr || r.stdout).trim() });
    }
  }
  const { files } = snapshotOf(admin);
  const place = (labId: string, path: string, content: string): ComposeError | undefined => {
    const existing = files[path];
    if (existing !== undefined && existing !== content) return { code: "labs/file-clash", labId, path };
    files[path] = content;
    return undefined;
  };
  for (const lab of labs) {
    const clash =
      place(lab.id, `${HOME}/${lab.user}-openrc`, openrcFor(lab.user, lab.project)) ??
      lab.files.map((file) => place(lab.id, file.path.startsWith("/") ? file.path : `${HOME}/${file.path}`, file.content)).find((found) => found !== undefined);
    if (clash) return err(clash);
  }
  return ok({ state: admin.state, env: devstackEnv("admin", "admin"), files, cwd: HOME });
}

/**
 * Whether these labs can share one cloud without one task giving away or breaking another: the setups apply
 * together, no lab is already solved at the start, and the reference solutions played one after another (each
 * after sourcing its user's openrc) leave every lab at full marks. A draw uses this to skip a lab that clashes
 * with those already picked.
 */
export function labsFitTogether(labs: readonly SharedLabSpec[]): boolean {
  const composed = composeSharedCloud(labs);
  if (!composed.ok) return false;
  for (const lab of labs) {
    const start = grade(composed.value.state, lab.checks);
    if (start.total > 0 && start.score >= start.total) return false;
  }
  const shell = openSession(composed.value);
  for (const lab of labs) {
    shell.run(`source ${HOME}/${lab.user}-openrc`);
    shell.run(`cd ${HOME}`);
    for (const command of lab.solution) shell.run(command);
  }
  return labs.every((lab) => {
    const end = grade(shell.state, lab.checks);
    return end.score === end.total;
  });
}
