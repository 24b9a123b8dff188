import type { Draft } from "./state";

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
