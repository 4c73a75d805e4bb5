// What an operator's tools ask a running process: GET /readyz (may a load balancer send it
// work: PostgreSQL and Redis answer) and GET /metrics (Prometheus text). The bot serves them
// on its own port, beside /slack/events; a worker on METRICS_PORT (README "Running it for real").
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ConfigError } from "../src/config/env.ts";
import type { Database } from "../src/db/open-database.ts";
import type { Metrics } from "../src/infra/metrics.ts";
import type { RedisHandle } from "../src/infra/redis.ts";
import { within } from "../src/infra/within.ts";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface OpsDeps {
  database: Pick<Database, "prisma">;
  redis: Pick<RedisHandle, "connection">;
  metrics: Metrics;
}

/** A dependency slower than this is as good as down to a load balancer. */
const checkMs = 2000;

export function opsHandlers(deps: OpsDeps): { readyz: Handler; metrics: Handler } {
  const check = async (probe: () => Promise<unknown>) => {
    const answered = probe().then(
      () => "ok",
      (e: unknown) => `down: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`,
    );
    return within(answered, checkMs, `down: no answer within ${checkMs} ms`);
  };
  return {
    readyz: (_req, res) =>
      void Promise.all([
        check(() => deps.database.prisma.$queryRaw`SELECT 1`),
        // A connection that is not ready would queue the PING until Redis is back.
        check(async () => {
          if (deps.redis.connection.status !== "ready")
            throw new Error(`connection ${deps.redis.connection.status}`);
          await deps.redis.connection.ping();
        }),
      ]).then(([postgres, redis]) => {
        const ready = postgres === "ok" && redis === "ok";
        res
          .writeHead(ready ? 200 : 503, {
            "content-type": "application/json",
            "cache-control": "no-store",
          })
          .end(JSON.stringify({ status: ready ? "ready" : "not ready", postgres, redis }));
      }),
    metrics: (_req, res) =>
      void deps.metrics.text().then(
        (text) => res.writeHead(200, { "content-type": deps.metrics.contentType }).end(text),
        (e: unknown) =>
          res.writeHead(500, { "content-type": "text/plain" }).end(`metrics failed: ${String(e)}`),
      ),
  };
}

/** The same two pages on a port of their own (a worker has no other HTTP server). */
export async function serveOps(deps: OpsDeps, port: number): Promise<Server> {
  const handlers = opsHandlers(deps);
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/readyz") return handlers.readyz(req, res);
    if (req.method === "GET" && path === "/metrics") return handlers.metrics(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) =>
    server
      .once("error", (e: NodeJS.ErrnoException) =>
        reject(
          e.code === "EADDRINUSE"
            ? new ConfigError(
                `METRICS_PORT ${port} is already in use: give each worker on this machine a port of its own.`,
              )
            : e,
        ),
      )
      .listen(port, () => resolve()),
  );
  return server;
}
