// Short locks and pacing keys in Redis, shared by every bot and worker process.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

export interface Lock {
  release(): Promise<void>;
}

/** A lock that expires by itself (a holder that dies frees it after `ttlMs`). */
export async function tryLock(redis: Redis, key: string, ttlMs: number): Promise<Lock | undefined> {
  const token = randomBytes(8).toString("hex");
  if ((await redis.set(key, token, "PX", ttlMs, "NX")) !== "OK") return undefined;
  return {
    // Only the holder's own token is deleted: a lock that expired and was taken again stays.
    release: async () =>
      void (await redis.eval(
        `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`,
        1,
        key,
        token,
      )),
  };
}

/** Takes a slot of `everyMs` on a key; returns how long to wait when the slot is taken (0 when it was free). */
export async function takeSlot(redis: Redis, key: string, everyMs: number): Promise<number> {
  if ((await redis.set(key, "1", "PX", everyMs, "NX")) === "OK") return 0;
  return Math.max(1, await redis.pttl(key));
}
