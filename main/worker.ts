// `npm run worker`: the same job workers as the bot runs, in a process of their own, so
// bots and workers scale apart on several machines sharing PostgreSQL and Redis.
import { ConfigError, parseEnv } from "../src/config/env.ts";
import { createLogger } from "../src/infra/logger.ts";
import { compose } from "./compose.ts";
import { serveOps } from "./ops.ts";

async function main(): Promise<void> {
  const env = parseEnv();
  if (!env.DATABASE_URL || !env.REDIS_URL) {
    throw new ConfigError(
      "npm run worker needs DATABASE_URL and REDIS_URL: a separate worker shares the bot's PostgreSQL and Redis (the embedded ones belong to the bot process).",
    );
  }
  const logger = createLogger(env);
  const app = await compose(env, logger, "worker");
  await app.background.startWorkers();
  // Only when asked for: several workers on one machine must not fight over one port.
  const port = env.METRICS_PORT;
  const ops = port === undefined ? undefined : await serveOps(app, port);
  const metrics = port === undefined ? undefined : `http://localhost:${port}/metrics`;
  logger.info({ prefix: env.JOBS_PREFIX, metrics }, "workers started");
  const shutdown = async () => {
    ops?.close();
    await app.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown());
  process.once("SIGTERM", () => void shutdown());
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? `\n${e.message}\n` : e);
  process.exit(1);
});
