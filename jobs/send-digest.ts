// One person's digest DM. The delivery row is claimed first (none twice, even across a
// worker restart mid-run); a failed send gives the claim back so the retry sends it, and a
// run taking over from a worker that died before sending sends it (progress.ts).
import { z } from "zod";
import { hasContent } from "../src/digest/build-digests.ts";
import { forgetBuilt, takeBuilt } from "./built-digests.ts";
import { defineJob } from "./define-job.ts";
import { mark, reached, tookOver } from "./progress.ts";

export const sendDigest = defineJob({
  name: "send-digest",
  queue: "digests",
  schema: z.object({ userId: z.string(), day: z.string() }),
  async handle(ctx, { userId, day }, job) {
    const store = ctx.services.digests;
    // A claim already taken is this job's own when it takes over from a worker that died
    // before sending.
    if (!(await store.claim(userId, day)) && !(tookOver(job) && !reached(job, "sent")))
      return "already sent";
    const digest = await takeBuilt(ctx, userId, day);
    // Built afresh and everything was decided since the tick: the claim stands, as for a
    // day with nothing to say.
    if (!hasContent(digest)) return "nothing left";
    try {
      await ctx.notices.digest(digest, day);
    } catch (e) {
      await store.release(userId, day);
      throw e;
    }
    await mark(job, "sent");
    await forgetBuilt(ctx, userId, day);
    return "sent";
  },
});
