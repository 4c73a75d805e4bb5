// `npm run jobs:resync`: rebuild the reminder / timeout / webhook schedule from PostgreSQL
// (after Redis was flushed, say). Safe to run any time: it never makes a second job.

import { ConfigError, parseEnv } from "../src/config/env.ts";
import { createLogger } from "../src/infra/logger.ts";
import { compose } from "./compose.ts";

const env = parseEnv();
if (!env.REDIS_URL) {
  console.error("\nnpm run jobs:resync needs REDIS_URL (the Redis the bot and workers use).\n");
  process.exit(1);
}
const logger = createLogger(env);
try {
  const app = await compose(env, logger, "resync");
  console.log(await app.background.scheduler.resyncAll());
  await app.close();
} catch (e) {
  console.error(e instanceof ConfigError ? `\n${e.message}\n` : e);
  process.exit(1);
}
