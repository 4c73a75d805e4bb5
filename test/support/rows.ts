// A request's rows as the tests read them back, whichever way the request was driven.
import type { Db } from "../../src/db/open-database.ts";

export async function requestRow(db: Db, requestId: number) {
  return db.request.findUniqueOrThrow({ where: { id: requestId } });
}

/** The audit rows of a request, oldest first. */
export async function auditOf(db: Db, requestId: number) {
  return db.auditEntry.findMany({ where: { requestId }, orderBy: { id: "asc" } });
}
