// One person's digest DM. The delivery row is claimed first (none twice, even across a
// worker restart mid-run); a failed send gives the claim back so the retry sends it, and a
// run taking over from a worker that died before sending sends it (progress.ts).
import { z } from "zod";
import { deserializeDigest } from "../src/digest/serialize.ts";
import { defineJob } from "./define-job.ts";
import { mark, reached, tookOver } from "./progress.ts";

export const sendDigest = defineJob({
  name: "send-digest",
  queue: "digests",
  schema: z.object({
    userId: z.string(),
    day: z.string(),
    digest: z.unknown(),
    now: z.boolean().optional(),
  }),
  async handle(ctx, { userId, day, digest, now }, job) {
    const store = ctx.services.digests;
    // "/approval digest" (now: true) is on demand and does not use up the daily one. A claim
    // already taken is this job's own when it takes over from a worker that died before sending.
    if (!now && !(await store.claim(userId, day)) && !(tookOver(job) && !reached(job, "sent")))
      return "already sent";
    try {
      await ctx.notices.digest(deserializeDigest(digest), day);
    } catch (e) {
      if (!now) await store.release(userId, day);
      throw e;
    }
    await mark(job, "sent");
    return "sent";
  },
});
