// Read-only check before opening a decision modal: is this click still valid for this person?
import type { Db } from "../db/open-database.ts";
import type { ProcessCatalog } from "../definitions/catalog.ts";
import type { StepDef } from "../definitions/schema.ts";
import type { Result } from "../engine/types.ts";

export async function checkAssignment(
  db: Db,
  assignmentId: number,
  actorId: string,
): Promise<Result<{ requestId: number }>> {
  const a = await db.assignment.findUnique({
    where: { id: assignmentId },
    include: { request: { select: { status: true, requesterId: true } } },
  });
  if (!a) return { ok: false, error: { type: "not_found" } };
  if (a.assigneeId !== actorId)
    return { ok: false, error: { type: "not_your_assignment", assigneeId: a.assigneeId } };
  if (a.status !== "PENDING")
    return { ok: false, error: { type: "assignment_closed", status: a.status } };
  if (a.request.status !== "PENDING")
    return { ok: false, error: { type: "request_not_pending", status: a.request.status } };
  return { ok: true, requestId: a.requestId };
}

/** The step definition an assignment belongs to (in the version its request pinned). */
export async function stepOfAssignment(
  db: Db,
  catalog: ProcessCatalog,
  assignmentId: number,
): Promise<StepDef | undefined> {
  const a = await db.assignment.findUnique({
    where: { id: assignmentId },
    select: { stepIndex: true, request: { select: { processVersionId: true } } },
  });
  if (!a) return undefined;
  return (await catalog.version(a.request.processVersionId)).def.steps[a.stepIndex];
}
