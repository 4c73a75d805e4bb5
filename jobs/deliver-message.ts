// Delivers one outbox message: renders it from the current state (so what lands is never
// older than what the database holds), skips it when Slack already shows exactly that, and
// sends it by its queue's method: a new DM, a response_url replacement, or chat.update.
// One delivery per message runs at a time (a lock across processes), and the outcome of
// every attempt is recorded: Slack's refusals that can never succeed are kept and told to
// the admins; anything else is retried with backoff until Slack takes it.
import { DelayedError, type Job } from "bullmq";
import { z } from "zod";
import { readerFor } from "../handlers/blocks/reader.ts";
import type { Rendered } from "../handlers/blocks/request-message.ts";
import { oneOffSchema, renderOneOff } from "../handlers/outbound/one-off.ts";
import { contentHash, requestTargets } from "../handlers/outbound/request-targets.ts";
import { SlackSendError } from "../handlers/outbound/slack-send.ts";
import type { SlackMessage } from "../src/generated/prisma/client.ts";
import { lateAfterAttempts, type RequestView } from "../src/requests/load-request-view.ts";
import type { JobContext } from "./context.ts";
import { defineJob } from "./define-job.ts";
import { takeSlot, tryLock } from "./locks.ts";
import type { Via } from "./outbound.ts";

const schema = z.object({ messageId: z.number().int().positive() });

const define = (via: Via) =>
  defineJob({
    name: `deliver-${via}`,
    queue: via,
    schema,
    handle: (ctx, { messageId }, job, token) => deliver(ctx, messageId, via, job, token),
  });

export const deliverPost = define("post");
export const deliverUpdate = define("update");
export const deliverRespond = define("respond");

async function later(job: Job, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + ms, token);
  throw new DelayedError();
}

async function deliver(
  ctx: JobContext,
  messageId: number,
  via: Via,
  job: Job,
  token?: string,
): Promise<string> {
  const lock = await tryLock(ctx.redis, `${ctx.prefix}:msg-lock:${messageId}`, 30_000);
  if (!lock) return later(job, token, 250);
  try {
    const row = await ctx.services.messages.get(messageId);
    if (!row || row.failure) return "nothing to do";
    return await deliverRow(ctx, row, via, job, token);
  } finally {
    await lock.release();
  }
}

async function deliverRow(
  ctx: JobContext,
  row: SlackMessage,
  via: Via,
  job: Job,
  token?: string,
): Promise<string> {
  const { services, outbound } = ctx;
  const oneOff = row.data ? oneOffSchema.parse(row.data) : undefined;
  if (oneOff && row.ts) return "sent already";
  const priority = job.opts.priority;
  if (row.ts && via === "post") {
    await outbound.deliver(row.id, "update", priority);
    return "posted already: sent to the update queue";
  }
  // Written in the language of the person's Slack from the first DM on.
  await ctx.profiles.ensure([row.userId]);
  const view = await ctx.views.load(row.requestId);
  if (!view) return "no such request";
  const rendered = oneOff
    ? await renderOne(ctx, row, oneOff, view)
    : requestTargets(view, readerFor(services), services.directory)
        .find((t) => t.key === row.key)
        ?.render();
  if (!rendered) return "no longer a message of the request";
  const revision = oneOff ? Math.max(1, row.wantedRevision) : view.request.revision;
  const hash = contentHash(rendered);
  if (row.ts && row.hash === hash) {
    await services.messages.delivered(row.id, { hash, revision });
    return "unchanged";
  }
  if (row.revision > revision) return "a newer render is delivered";
  try {
    if (!row.ts || !row.channel) {
      if (ctx.perChannelPostMs >= 1) {
        const wait = await takeSlot(
          ctx.redis,
          `${ctx.prefix}:post-slot:${row.userId}`,
          Math.round(ctx.perChannelPostMs),
        );
        if (wait > 0) return await later(job, token, wait);
      }
      const posted = await ctx.send.post(row.userId, rendered);
      await services.messages.delivered(row.id, { hash, revision, ...posted });
    } else if (via === "respond") {
      const url = await ctx.responseUrls.take(row.channel, row.ts);
      if (!url || !(await ctx.send.replace(url, rendered))) {
        await outbound.deliver(row.id, "update", priority);
        return "response_url used up: sent to the update queue";
      }
      await services.messages.delivered(row.id, { hash, revision });
    } else {
      await ctx.send.update(row.channel, row.ts, rendered);
      await services.messages.delivered(row.id, { hash, revision });
    }
  } catch (err) {
    if (!(err instanceof SlackSendError)) throw err;
    return failed(ctx, row, err, priority);
  }
  // A message shown as late on the request's status is late no more.
  if (row.attempts >= lateAfterAttempts) await deliveryShown(ctx, row.requestId);
  return "delivered";
}

async function failed(
  ctx: JobContext,
  row: SlackMessage,
  err: SlackSendError,
  priority?: number,
): Promise<string> {
  const { services, outbound } = ctx;
  const f = err.failure;
  switch (f.kind) {
    case "rate_limited":
      throw err; // the worker pauses this queue for Retry-After (jobs/registry.ts)
    case "gone":
      await services.messages.lost(row.id);
      await outbound.deliver(row.id, "post", priority);
      return `gone (${f.error}): posted anew`;
    case "never":
      ctx.logger.error(
        { messageId: row.id, requestId: row.requestId, userId: row.userId, error: f.error },
        "Slack will never take this message",
      );
      await services.messages.failed(row.id, f.error);
      ctx.metrics?.deliveryFailed("message");
      await ctx.notices.deliveryFailed(row, f.error);
      await deliveryShown(ctx, row.requestId);
      return `failed for good: ${f.error}`;
    case "transient":
      await services.messages.attempted(row.id, f.error);
      if (row.attempts + 1 === lateAfterAttempts) await deliveryShown(ctx, row.requestId);
      throw err; // retried with backoff
  }
}

/** The request's status and tracking message show how its DMs fare: a new revision to render, and a sync. */
async function deliveryShown(ctx: JobContext, requestId: number): Promise<void> {
  await ctx.services.syncState.bump(requestId);
  await ctx.outbound.requestChanged(requestId);
}

async function renderOne(
  ctx: JobContext,
  row: SlackMessage,
  data: z.infer<typeof oneOffSchema>,
  view: RequestView,
): Promise<Rendered> {
  const { services } = ctx;
  const reader = readerFor(services)(row.userId);
  const link =
    data.kind === "reminder" && row.assignmentId ? await linkTo(ctx, row.assignmentId) : undefined;
  return renderOneOff(data, {
    view,
    assignmentId: row.assignmentId,
    reader,
    now: services.clock(),
    link,
  });
}

/** A link to the assignment's own message, so a reminder leads straight to the buttons. */
async function linkTo(ctx: JobContext, assignmentId: number): Promise<string | undefined> {
  const msg = await ctx.services.messages.byKey(`assignment:${assignmentId}`);
  if (!msg?.channel || !msg.ts) return undefined;
  if (msg.permalink) return msg.permalink;
  const link = await ctx.send.permalink(msg.channel, msg.ts).catch(() => undefined);
  if (link) await ctx.services.messages.rememberPermalink(msg.id, link);
  return link;
}
