// A person's App Home, published when its content changed since the last publish. One runs
// per person at a time (outbound.ts), so two publishes for one person never race.
import { UnrecoverableError } from "bullmq";
import { z } from "zod";
import { homeOf } from "../handlers/outbound/home.ts";
import { contentHash } from "../handlers/outbound/request-targets.ts";
import { SlackSendError } from "../handlers/outbound/slack-send.ts";
import { defineJob } from "./define-job.ts";

export const publishHome = defineJob({
  name: "publish-home",
  queue: "home",
  schema: z.object({ userId: z.string().min(1) }),
  async handle(ctx, { userId }) {
    const { services } = ctx;
    await ctx.profiles.ensure([userId]);
    const view = await homeOf(services, userId);
    const hash = contentHash({ text: "", blocks: view });
    if ((await services.syncState.homeHash(userId)) === hash) return "unchanged";
    try {
      await ctx.send.publishHome(userId, view);
    } catch (err) {
      // Someone Slack does not know (or a view it refuses): no retry can change that.
      if (err instanceof SlackSendError && err.failure.kind === "never") {
        ctx.metrics?.deliveryFailed("home");
        throw new UnrecoverableError(`App Home of ${userId}: ${err.failure.error}`);
      }
      throw err;
    }
    await services.syncState.homePublished(userId, hash);
    return "published";
  },
});
