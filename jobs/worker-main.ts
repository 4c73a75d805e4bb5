// `npm run worker`: the same job workers as the bot runs, in a process of their own, so
// bots and workers scale apart on several machines sharing PostgreSQL and Redis.
import { pino } from "pino";
import { boot } from "../src/boot.ts";
import { ConfigError, parseEnv } from "../src/config/env.ts";
import { createBackground } from "./background.ts";

async function main(): Promise<void> {
  const env = parseEnv();
  if (!env.DATABASE_URL || !env.REDIS_URL) {
    throw new ConfigError(
      "npm run worker needs DATABASE_URL and REDIS_URL: a separate worker shares the bot's PostgreSQL and Redis (the embedded ones belong to the bot process).",
    );
  }
  const logger = pino({ level: env.LOG_LEVEL });
  const { services, redis, close } = await boot(env, logger);
  // Without a bot token the worker talks to the bot's built-in local Slack.
  const token = env.SLACK_BOT_TOKEN ?? "xoxb-local";
  const apiUrl =
    env.SLACK_API_URL ??
    (env.SLACK_BOT_TOKEN ? undefined : `http://127.0.0.1:${env.LOCAL_SLACK_PORT}/api/`);
  const background = createBackground({
    services,
    slack: { token, apiUrl },
    redis: redis.connection,
    logger,
    secrets: env.secrets,
    prefix: env.JOBS_PREFIX,
    workers: { slackRateScale: env.SLACK_RATE_SCALE },
  });
  await background.startWorkers();
  logger.info({ prefix: env.JOBS_PREFIX }, "workers started");
  const shutdown = async () => {
    await background.close();
    await close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown());
  process.once("SIGTERM", () => void shutdown());
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? `\n${e.message}\n` : e);
  process.exit(1);
});
