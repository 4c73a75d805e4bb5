// How far each request's Slack side has been brought up to date, and each App Home as last
// published: what lets a sync skip equal work, and a periodic check find what was missed.
import type { Db } from "../db/open-database.ts";

export class SyncState {
  constructor(private readonly db: Db) {}

  /**
   * The request's messages were brought up to `revision` (never moves back). Bookkeeping, not
   * a change of the request: `updatedAt` stays (the API lists requests by their changes).
   */
  async synced(requestId: number, revision: number): Promise<void> {
    await this.db.$executeRaw`
      UPDATE "Request" SET "syncedRevision" = ${revision}
      WHERE id = ${requestId} AND "syncedRevision" < ${revision}`;
  }

  async revisionOf(requestId: number): Promise<number | undefined> {
    return (
      await this.db.request.findUnique({ where: { id: requestId }, select: { revision: true } })
    )?.revision;
  }

  /** Something shown on the request's messages changed without a decision (a delivery failed for good, or is late). */
  async bump(requestId: number): Promise<void> {
    await this.db.request.update({
      where: { id: requestId },
      data: { revision: { increment: 1 } },
    });
  }

  /** Requests changed before `olderThan` whose sync never ran (its job was lost). */
  async unsynced(olderThan: Date, take = 500): Promise<number[]> {
    const rows = await this.db.$queryRaw<{ id: number }[]>`
      SELECT id FROM "Request" WHERE revision <> "syncedRevision" AND "updatedAt" < ${olderThan} ORDER BY id LIMIT ${take}`;
    return rows.map((r) => r.id);
  }

  async homeHash(userId: string): Promise<string | undefined> {
    return (await this.db.homeView.findUnique({ where: { userId } }))?.hash ?? undefined;
  }

  /**
   * The person opened their Home tab. `shownNone`: Slack shows them none yet (never published,
   * or a local Slack that restarted), so the next one is sent whatever it holds.
   */
  async homeOpened(userId: string, shownNone: boolean, at: Date): Promise<void> {
    const reset = shownNone ? { hash: null } : {};
    await this.db.homeView.upsert({
      where: { userId },
      create: { userId, openedAt: at },
      update: { openedAt: at, ...reset },
    });
  }

  /** Of these people, those who opened their Home since `since`: theirs follow changes live. */
  async lookingAtHome(userIds: string[], since: Date): Promise<string[]> {
    const rows = await this.db.homeView.findMany({
      where: { userId: { in: userIds }, openedAt: { gte: since } },
      select: { userId: true },
    });
    return rows.map((r) => r.userId);
  }

  async homePublished(userId: string, hash: string): Promise<void> {
    const publishedAt = new Date();
    await this.db.homeView.upsert({
      where: { userId },
      create: { userId, hash, publishedAt },
      update: { hash, publishedAt },
    });
  }
}
