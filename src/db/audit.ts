// The decision record: one row per event of a request, appended and never changed.
import type { AuditAction } from "../generated/prisma/enums.ts";
import { note } from "./observed.ts";
import { jsonParam, type SqlClient } from "./tx.ts";

export interface AuditInput {
  requestId: number;
  action: AuditAction;
  at: Date;
  /** "system" for what the engine decides by itself (skips, completion). */
  actorId?: string;
  stepIndex?: number;
  stepKey?: string;
  assignmentId?: number;
  comment?: string;
  data?: object;
}

/** Appends one row to the decision record (raw: it runs on every click, see engine/sql.ts). */
export async function audit(tx: SqlClient, e: AuditInput): Promise<{ id: number }> {
  note.action(e.action);
  // PostgreSQL text cannot hold NUL; a pasted one is dropped rather than failing the decision.
  const comment = e.comment === undefined ? null : e.comment.replaceAll("\u0000", "");
  const [row] = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO "AuditEntry" ("requestId", "assignmentId", "stepIndex", "stepKey", "actorId",
                              action, comment, data, at)
    VALUES (${e.requestId}, ${e.assignmentId ?? null}, ${e.stepIndex ?? null},
            ${e.stepKey ?? null}, ${e.actorId ?? "system"}, ${e.action}::"AuditAction",
            ${comment}, ${jsonParam(e.data)}::jsonb, ${e.at})
    RETURNING id`;
  return row!;
}
