// Records of the Slack messages posted for each request. Inserting the row first is the
// claim: a second worker syncing the same request sees it and does not post twice.
import type { Db } from "../db/open-database.ts";
import type { MessagePurpose, SlackMessage } from "../generated/prisma/client.ts";

export interface MessageTarget {
  key: string;
  purpose: MessagePurpose;
  userId: string;
  assignmentId?: number;
}

export class MessageStore {
  constructor(private readonly db: Db) {}

  forRequest(requestId: number): Promise<SlackMessage[]> {
    return this.db.slackMessage.findMany({ where: { requestId }, orderBy: { id: "asc" } });
  }

  /** Returns the new row, or undefined when someone else already claimed this key. */
  async claim(requestId: number, target: MessageTarget): Promise<SlackMessage | undefined> {
    const rows = await this.db.slackMessage.createManyAndReturn({
      data: [{ requestId, key: target.key, purpose: target.purpose, userId: target.userId, assignmentId: target.assignmentId }],
      skipDuplicates: true,
    });
    return rows[0];
  }

  async posted(id: number, channel: string, ts: string): Promise<void> {
    await this.db.slackMessage.update({ where: { id }, data: { channel, ts } });
  }

  /** A post that failed gives the claim back so the next sync tries again. */
  async release(id: number): Promise<void> {
    await this.db.slackMessage.deleteMany({ where: { id, ts: null } });
  }
}
