// One person's digest DM. The delivery row is claimed first (none twice, even across a
// worker restart mid-run); a failed send gives the claim back so the retry sends it.
import { z } from "zod";
import { deserializeDigest } from "../src/digest/serialize.ts";
import { defineJob } from "./define-job.ts";

export const sendDigest = defineJob({
  name: "send-digest",
  queue: "digests",
  schema: z.object({ userId: z.string(), day: z.string(), digest: z.unknown(), now: z.boolean().optional() }),
  async handle(ctx, { userId, day, digest, now }) {
    const store = ctx.services.digests;
    // "/approval digest" (now: true) is on demand and does not use up the daily one.
    if (!now && !(await store.claim(userId, day))) return "already sent";
    try {
      await ctx.notices.digest(deserializeDigest(digest), day);
    } catch (e) {
      if (!now) await store.release(userId, day);
      throw e;
    }
    return "sent";
  },
});
