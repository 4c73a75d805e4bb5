// Redis for the job queues: the one in REDIS_URL, else a private redis-server started
// for this process (it keeps nothing on disk: PostgreSQL is the source of truth).
import { execFileSync } from "node:child_process";
import { Redis } from "ioredis";
import { RedisMemoryServer } from "redis-memory-server";
import { ConfigError } from "../config/env.ts";

export interface RedisHandle {
  url: string;
  /** Shared connection (BullMQ workers need maxRetriesPerRequest: null). */
  connection: Redis;
  embedded: boolean;
  close(): Promise<void>;
}

export async function startRedis(url: string | undefined): Promise<RedisHandle> {
  if (url) return connect(url, false, async () => undefined);
  const binary = findRedisServer();
  if (!binary) {
    throw new ConfigError(
      "REDIS_URL is not set and no redis-server is installed to start a private one.\n" +
        "  Install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)\n" +
        "  or set REDIS_URL, e.g. REDIS_URL=redis://127.0.0.1:6379",
    );
  }
  const server = await RedisMemoryServer.create({
    binary: { systemBinary: binary },
    instance: { ip: "127.0.0.1" },
  });
  const started = `redis://127.0.0.1:${await server.getPort()}`;
  return connect(started, true, async () => void (await server.stop()));
}

async function connect(
  url: string,
  embedded: boolean,
  stop: () => Promise<void>,
): Promise<RedisHandle> {
  const connection = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  // ioredis reconnects by itself; a failure surfaces on the command that needed Redis.
  connection.on("error", () => undefined);
  try {
    await connection.connect();
    await connection.ping();
  } catch (e) {
    connection.disconnect();
    await stop();
    throw new ConfigError(`Cannot reach Redis at ${url}: ${(e as Error).message}`);
  }
  return {
    url,
    connection,
    embedded,
    close: async () => {
      await connection.quit().catch(() => connection.disconnect());
      await stop();
    },
  };
}

function findRedisServer(): string | undefined {
  for (const candidate of [
    "redis-server",
    "/usr/bin/redis-server",
    "/usr/local/bin/redis-server",
    "/opt/homebrew/bin/redis-server",
  ]) {
    try {
      execFileSync(candidate, ["--version"], { stdio: "ignore" });
      return candidate.includes("/")
        ? candidate
        : execFileSync("sh", ["-c", "command -v redis-server"]).toString().trim();
    } catch {
      // not this one
    }
  }
  return undefined;
}
