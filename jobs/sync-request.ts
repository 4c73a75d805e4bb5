// "A request changed": compares every message of the request, rendered now, with what was
// delivered, and queues a delivery for each one that differs (a new DM to the post queue,
// an update to the response_url or chat.update queue), the App Homes of the people whose
// messages changed, and the request's timers. One runs per request at a time (outbound.ts),
// and a delivery renders again when it runs, so what lands is always the latest state.
import { z } from "zod";
import { readerFor } from "../handlers/blocks/reader.ts";
import { contentHash, requestTargets } from "../handlers/outbound/request-targets.ts";
import { defineJob } from "./define-job.ts";

/** How long after someone opened their Home it follows their requests live. */
const homeFollowsMs = 2 * 3600_000;

export const syncRequest = defineJob({
  name: "sync-request",
  queue: "sync",
  schema: z.object({ requestId: z.number().int().positive() }),
  async handle(ctx, { requestId }) {
    const { services, outbound } = ctx;
    const view = await ctx.views.load(requestId);
    if (!view) return "no such request";
    const revision = view.request.revision;
    const rows = new Map((await services.messages.forRequest(requestId)).map((m) => [m.key, m]));
    const touched = new Set([view.request.requesterId]);
    const queued: { id: number; via: "post" | "update" | "respond"; priority: number }[] = [];
    const behind: number[] = [];
    for (const target of requestTargets(view, readerFor(services), services.directory)) {
      const row = rows.get(target.key);
      if (!row) {
        if (!target.create) continue;
        const claimed = await services.messages.claim(requestId, target, revision);
        if (claimed) queued.push({ id: claimed.id, via: "post", priority: target.priority });
        touched.add(target.userId);
        continue;
      }
      if (row.failure || (row.ts && row.hash === contentHash(target.render()))) continue;
      behind.push(row.id);
      touched.add(target.userId);
      const via =
        !row.ts || !row.channel
          ? "post"
          : (await ctx.responseUrls.has(row.channel, row.ts))
            ? "respond"
            : "update";
      queued.push({ id: row.id, via, priority: target.priority });
    }
    // Marked behind before they are queued: a lost job is found again (outbound-check.ts).
    await services.messages.want(behind, revision);
    for (const q of queued) await outbound.deliver(q.id, q.via, q.priority);
    // Only Homes someone looked at lately follow live (Tier 4 would not carry three a decision);
    // any other is brought up to date when its person opens it (app_home_opened).
    const since = new Date(services.clock().getTime() - homeFollowsMs);
    for (const userId of await services.syncState.lookingAtHome([...touched], since))
      await outbound.home(userId);
    await ctx.scheduler.syncRequest(requestId);
    await services.syncState.synced(requestId, revision);
    return { revision, queued: queued.length };
  },
});
