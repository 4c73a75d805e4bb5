// The daily tick builds everyone's digest in one bulk pass (one read of the open work, not
// one per person); each is kept in Redis for its send job, whose payload carries ids only.
// A digest that is not there (Redis lost it, or a retry past a day) is built afresh for
// the one person, so PostgreSQL stays the only thing a send depends on.
import type { Digest } from "../src/digest/build-digests.ts";
import { deserializeDigest, serializeDigest } from "../src/digest/serialize.ts";
import type { JobContext } from "./context.ts";

const DAY_S = 24 * 3600;
const keyOf = (ctx: JobContext, userId: string, day: string) =>
  `${ctx.prefix}:digest:${day}:${userId}`;

/** Each digest for the person's local day it is sent for. */
export async function keepBuilt(ctx: JobContext, built: { day: string; digest: Digest }[]) {
  const batch = ctx.redis.multi();
  for (const { day, digest } of built)
    batch.set(keyOf(ctx, digest.userId, day), JSON.stringify(serializeDigest(digest)), "EX", DAY_S);
  await batch.exec();
}

export async function takeBuilt(ctx: JobContext, userId: string, day: string): Promise<Digest> {
  const kept = await ctx.redis.get(keyOf(ctx, userId, day));
  if (kept) return deserializeDigest(JSON.parse(kept));
  const { digestBuilder, clock } = ctx.services;
  return (await digestBuilder.build([userId], clock())).get(userId)!;
}

export async function forgetBuilt(ctx: JobContext, userId: string, day: string): Promise<void> {
  await ctx.redis.del(keyOf(ctx, userId, day));
}
