// Which step an assignment belongs to, read before a decision form is built.
import type { Db } from "../db/open-database.ts";
import type { ProcessCatalog } from "../definitions/catalog.ts";
import type { StepDef } from "../definitions/schema.ts";

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
