// `npm run jobs:resync`: rebuild the reminder / timeout / webhook schedule from PostgreSQL
// (after Redis was flushed, say). Safe to run any time: it never makes a second job.
import { pino } from "pino";
import { boot } from "../src/boot.ts";
import { ConfigError, parseEnv } from "../src/config/env.ts";
import { createBackground } from "./background.ts";

const env = parseEnv();
if (!env.REDIS_URL) {
  console.error("\nnpm run jobs:resync needs REDIS_URL (the Redis the bot and workers use).\n");
  process.exit(1);
}
const logger = pino({ level: env.LOG_LEVEL });
try {
  const { services, redis, close } = await boot(env, logger);
  // Resync only schedules; it sends nothing to Slack.
  const background = createBackground({
    services,
    slack: { token: "" },
    redis: redis.connection,
    logger,
    secrets: env.secrets,
    prefix: env.JOBS_PREFIX,
  });
  console.log(await background.scheduler.resyncAll());
  await background.close();
  await close();
} catch (e) {
  console.error(e instanceof ConfigError ? `\n${e.message}\n` : e);
  process.exit(1);
}
