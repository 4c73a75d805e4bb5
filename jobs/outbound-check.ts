// Every two minutes: what the outbound pipeline may have lost (a Redis flushed or restarted
// empty, an enqueue that failed after a commit) is found in PostgreSQL and queued again:
// requests changed but never synced, and messages still behind what a sync wanted.
import { z } from "zod";
import { defineJob } from "./define-job.ts";

/** Long enough that a sync or a delivery on its way is not queued twice. */
const graceMs = 60_000;

export const outboundCheck = defineJob({
  name: "outbound-check",
  queue: "sync",
  schema: z.object({}).passthrough(),
  async handle(ctx) {
    const { services, outbound } = ctx;
    const before = new Date(services.clock().getTime() - graceMs);
    const requests = await services.syncState.unsynced(before);
    for (const id of requests) await outbound.requestChanged(id);
    const messages = await services.messages.stalled(before);
    for (const m of messages) await outbound.deliver(m.id, m.ts ? "update" : "post");
    return { requests: requests.length, messages: messages.length };
  },
});
