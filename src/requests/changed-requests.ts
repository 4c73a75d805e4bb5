// Requests as another system reads them (the REST API): one by id, or every one changed
// since a time, oldest change first, in pages keyed by (updatedAt, id) so none is skipped.
import type { Db } from "../db/open-database.ts";
import type { Prisma, RequestStatus } from "../generated/prisma/client.ts";

const withTrail = {
  assignments: { orderBy: { id: "asc" } },
  audit: { orderBy: { id: "asc" } },
} as const satisfies Prisma.RequestInclude;

export type RequestRecord = Prisma.RequestGetPayload<{ include: typeof withTrail }>;

export async function requestRecord(db: Db, id: number): Promise<RequestRecord | null> {
  return db.request.findUnique({ where: { id }, include: withTrail });
}

export interface ChangedQuery {
  processKey?: string;
  status?: RequestStatus;
  since?: Date;
  /** The last request of the page before. */
  after?: { updatedAt: Date; id: number };
  take: number;
}

/** One page, and whether there is another. */
export async function changedRequests(
  db: Db,
  q: ChangedQuery,
): Promise<{ records: RequestRecord[]; more: boolean }> {
  const rows = await db.request.findMany({
    where: {
      processKey: q.processKey,
      status: q.status,
      updatedAt: q.since ? { gte: q.since } : undefined,
      ...(q.after
        ? {
            OR: [
              { updatedAt: { gt: q.after.updatedAt } },
              { updatedAt: q.after.updatedAt, id: { gt: q.after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: q.take + 1,
    include: withTrail,
  });
  return { records: rows.slice(0, q.take), more: rows.length > q.take };
}
