// GET /readyz says whether PostgreSQL and Redis answer (503 naming the one down), and the bot
// and a worker serve it and GET /metrics; on a terminal the log is readable, the local page's
// URL on a line of its own.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../harness/net.ts";
import { serveOps } from "../../main/ops.ts";
import type { Database } from "../../src/db/open-database.ts";
import { Metrics } from "../../src/infra/metrics.ts";
import { type AppProcess, runApp, started, stopApp } from "../support/app-process.ts";
import { freshDatabase } from "../support/database.ts";
import { samples } from "../support/prometheus.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function readyz(deps: Parameters<typeof serveOps>[0]) {
  const port = await freePort();
  const server = await serveOps(deps, port);
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  } finally {
    server.close();
  }
}

describe("/readyz", () => {
  let database: Database;
  let redis: Redis;
  beforeAll(async () => {
    database = await freshDatabase();
    redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    await new Promise((ready) => redis.once("ready", ready));
  });
  afterAll(async () => {
    redis.disconnect();
    await database.close();
  });

  it("is ready when PostgreSQL and Redis answer", async () => {
    const r = await readyz({ database, redis: { connection: redis }, metrics: new Metrics() });
    expect(r).toEqual({ status: 200, body: { status: "ready", postgres: "ok", redis: "ok" } });
  });

  it("is not ready, naming Redis, when Redis is down", async () => {
    // Nothing listens on this port: the connection never becomes ready.
    const down = new Redis(`redis://127.0.0.1:${await freePort()}`, {
      maxRetriesPerRequest: null,
      retryStrategy: () => 200,
    });
    down.on("error", () => undefined); // refused connections, as expected
    try {
      const r = await readyz({ database, redis: { connection: down }, metrics: new Metrics() });
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ status: "not ready", postgres: "ok" });
      expect(r.body.redis).toMatch(/^down: /);
    } finally {
      down.disconnect();
    }
  });

  it("is not ready, naming PostgreSQL, when PostgreSQL is down", async () => {
    const gone = await freshDatabase();
    await gone.close(); // its pool ended and the database dropped: every query fails
    const r = await readyz({
      database: gone,
      redis: { connection: redis },
      metrics: new Metrics(),
    });
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ status: "not ready", redis: "ok" });
    expect(r.body.postgres).toMatch(/^down: /);
  });

  it("refuses a port already in use, saying which", async () => {
    const deps = { database, redis: { connection: redis }, metrics: new Metrics() };
    const port = await freePort();
    const first = await serveOps(deps, port);
    try {
      await expect(serveOps(deps, port)).rejects.toThrow(`METRICS_PORT ${port} is already in use`);
    } finally {
      first.close();
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL)("the bot and a worker", () => {
  let database: Database;
  let bot: AppProcess;
  let worker: AppProcess;
  let port: number;
  let metricsPort: number;
  beforeAll(async () => {
    database = await freshDatabase();
    [port, metricsPort] = [await freePort(), await freePort()];
    const common = {
      DATABASE_URL: database.url!,
      REDIS_URL: redisUrl,
      JOBS_PREFIX: `ops${randomBytes(4).toString("hex")}`,
      SLACK_BOT_TOKEN: "",
      SLACK_SIGNING_SECRET: "",
      SLACK_APP_TOKEN: "",
    };
    const slackPort = await freePort();
    bot = runApp("main/bot.ts", {
      ...common,
      PORT: String(port),
      LOCAL_SLACK_PORT: String(slackPort),
      RUN_WORKERS: "false",
      LOG_FORMAT: "pretty",
    });
    worker = runApp("main/worker.ts", {
      ...common,
      SLACK_API_URL: `http://127.0.0.1:${slackPort}/api/`,
      METRICS_PORT: String(metricsPort),
    });
    await Promise.all([
      started(bot, "approval bot started", 60_000),
      started(worker, "workers started", 60_000),
    ]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([bot && stopApp(bot), worker && stopApp(worker)]);
    await database?.close();
  });

  it("logs readable lines, and the local page's URL on a line of its own", () => {
    const lines = bot.out().split("\n");
    expect(lines).toContain(`    Open http://localhost:${port}/ to use the bot`);
    const startedLine = lines.find((l) => l.includes("approval bot started"))!;
    expect(startedLine).toMatch(/^\[\d\d:\d\d:\d\d\] INFO/);
    expect(lines.some((l) => l.trimStart().startsWith('{"level"'))).toBe(false);
    // A worker's output is no terminal here (and no LOG_FORMAT): JSON lines.
    const workerLine = worker
      .out()
      .split("\n")
      .find((l) => l.includes("workers started"))!;
    expect(JSON.parse(workerLine)).toMatchObject({ msg: "workers started" });
  });

  it("serve /readyz and /metrics", async () => {
    for (const base of [`http://127.0.0.1:${port}`, `http://127.0.0.1:${metricsPort}`]) {
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ready", postgres: "ok", redis: "ok" });
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const s = samples(await metrics.text());
      expect(s.get('approvals_queue_jobs{queue="post",state="waiting"}')).toBe(0);
      expect(s.has("process_resident_memory_bytes")).toBe(true);
    }
  });
});
