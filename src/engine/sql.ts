// The statements of a decision, in SQL. A decision is the bot's hot path (every click), and
// here Prisma's model queries cost about 1.3 ms of CPU each against 0.3–0.5 ms for the same
// statement raw (measured with scratch timing loops on this machine), so the few statements
// every approval runs are written out, and merged where one statement can do two things.
import { jsonParam as json, type SqlClient as Runner } from "../db/tx.ts";
import {
  type Assignment,
  type AssignmentStatus,
  Prisma,
  type Request,
} from "../generated/prisma/client.ts";

/** What a decision reads of its assignment before taking the lock. */
export interface Found {
  requestId: number;
  stepIndex: number;
  request: { processVersionId: number; requesterId: string };
}

export async function findForDecision(
  db: Runner,
  assignmentId: number,
): Promise<Found | undefined> {
  const [row] = await db.$queryRaw<
    { requestId: number; stepIndex: number; processVersionId: number; requesterId: string }[]
  >`
    SELECT a."requestId", a."stepIndex", r."processVersionId", r."requesterId"
    FROM "Assignment" a JOIN "Request" r ON r.id = a."requestId" WHERE a.id = ${assignmentId}`;
  return (
    row && {
      requestId: row.requestId,
      stepIndex: row.stepIndex,
      request: { processVersionId: row.processVersionId, requesterId: row.requesterId },
    }
  );
}

/**
 * Locks the request row by bumping its revision (every change is a new render version), and
 * reads it. `updatedAt` moves too: the API's `updated_since` listing finds every change.
 */
export async function lockRequest(tx: Runner, id: number): Promise<Request | undefined> {
  const [row] = await tx.$queryRaw<
    Request[]
  >`UPDATE "Request" SET revision = revision + 1, "updatedAt" = clock_timestamp()
    WHERE id = ${id} RETURNING *`;
  return row;
}

/** Locks the request an assignment belongs to (as lockRequest), without reading it first. */
export async function lockRequestOf(
  tx: Runner,
  assignmentId: number,
): Promise<Request | undefined> {
  const [row] = await tx.$queryRaw<Request[]>`
    UPDATE "Request" SET revision = revision + 1, "updatedAt" = clock_timestamp()
    WHERE id = (SELECT "requestId" FROM "Assignment" WHERE id = ${assignmentId}) RETURNING *`;
  return row;
}

/** An assignment, and whom it stands in for when it is an escalation, in one read. */
export async function heldAssignment(
  tx: Runner,
  id: number,
): Promise<{ assignment: Assignment; onBehalfOf: string | null } | undefined> {
  const [row] = await tx.$queryRaw<(Assignment & { onBehalfOfAssignee: string | null })[]>`
    SELECT a.*, o."assigneeId" AS "onBehalfOfAssignee" FROM "Assignment" a
    LEFT JOIN "Assignment" o ON o.id = a."onBehalfOfId" WHERE a.id = ${id}`;
  if (!row) return undefined;
  const { onBehalfOfAssignee, ...assignment } = row;
  return { assignment, onBehalfOf: onBehalfOfAssignee };
}

/**
 * Closes an assignment with its outcome (and the approver's answers). An escalation and the
 * assignment it stands in for are settled by whichever acts first, in the same statement.
 */
export async function closeAssignment(
  tx: Runner,
  a: Pick<Assignment, "id" | "onBehalfOfId">,
  status: AssignmentStatus,
  now: Date,
  inputs?: object,
): Promise<void> {
  const settleOthers = status !== "TRANSFERRED";
  await tx.$executeRaw`
    WITH closed AS (
      UPDATE "Assignment" SET status = ${status}::"AssignmentStatus", "decidedAt" = ${now}, inputs = COALESCE(${json(inputs)}::jsonb, inputs)
      WHERE id = ${a.id} RETURNING id)
    UPDATE "Assignment" SET status = 'CANCELLED', "decidedAt" = ${now}
    WHERE ${settleOthers} AND status = 'PENDING' AND ("onBehalfOfId" = ${a.id} OR id = ${a.onBehalfOfId ?? -1})`;
}

/** 或签: the step's (or branch's) other pending holders are released; approvers added by someone (加签) never are. */
export async function releaseOthers(
  tx: Runner,
  a: Pick<Assignment, "requestId" | "stepIndex" | "branch">,
  byBranch: boolean,
  now: Date,
): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Assignment" SET status = 'CANCELLED', "decidedAt" = ${now}
    WHERE "requestId" = ${a.requestId} AND "stepIndex" = ${a.stepIndex} AND status = 'PENDING' AND "addedById" IS NULL
      AND (${!byBranch} OR branch IS NOT DISTINCT FROM ${a.branch})`;
}

/** Who holds a step, and how far each got. */
export function stepHolders(
  tx: Runner,
  requestId: number,
  stepIndex: number,
): Promise<{ status: AssignmentStatus; assigneeId: string }[]> {
  return tx.$queryRaw`SELECT status, "assigneeId" FROM "Assignment" WHERE "requestId" = ${requestId} AND "stepIndex" = ${stepIndex}`;
}

export interface NewAssignment {
  requestId: number;
  stepIndex: number;
  stepKey: string;
  kind: "APPROVAL" | "TASK";
  branch?: string | null;
  assigneeId: string;
  delegatedFromId?: string | null;
  reason: object;
  createdAt: Date;
}

/** A step's new assignments, and the request moved to that step, in one statement. */
export async function assignStep(tx: Runner, rows: NewAssignment[]): Promise<void> {
  const values = rows.map(
    (r) =>
      Prisma.sql`(${r.requestId}, ${r.stepIndex}, ${r.stepKey}, ${r.kind}::"StepKind", ${r.branch ?? null}, ${r.assigneeId}, ${r.delegatedFromId ?? null}, ${JSON.stringify(r.reason)}::jsonb, ${r.createdAt})`,
  );
  const first = rows[0]!;
  await tx.$executeRaw`
    WITH inserted AS (
      INSERT INTO "Assignment" ("requestId", "stepIndex", "stepKey", kind, branch, "assigneeId", "delegatedFromId", reason, "createdAt")
      VALUES ${Prisma.join(values)} RETURNING 1)
    UPDATE "Request" SET "currentStep" = ${first.stepIndex}, "updatedAt" = ${first.createdAt} WHERE id = ${first.requestId}`;
}

/** The delegations in force now for these people, newest first. */
export function activeDelegations(
  tx: Runner,
  userIds: string[],
  now: Date,
): Promise<{ userId: string; delegateId: string }[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return tx.$queryRaw`
    SELECT "userId", "delegateId" FROM "Delegation"
    WHERE "userId" IN (${Prisma.join(userIds)}) AND "startsAt" <= ${now} AND "endsAt" > ${now} AND "revokedAt" IS NULL
    ORDER BY id DESC`;
}
