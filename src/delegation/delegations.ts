// 代理审批: "/approval delegate @someone until 2026-12-31". While it lasts, new
// assignments of the absent person go to the delegate (see engine/advance.ts).
import { DateTime } from "luxon";
import type { Db } from "../db/open-database.ts";
import type { Directory } from "../directory/directory.ts";
import type { EngineError } from "../engine/types.ts";

export async function setDelegation(
  db: Db,
  dir: Directory,
  input: { userId: string; delegateId: string; until: string; now: Date },
): Promise<{ ok: true; endsAt: Date } | { ok: false; error: EngineError }> {
  const refuse = (why: "self" | "unknown" | "bad_date" | "past") => ({
    ok: false as const,
    error: { type: "invalid_delegation" as const, why, to: input.delegateId },
  });
  if (input.delegateId === input.userId) return refuse("self");
  if (!dir.person(input.delegateId)) return refuse("unknown");
  const day = DateTime.fromISO(input.until, { zone: dir.timeZone(input.userId) });
  if (!day.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(input.until)) return refuse("bad_date");
  // "until 12-31" means through the end of that day in the person's own time zone.
  const endsAt = day.endOf("day").toJSDate();
  if (endsAt <= input.now) return refuse("past");
  await db.$transaction(async (tx) => {
    await tx.delegation.updateMany({
      where: { userId: input.userId, revokedAt: null, endsAt: { gt: input.now } },
      data: { revokedAt: input.now },
    });
    await tx.delegation.create({
      data: { userId: input.userId, delegateId: input.delegateId, startsAt: input.now, endsAt },
    });
  });
  return { ok: true, endsAt };
}

/** Returns whether there was a delegation in force to cancel. */
export async function revokeDelegation(db: Db, userId: string, now: Date): Promise<boolean> {
  const res = await db.delegation.updateMany({
    where: { userId, revokedAt: null, endsAt: { gt: now } },
    data: { revokedAt: now },
  });
  return res.count > 0;
}
