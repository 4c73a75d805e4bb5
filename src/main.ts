// Composition root: reads the configuration, opens the database and Redis, and starts
// the Slack app (HTTP, Socket Mode, or against the built-in local Slack).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pino } from "pino";
import { createSlackApp } from "../handlers/app.ts";
import { ConfigError, parseEnv, slackMode } from "./config/env.ts";
import { openDatabase } from "./db/open-database.ts";
import { seedSampleData } from "./db/seed.ts";
import { ProcessCatalog } from "./definitions/catalog.ts";
import { loadProcesses } from "./definitions/load-processes.ts";
import { loadDirectory } from "./directory/load-org.ts";
import { startRedis } from "./infra/redis.ts";
import { createServices } from "./services.ts";
import { startLocalSlack } from "./slack-local/server.ts";

async function main(): Promise<void> {
  const env = parseEnv();
  const logger = pino({ level: env.LOG_LEVEL });
  const directory = await loadDirectory(env.ORG_FILE);
  const defs = await loadProcesses(env.PROCESSES_DIR);
  const database = await openDatabase({ url: env.DATABASE_URL, pgliteDir: path.join(env.DATA_DIR, "pglite") });
  logger.info({ database: database.kind }, "database ready and migrated");
  if (database.kind === "pglite" && (await database.prisma.customer.count()) === 0) {
    logger.info(await seedSampleData(database.prisma), "embedded database was empty: loaded the sample customers");
  }
  const catalog = await ProcessCatalog.publish(database.prisma, defs);
  const redis = await startRedis(env.REDIS_URL);
  logger.info({ redis: redis.embedded ? `private redis-server at ${redis.url}` : redis.url }, "redis ready");
  const services = createServices({ db: database.prisma, directory, catalog });

  const mode = slackMode(env);
  const localSecret = randomBytes(16).toString("hex");
  const local =
    mode === "local"
      ? await startLocalSlack({
          port: env.LOCAL_SLACK_PORT,
          signingSecret: localSecret,
          users: directory.org.people.map((p) => ({ id: p.id, name: p.name, tz: p.tz, locale: p.locale })),
          eventsUrl: `http://127.0.0.1:${env.PORT}/slack/events`,
        })
      : undefined;
  const slack = createSlackApp(services, logger, {
    token: local?.botToken ?? env.SLACK_BOT_TOKEN!,
    signingSecret: local ? localSecret : (env.SLACK_SIGNING_SECRET ?? ""),
    appToken: env.SLACK_APP_TOKEN,
    apiUrl: local?.apiUrl ?? env.SLACK_API_URL,
    port: env.PORT,
  });
  await slack.start();
  if (local) {
    // Operator log lines are English; people's messages go through the catalogs.
    logger.info({ api: local.apiUrl }, "no Slack credentials: running against the built-in local Slack-compatible Web API");
    logger.info("to connect a real workspace, create the app from slack/manifest.yaml, then set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP) or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode); see README \"Use it in your Slack workspace\"");
  }
  logger.info({ mode, port: mode === "socket" ? undefined : env.PORT, processes: catalog.list().map((p) => `${p.def.key}@v${p.def.version}`) }, "approval bot started");

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await slack.stop().catch(() => undefined);
    await local?.close();
    await redis.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    console.error(`\n${e.message}\n`);
  } else {
    console.error(e);
  }
  process.exit(1);
});
