import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/env.ts";
import { type RedisHandle, startRedis } from "../../src/infra/redis.ts";

let handle: RedisHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

describe("startRedis", () => {
  it("uses REDIS_URL when given, or starts a private redis-server", async () => {
    handle = await startRedis(process.env.REDIS_URL);
    expect(handle.embedded).toBe(!process.env.REDIS_URL);
    expect(await handle.connection.ping()).toBe("PONG");
  });

  it("starts a private redis-server that is gone after close", async () => {
    handle = await startRedis(undefined);
    expect(handle.embedded).toBe(true);
    const key = `probe-${Date.now()}`;
    await handle.connection.set(key, "1");
    expect(await handle.connection.get(key)).toBe("1");
    const url = handle.url;
    await handle.close();
    handle = undefined;
    await expect(startRedis(url)).rejects.toThrow(ConfigError);
  });

  it("says clearly when the given Redis cannot be reached", async () => {
    await expect(startRedis("redis://127.0.0.1:1")).rejects.toThrow(
      /Cannot reach Redis at redis:\/\/127\.0\.0\.1:1/,
    );
  });
});
