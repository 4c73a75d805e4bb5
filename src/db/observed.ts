// What one committed transaction did, for the operator's metrics (README "Running it for
// real"): noted while it runs, reported only once it commits, so a rolled-back click counts
// nothing. An AsyncLocalStorage scope rather than a parameter: the notes come from deep in the
// engine (the audit row, a request's end), and threading a collector through every act would
// touch every signature for a concern none of them has.
import { AsyncLocalStorage } from "node:async_hooks";
import type { AuditAction, RequestSource } from "../generated/prisma/enums.ts";

export interface Committed {
  processKey?: string;
  /** Set when the transaction filed a request. */
  filed?: RequestSource;
  /** The audit actions it recorded, in order (COMPLETE, REJECT and WITHDRAW end a request). */
  actions: AuditAction[];
}

export interface TransactionObserver {
  committed(what: Committed, seconds: number): void;
}

const scope = new AsyncLocalStorage<Committed>();

/** Runs `fn` in a scope of its own and tells `observer` what it noted once `fn` resolves. */
export async function observed<T>(
  observer: TransactionObserver | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  if (!observer) return fn();
  const noted: Committed = { actions: [] };
  const started = performance.now();
  const value = await scope.run(noted, fn);
  observer.committed(noted, (performance.now() - started) / 1000);
  return value;
}

/** Notes made inside the scope (nothing outside one). */
export const note = {
  process(key: string): void {
    const s = scope.getStore();
    if (s) s.processKey = key;
  },
  filed(source: RequestSource): void {
    const s = scope.getStore();
    if (s) s.filed = source;
  },
  action(action: AuditAction): void {
    scope.getStore()?.actions.push(action);
  },
};
