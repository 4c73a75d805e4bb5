// Write-back to the ERP on completion: a signed JSON POST, retried with exponential
// backoff by BullMQ; the requester's message shows posted / retrying (n) / failed.
import { UnrecoverableError } from "bullmq";
import { z } from "zod";
import { signatureHeader, signWebhook, timestampHeader } from "../src/webhooks/webhook-service.ts";
import { defineJob } from "./define-job.ts";

export const postWebhook = defineJob({
  name: "webhook",
  queue: "webhooks",
  schema: z.object({ requestId: z.number().int().positive() }),
  async handle(ctx, { requestId }, job) {
    const webhooks = ctx.services.webhooks;
    const { def, body, status } = await webhooks.payload(requestId);
    if (!def.webhook || status === "POSTED" || status === "FAILED") return "nothing to do";
    const secret = ctx.secrets[def.webhook.secret_env];
    if (!secret) throw new UnrecoverableError(`${def.webhook.secret_env} is not set`);
    const attempt = job.attemptsMade + 1;
    const timestamp = Math.floor(Date.now() / 1000);
    let error: string | undefined;
    try {
      const res = await fetch(def.webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [timestampHeader]: String(timestamp),
          [signatureHeader]: signWebhook(secret, timestamp, body),
          "X-Approvals-Delivery": `request-${requestId}`,
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    if (!error) {
      await webhooks.record(requestId, "POSTED", attempt);
      await ctx.services.engine.record({
        requestId,
        action: "WEBHOOK",
        data: { status: "POSTED", attempt },
      });
      return "posted";
    }
    const last = attempt >= (job.opts.attempts ?? 1);
    await webhooks.record(requestId, last ? "FAILED" : "RETRYING", attempt, error);
    if (!last) throw new Error(`webhook attempt ${attempt} failed: ${error}`);
    await ctx.services.engine.record({
      requestId,
      action: "WEBHOOK",
      data: { status: "FAILED", attempt, error },
    });
    ctx.metrics?.deliveryFailed("webhook");
    await ctx.notices.webhookFailed(requestId, attempt, error);
    throw new UnrecoverableError(`webhook failed after ${attempt} attempts: ${error}`);
  },
});
