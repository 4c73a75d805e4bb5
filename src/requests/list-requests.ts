// Read side for lists: what waits on a person, and the requests a person filed. Each list
// is one indexed query with `take` plus a count; process names come from the catalog's
// cache of published versions, not from a join.
import type { Db } from "../db/open-database.ts";
import type { ProcessCatalog, PublishedProcess } from "../definitions/catalog.ts";
import type { RequestStatus } from "../generated/prisma/client.ts";

export interface WaitingItem {
  assignmentId: number;
  kind: "APPROVAL" | "TASK";
  stepKey: string;
  /** When it started waiting on this person. */
  since: Date;
  requestId: number;
  requesterId: string;
  process: PublishedProcess;
}

export interface MyRequestItem {
  id: number;
  status: RequestStatus;
  process: PublishedProcess;
  createdAt: Date;
  completedAt: Date | null;
  /** The step being worked while the request is open. */
  stepKey?: string;
  /** Who it waits on now (empty when finished; the requester while returned). */
  waitingOn: string[];
  /** Since when the current step has waited. */
  since?: Date;
}

export interface Page<T> {
  items: T[];
  /** All matching rows, shown or not. */
  total: number;
}

export type MineFilter = "open" | "done" | "all";
export const mineFilters: readonly MineFilter[] = ["open", "done", "all"];

const openStatuses: RequestStatus[] = ["PENDING", "RETURNED"];
const doneStatuses: RequestStatus[] = ["APPROVED", "REJECTED", "WITHDRAWN"];

/** A person's actionable assignments, oldest first. Those of a request returned for changes wait on the requester, not on them. */
export async function listWaiting(
  db: Db,
  catalog: ProcessCatalog,
  userId: string,
  take: number,
): Promise<Page<WaitingItem>> {
  const where = {
    assigneeId: userId,
    status: "PENDING" as const,
    kind: { in: ["APPROVAL" as const, "TASK" as const] },
    request: { status: "PENDING" as const },
  };
  const [rows, total] = await Promise.all([
    db.assignment.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take,
      select: {
        id: true,
        kind: true,
        stepKey: true,
        createdAt: true,
        request: { select: { id: true, requesterId: true, processVersionId: true } },
      },
    }),
    db.assignment.count({ where }),
  ]);
  const processes = await versionsOf(
    catalog,
    rows.map((r) => r.request.processVersionId),
  );
  const items = rows.map((r) => ({
    assignmentId: r.id,
    kind: r.kind as WaitingItem["kind"],
    stepKey: r.stepKey,
    since: r.createdAt,
    requestId: r.request.id,
    requesterId: r.request.requesterId,
    process: processes.get(r.request.processVersionId)!,
  }));
  return { items, total };
}

/** A person's own requests, newest first. */
export async function listMine(
  db: Db,
  catalog: ProcessCatalog,
  userId: string,
  filter: MineFilter,
  take: number,
): Promise<Page<MyRequestItem>> {
  const where = {
    requesterId: userId,
    ...(filter === "all"
      ? {}
      : { status: { in: filter === "open" ? openStatuses : doneStatuses } }),
  };
  const [rows, total] = await Promise.all([
    db.request.findMany({
      where,
      orderBy: { id: "desc" },
      take,
      select: {
        id: true,
        status: true,
        processVersionId: true,
        currentStep: true,
        createdAt: true,
        completedAt: true,
        assignments: {
          where: { status: "PENDING", kind: { not: "NOTIFY" } },
          orderBy: { id: "asc" },
          select: { assigneeId: true, createdAt: true },
        },
      },
    }),
    db.request.count({ where }),
  ]);
  const processes = await versionsOf(
    catalog,
    rows.map((r) => r.processVersionId),
  );
  const items = rows.map((r): MyRequestItem => {
    const process = processes.get(r.processVersionId)!;
    const base = {
      id: r.id,
      status: r.status,
      process,
      createdAt: r.createdAt,
      completedAt: r.completedAt,
      waitingOn: [] as string[],
    };
    if (!openStatuses.includes(r.status)) return base;
    const stepKey = process.def.steps[r.currentStep]?.key;
    // 会签 turns still pending on a returned request wait for the resubmission, not on their holders.
    if (r.status === "RETURNED") return { ...base, stepKey, waitingOn: [userId] };
    const since = r.assignments.reduce<Date | undefined>(
      (min, a) => (!min || a.createdAt < min ? a.createdAt : min),
      undefined,
    );
    return {
      ...base,
      stepKey,
      waitingOn: [...new Set(r.assignments.map((a) => a.assigneeId))],
      since,
    };
  });
  return { items, total };
}

/** Whose App Home shows a request: its requester and everyone who was asked to act on it. */
export async function peopleOfRequest(db: Db, requestId: number): Promise<string[]> {
  const row = await db.request.findUnique({
    where: { id: requestId },
    select: {
      requesterId: true,
      assignments: {
        where: { kind: { not: "NOTIFY" } },
        distinct: ["assigneeId"],
        select: { assigneeId: true },
      },
    },
  });
  return row ? [...new Set([row.requesterId, ...row.assignments.map((a) => a.assigneeId)])] : [];
}

async function versionsOf(
  catalog: ProcessCatalog,
  versionIds: number[],
): Promise<Map<number, PublishedProcess>> {
  const unique = [...new Set(versionIds)];
  return new Map(
    await Promise.all(unique.map(async (id) => [id, await catalog.version(id)] as const)),
  );
}
