// What the reminder jobs need from the database: the timers each pending assignment should
// have, and claims (conditional updates) so that a reminder or a timeout acts once even
// when two workers, a retry and a resync race each other.
import { Duration } from "luxon";
import type { WorkCalendar } from "../calendar/work-calendar.ts";
import type { ResolvedPolicy, Settings } from "../config/settings.ts";
import type { Db } from "../db/open-database.ts";
import type { ProcessCatalog } from "../definitions/catalog.ts";
import type { Directory } from "../directory/directory.ts";
import type { EngineError } from "../engine/types.ts";
import type { Assignment } from "../generated/prisma/client.ts";
import { policyFor, reminderDueAt, timeoutDueAt } from "./policy.ts";

export interface AssignmentTimers {
  assignmentId: number;
  requestId: number;
  pending: boolean;
  /** The next reminder to send (1-based) and when. */
  reminder: { n: number; dueAt: Date };
  /** Undefined once the timeout policy has been applied. */
  timeout?: { dueAt: Date };
}

export class ReminderService {
  constructor(
    private readonly db: Db,
    private readonly catalog: ProcessCatalog,
    private readonly directory: Directory,
    readonly settings: Settings,
    readonly calendar: WorkCalendar,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async policyOf(a: Pick<Assignment, "requestId" | "stepIndex">): Promise<ResolvedPolicy> {
    const request = await this.db.request.findUniqueOrThrow({
      where: { id: a.requestId },
      select: { processVersionId: true },
    });
    return policyFor(
      (await this.catalog.version(request.processVersionId)).def,
      a.stepIndex,
      this.settings,
    );
  }

  /** Timers of every assignment of a request (closed ones too, so their jobs can be removed). */
  async timersForRequest(requestId: number): Promise<AssignmentTimers[]> {
    const rows = await this.db.assignment.findMany({
      where: { requestId, kind: { not: "NOTIFY" } },
      include: { request: { select: { status: true, processVersionId: true } } },
    });
    return Promise.all(rows.map((a) => this.timers(a, a.request)));
  }

  /** How many timer jobs the open assignments should have: a reminder each, and a timeout each not yet applied. */
  async expectedTimers(): Promise<number> {
    const open = {
      status: "PENDING" as const,
      kind: { not: "NOTIFY" as const },
      request: { status: "PENDING" as const },
    };
    const [reminders, timeouts] = await Promise.all([
      this.db.assignment.count({ where: open }),
      this.db.assignment.count({ where: { ...open, timedOutAt: null } }),
    ]);
    return reminders + timeouts;
  }

  /** Timers of every open assignment (start-up resync), in pages. */
  async *pendingTimers(pageSize = 1000): AsyncGenerator<AssignmentTimers[]> {
    let after = 0;
    for (;;) {
      const rows = await this.db.assignment.findMany({
        where: {
          id: { gt: after },
          status: "PENDING",
          kind: { not: "NOTIFY" },
          request: { status: "PENDING" },
        },
        include: { request: { select: { status: true, processVersionId: true } } },
        orderBy: { id: "asc" },
        take: pageSize,
      });
      if (rows.length === 0) return;
      after = rows.at(-1)!.id;
      yield await Promise.all(rows.map((a) => this.timers(a, a.request)));
    }
  }

  private async timers(
    a: Assignment,
    request: { status: string; processVersionId: number },
  ): Promise<AssignmentTimers> {
    const policy = policyFor(
      (await this.catalog.version(request.processVersionId)).def,
      a.stepIndex,
      this.settings,
    );
    const tz = this.directory.timeZone(a.assigneeId);
    const n = a.remindersSent + 1;
    return {
      assignmentId: a.id,
      requestId: a.requestId,
      pending: a.status === "PENDING" && request.status === "PENDING",
      reminder: { n, dueAt: reminderDueAt(a.createdAt, n, policy, this.calendar, tz) },
      timeout: a.timedOutAt
        ? undefined
        : { dueAt: timeoutDueAt(a.createdAt, policy, this.calendar, tz) },
    };
  }

  /** Claims reminder n; undefined when it is no longer due (decided, or already sent). */
  async claimReminder(assignmentId: number, n: number): Promise<Assignment | undefined> {
    const claimed = await this.db.assignment.updateMany({
      where: {
        id: assignmentId,
        status: "PENDING",
        remindersSent: n - 1,
        request: { status: "PENDING" },
      },
      data: { remindersSent: n },
    });
    return claimed.count === 1
      ? this.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })
      : undefined;
  }

  /** Reminder n when it is claimed already and still due (a job taking over from a worker that died holding the claim). */
  async heldReminder(assignmentId: number, n: number): Promise<Assignment | undefined> {
    return (
      (await this.db.assignment.findFirst({
        where: {
          id: assignmentId,
          status: "PENDING",
          remindersSent: n,
          request: { status: "PENDING" },
        },
      })) ?? undefined
    );
  }

  /** Whether reminder n of an assignment is in the decision record already. */
  async reminderRecorded(assignmentId: number, n: number): Promise<boolean> {
    return (
      (await this.db.auditEntry.count({
        where: { assignmentId, action: "REMIND", data: { path: ["n"], equals: n } },
      })) > 0
    );
  }

  /** Gives a claim back when the DM could not be sent, so the retry sends it. */
  async releaseReminder(assignmentId: number, n: number): Promise<void> {
    await this.db.assignment.updateMany({
      where: { id: assignmentId, remindersSent: n },
      data: { remindersSent: n - 1 },
    });
  }

  async claimTimeout(assignmentId: number): Promise<Assignment | undefined> {
    const claimed = await this.db.assignment.updateMany({
      where: {
        id: assignmentId,
        status: "PENDING",
        timedOutAt: null,
        request: { status: "PENDING" },
      },
      data: { timedOutAt: this.clock() },
    });
    return claimed.count === 1
      ? this.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })
      : undefined;
  }

  /** The assignment whose timeout is claimed already (a job taking over from a worker that died holding the claim). */
  async heldTimeout(assignmentId: number): Promise<Assignment | undefined> {
    return (
      (await this.db.assignment.findFirst({
        where: { id: assignmentId, timedOutAt: { not: null } },
      })) ?? undefined
    );
  }

  /** What a timeout's run already did, as the decision record says: the escalation's target, the overdue reminder. */
  async timeoutDone(
    assignmentId: number,
  ): Promise<{ escalatedTo?: string; overdueRecorded: boolean }> {
    const rows = await this.db.auditEntry.findMany({
      where: { assignmentId, action: { in: ["ESCALATE", "REMIND"] } },
      select: { action: true, data: true },
    });
    const escalation = rows.find((r) => r.action === "ESCALATE")?.data as
      | { to?: string }
      | undefined;
    return {
      escalatedTo: escalation?.to,
      overdueRecorded: rows.some(
        (r) => r.action === "REMIND" && (r.data as { overdue?: boolean } | null)?.overdue === true,
      ),
    };
  }

  async releaseTimeout(assignmentId: number): Promise<void> {
    await this.db.assignment.updateMany({
      where: { id: assignmentId },
      data: { timedOutAt: null },
    });
  }

  /**
   * The requester's manual reminder (催办), at most once per `manual_every` per request.
   * Returns the pending assignments to remind, or when the next one is allowed.
   */
  async claimManualReminder(
    requestId: number,
    actorId: string,
  ): Promise<{ ok: true; assignments: Assignment[] } | { ok: false; error: EngineError }> {
    const fail = (error: EngineError) => ({ ok: false as const, error });
    const request = await this.db.request.findUnique({ where: { id: requestId } });
    if (!request) return fail({ type: "not_found" });
    if (request.requesterId !== actorId) return fail({ type: "not_requester" });
    if (request.status !== "PENDING") return fail({ type: "nothing_to_remind" });
    const now = this.clock();
    // The manual-reminder limit is wall-clock time, not working time.
    const every = Duration.fromISO(this.settings.reminders.manual_every).as("milliseconds");
    const since = new Date(now.getTime() - every);
    const claimed = await this.db.request.updateMany({
      where: {
        id: requestId,
        status: "PENDING",
        OR: [{ lastManualRemindAt: null }, { lastManualRemindAt: { lte: since } }],
      },
      data: { lastManualRemindAt: now },
    });
    if (claimed.count === 0) {
      const last = (await this.db.request.findUniqueOrThrow({ where: { id: requestId } }))
        .lastManualRemindAt;
      const nextAt = last ? new Date(last.getTime() + every) : now;
      return fail({ type: "remind_too_soon", nextAt });
    }
    const assignments = await this.db.assignment.findMany({
      where: { requestId, status: "PENDING", kind: { not: "NOTIFY" } },
    });
    return { ok: true, assignments };
  }
}
