// Where the benchmarks run: the local PostgreSQL and Redis (CI's), in databases and Redis
// key prefixes of their own, so nothing of the tests or of a running bot is touched.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { type Database, openDatabase, withPgClient } from "../src/db/open-database.ts";

export const serverUrl =
  process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A new, migrated database `name` (dropped first if a killed run left it), dropped again on close. */
export async function benchDatabase(name: string, poolSize = 10): Promise<Database> {
  await withPgClient(serverUrl, async (c) => {
    await c.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.exec(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize });
  return {
    ...db,
    close: async () => {
      await db.close();
      await withPgClient(serverUrl, (c) =>
        c.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}

export const uniquePrefix = (what: string) => `bench${what}${randomBytes(3).toString("hex")}`;

/** Bytes Redis holds for every key under a prefix (MEMORY USAGE counts the key, value and overhead). */
export async function prefixMemory(
  redis: Redis,
  prefix: string,
): Promise<{ keys: number; bytes: number }> {
  let cursor = "0";
  let keys = 0;
  let bytes = 0;
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    const pipeline = redis.pipeline();
    for (const k of found) pipeline.memory("USAGE", k, "SAMPLES", "0");
    for (const [err, n] of (await pipeline.exec()) ?? []) if (!err) bytes += Number(n ?? 0);
    keys += found.length;
    cursor = next;
  } while (cursor !== "0");
  return { keys, bytes };
}
