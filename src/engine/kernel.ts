// The engine's kernel: every state change is one transaction that first locks the request
// row, so concurrent or repeated clicks make exactly one transition. The audiences
// (requester.ts, decisions.ts, system.ts) act only through it.
import type { Controls } from "../config/settings.ts";
import { note, observed, type TransactionObserver } from "../db/observed.ts";
import type { Db } from "../db/open-database.ts";
import type { Tx } from "../db/tx.ts";
import type { ProcessCatalog, PublishedProcess } from "../definitions/catalog.ts";
import type { StepDef } from "../definitions/schema.ts";
import type { Directory } from "../directory/directory.ts";
import type { Assignment, Request } from "../generated/prisma/client.ts";
import type { RequestChanges } from "../requests/changes.ts";
import { StepUnresolvable } from "./advance.ts";
import { planPath } from "./plan-path.ts";
import { type Found, findForDecision, heldAssignment, lockRequest, lockRequestOf } from "./sql.ts";
import type { EngineError, FormValues, Result } from "./types.ts";
import type { FormLookups } from "./validate-form.ts";

export interface EngineDeps {
  db: Db;
  directory: Directory;
  catalog: ProcessCatalog;
  clock?: () => Date;
  /** Told after every committed change of a request (its messages and timers follow). */
  changes?: RequestChanges;
  /** The company's controls (config/settings.yaml); a process or step may override them. */
  controls?: Controls;
  /** Told what each committed transaction did (the operator's metrics). */
  observer?: TransactionObserver;
}

export type Fail = { ok: false; error: EngineError };
export const fail = (error: EngineError): Fail => ({ ok: false, error });

/** Thrown inside a transaction to roll it back and return a typed failure. */
export class Abort extends Error {
  constructor(readonly error: EngineError) {
    super(error.type);
  }
}

/** Whom the actor decided for (escalation, out-of-office delegation), for the audit row. */
export type ActingFor = { onBehalfOf?: string; delegateFor?: string } | undefined;

/** A pending assignment and its request, locked, as an act sees them. */
export interface Held {
  request: Request;
  assignment: Assignment;
  now: Date;
  acting?: ActingFor;
}

/** The system's actor id in the record (escalations, timeouts, skips). */
export const SYSTEM = "system";

/**
 * Whether `actorId` may act on this assignment now (undefined: the system acts). Checked under
 * the lock for every act, and read-only before a decision form opens.
 */
export function assignmentGuard(
  assignment: Pick<Assignment, "assigneeId" | "status">,
  request: Pick<Request, "status">,
  actorId: string | undefined,
): EngineError | undefined {
  if (actorId !== undefined && assignment.assigneeId !== actorId)
    return { type: "not_your_assignment", assigneeId: assignment.assigneeId };
  if (assignment.status !== "PENDING")
    return { type: "assignment_closed", status: assignment.status };
  if (request.status !== "PENDING") return { type: "request_not_pending", status: request.status };
  return undefined;
}

/** How an act reads the decision's own values (decision-input.ts). */
export interface DecisionParse<D> {
  run(found: Found, tx?: Tx): Promise<{ ok: true; value: D } | Fail>;
  /** Nothing in it needs a lookup (no inputs or amended values given): parsed under the lock. */
  underLock?: boolean;
}

export class Kernel {
  readonly db: Db;
  readonly directory: Directory;
  readonly catalog: ProcessCatalog;
  readonly controls?: Controls;
  readonly now: () => Date;
  private readonly changes?: RequestChanges;
  private readonly observer?: TransactionObserver;

  constructor(deps: EngineDeps) {
    this.db = deps.db;
    this.directory = deps.directory;
    this.catalog = deps.catalog;
    this.controls = deps.controls;
    this.now = deps.clock ?? (() => new Date());
    this.changes = deps.changes;
    this.observer = deps.observer;
  }

  /** One transaction; on commit, the change is announced (every state change passes here). */
  async transact<T extends { requestId: number }>(fn: (tx: Tx) => Promise<T>): Promise<Result<T>> {
    try {
      const value = await observed(this.observer, () =>
        this.db.$transaction(fn, { timeout: 15_000, maxWait: 15_000 }),
      );
      await this.changes?.changed(value.requestId);
      return { ok: true, ...value };
    } catch (e) {
      if (e instanceof Abort) return fail(e.error);
      if (e instanceof StepUnresolvable)
        return fail({ type: "unresolvable_step", step: e.step, cause: e.reason });
      throw e;
    }
  }

  /** Locks a request by id; a missing one aborts with `not_found`. */
  async lock(tx: Tx, requestId: number): Promise<Request> {
    const request = await lockRequest(tx, requestId);
    if (!request) throw new Abort({ type: "not_found" });
    note.process(request.processKey);
    return request;
  }

  /**
   * An act on one assignment: its request locked, the guards checked, then `act`. `parse`
   * (a decision's inputs and amended values) runs before the transaction, since its lookups
   * must not run inside it; with nothing to look up, under the lock instead, saving the read
   * before it. `actorId` undefined: the system acts, for no one in particular.
   */
  async act<D = undefined>(
    assignmentId: number,
    actorId: string | undefined,
    act: (tx: Tx, held: Held, decision: D) => Promise<void>,
    parse?: DecisionParse<D>,
  ): Promise<Result<{ requestId: number }>> {
    let decision = undefined as D;
    if (parse && !parse.underLock) {
      const found = await findForDecision(this.db, assignmentId);
      if (!found) return fail({ type: "not_found" });
      const parsed = await parse.run(found);
      if (!parsed.ok) return parsed;
      decision = parsed.value;
    }
    const now = this.now();
    return this.transact(async (tx) => {
      const request = await lockRequestOf(tx, assignmentId);
      if (!request) throw new Abort({ type: "not_found" });
      note.process(request.processKey);
      const { assignment, onBehalfOf } = (await heldAssignment(tx, assignmentId))!;
      const refused = assignmentGuard(assignment, request, actorId);
      if (refused) throw new Abort(refused);
      const acting = actingFor(assignment, onBehalfOf);
      if (parse?.underLock) {
        const found = { requestId: request.id, stepIndex: assignment.stepIndex, request };
        const parsed = await parse.run(found, tx);
        if (!parsed.ok) throw new Abort(parsed.error);
        decision = parsed.value;
      }
      await act(tx, { request, assignment, now, acting }, decision);
      return { requestId: request.id };
    });
  }

  /** The step definition of a request's pinned process version. */
  async stepOf(request: Pick<Request, "processVersionId">, index: number, tx?: Tx) {
    return (await this.catalog.version(request.processVersionId, tx)).def.steps[index] as StepDef;
  }

  lookups(): FormLookups {
    return {
      customerExists: async (code, kind) =>
        (await this.db.customer.count({
          where: {
            code,
            ...(kind === "any"
              ? {}
              : { kind: kind === "distributor" ? "DISTRIBUTOR" : "CUSTOMER" }),
          },
        })) > 0,
      userExists: (id) => this.directory.person(id) !== undefined,
    };
  }

  /**
   * A request is refused up front when a step on its path would have nobody to act (e.g.
   * the general manager's own large return: only they hold the role, and no one is above
   * them), instead of getting stuck when it reaches that step.
   */
  firstUnresolvable(
    p: PublishedProcess,
    form: FormValues,
    requesterId: string,
    from = 0,
  ): EngineError | undefined {
    const stuck = planPath(p, form, requesterId, this.directory, from, {
      controls: this.controls,
    }).find((s) => s.outcome === "unresolvable");
    return stuck?.outcome === "unresolvable"
      ? { type: "unresolvable_step", step: stuck.key, cause: stuck.error }
      : undefined;
  }
}

function actingFor(a: Assignment, onBehalfOf: string | null): ActingFor {
  if (!onBehalfOf && !a.delegatedFromId) return undefined;
  return {
    ...(onBehalfOf ? { onBehalfOf } : {}),
    ...(a.delegatedFromId ? { delegateFor: a.delegatedFromId } : {}),
  };
}
