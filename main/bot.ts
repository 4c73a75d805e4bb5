// `npm start`: the bot. Built by the composition root (compose.ts); here it starts the Slack
// app (HTTP, Socket Mode, or the built-in local Slack when there are no credentials) and, in
// this process unless RUN_WORKERS=false, the job workers.
import { existsSync } from "node:fs";
import type { CustomRoute } from "@slack/bolt";
import { restApi } from "../api/index.ts";
import { createSlackApp } from "../handlers/app.ts";
import { countedFetch } from "../handlers/outbound/counted-fetch.ts";
import { ConfigError, parseEnv, slackMode } from "../src/config/env.ts";
import { createLogger, isReadable } from "../src/infra/logger.ts";
import { compose } from "./compose.ts";
import { opsHandlers } from "./ops.ts";

async function main(): Promise<void> {
  // The Slack tokens may sit in .env (README "Use it in your Slack workspace"); the environment wins.
  if (existsSync(".env")) process.loadEnvFile(".env");
  const env = parseEnv();
  const logger = createLogger(env);
  const app = await compose(env, logger, "bot");
  const { services, background, localWorkspace } = app;
  const mode = slackMode(env);
  const ops = opsHandlers(app);
  const opsRoutes: CustomRoute[] = [
    { path: "/readyz", method: ["GET"], handler: ops.readyz },
    { path: "/metrics", method: ["GET"], handler: ops.metrics },
  ];
  const api = restApi({
    services,
    db: app.database.prisma,
    redis: app.redis.connection,
    logger,
    ratePerMinute: env.API_RATE_LIMIT,
    prefix: env.JOBS_PREFIX,
  });
  const slack = createSlackApp(
    services,
    logger,
    {
      ...app.slack,
      appToken: env.SLACK_APP_TOKEN,
      port: env.PORT,
      routes: [...opsRoutes, ...api, ...(localWorkspace?.workspace.routes ?? [])],
      fetch: countedFetch(app.metrics),
    },
    background,
  );
  await slack.start();
  if (env.RUN_WORKERS) await background.startWorkers();
  // Redis holds only the schedule: rebuild it from PostgreSQL on every start.
  logger.info(await background.scheduler.resyncAll(), "reminder schedule resynced");
  if (localWorkspace) {
    // Operator log lines are English; people's messages go through the catalogs.
    logger.info(
      { api: localWorkspace.local.apiUrl },
      "no Slack credentials: running against the built-in local Slack-compatible Web API",
    );
    logger.info(
      { url: `http://localhost:${env.PORT}/` },
      "local workspace: open this page to act as anyone in the org file",
    );
    logger.info(
      'to connect a real workspace, create the app from slack/manifest.yaml, then set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP) or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode); see README "Use it in your Slack workspace"',
    );
  }
  logger.info(
    {
      mode,
      port: mode === "socket" ? undefined : env.PORT,
      workers: env.RUN_WORKERS,
      processes: services.catalog.list().map((p) => `${p.def.key}@v${p.def.version}`),
    },
    "approval bot started",
  );
  // The one address a newcomer needs, on a line of its own (a JSON log has it in the line above).
  if (localWorkspace && isReadable(env))
    process.stdout.write(`\n    Open http://localhost:${env.PORT}/ to use the bot\n\n`);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    localWorkspace?.workspace.close(); // its open event-streams would keep the HTTP server from closing
    await slack.stop().catch(() => undefined);
    await app.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? `\n${e.message}\n` : e);
  process.exit(1);
});
