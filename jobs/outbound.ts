// Enqueueing the outbound pipeline: "a request changed" (one sync job per request, a burst
// of changes making one), a message to deliver (to the queue of its Slack method), and an
// App Home to publish. Every job is deduplicated with BullMQ's keepLastIfActive: at most one
// runs per request, message or person at a time, across all processes, and a change that
// arrives while one runs makes exactly one more run after it, so none is lost.
import { deliverPost, deliverRespond, deliverUpdate } from "./deliver-message.ts";
import { publishHome } from "./publish-home.ts";
import type { Queues } from "./queues.ts";
import { syncRequest } from "./sync-request.ts";

const deliveries = { post: deliverPost, update: deliverUpdate, respond: deliverRespond };

export type Via = "post" | "update" | "respond";

export interface Outbound {
  requestChanged(requestId: number): Promise<void>;
  deliver(messageId: number, via: Via, priority?: number): Promise<void>;
  home(userId: string): Promise<void>;
}

export interface OutboundOptions {
  /** How long a sync waits for more changes of the same request (default 200 ms). */
  syncDelayMs?: number;
  /** How long an App Home waits for more changes of the same person (default 500 ms). */
  homeDelayMs?: number;
}

export function createOutbound(queues: Queues, opts: OutboundOptions = {}): Outbound {
  const syncDelay = opts.syncDelayMs ?? 200;
  const homeDelay = opts.homeDelayMs ?? 500;
  return {
    async requestChanged(requestId) {
      await syncRequest.enqueue(
        queues,
        { requestId },
        { delay: syncDelay, deduplication: { id: `sync-${requestId}`, keepLastIfActive: true } },
      );
    },
    async deliver(messageId, via, priority = 2) {
      await deliveries[via].enqueue(
        queues,
        { messageId },
        { priority, deduplication: { id: `msg-${messageId}`, keepLastIfActive: true } },
      );
    },
    async home(userId) {
      await publishHome.enqueue(
        queues,
        { userId },
        { delay: homeDelay, deduplication: { id: `home-${userId}`, keepLastIfActive: true } },
      );
    },
  };
}
