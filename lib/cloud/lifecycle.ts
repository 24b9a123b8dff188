import { Draft, advanceClock, type CloudState } from "./state";

// Status lifecycles on the virtual clock. A service that starts something slow (a server in BUILD, a volume
// `creating`) records when it settles; its settler, run before every `openstack` command, moves what is due.
// `--wait` options call `settleAll` with the clock moved forward instead.

export type Settler = (draft: Draft) => void;

const settlers: Settler[] = [];

export function registerSettler(settler: Settler): void {
  settlers.push(settler);
}

export function settleAll(draft: Draft): void {
  for (const s of settlers) s(draft);
}

/**
 * The state as it will be once everything in flight has settled: the clock moved on by `afterMs` and every
 * settler run, on a copy (the input is untouched). Grading uses it, so a lab submitted straight after
 * `server add volume` sees the volume `in-use`, as the learner would after waiting a moment.
 */
export function settledState(state: CloudState, afterMs: number): CloudState {
  const draft = new Draft(advanceClock(state, afterMs));
  settleAll(draft);
  return draft.commit();
}
