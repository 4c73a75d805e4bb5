// Composition root of the bot: configuration, database and Redis (src/boot.ts), the
// background jobs (jobs/background.ts), and the Slack app (HTTP, Socket Mode, or the
// built-in local Slack when there are no credentials).
import { existsSync } from "node:fs";
import path from "node:path";
import { pino } from "pino";
import { createSlackApp } from "../handlers/app.ts";
import { createBackground } from "../jobs/background.ts";
import { boot } from "./boot.ts";
import { ConfigError, parseEnv, slackMode } from "./config/env.ts";

/** The page takes the app's name and commands from the manifest, as Slack does. */
const manifestFile = path.join(import.meta.dirname, "../slack/manifest.yaml");

async function main(): Promise<void> {
  // The Slack tokens may sit in .env (README "Use it in your Slack workspace"); the environment wins.
  if (existsSync(".env")) process.loadEnvFile(".env");
  const env = parseEnv();
  const logger = pino({ level: env.LOG_LEVEL });
  const { services, redis, close } = await boot(env, logger, { seedIfEmpty: true });

  const mode = slackMode(env);
  // Without Slack, a built-in local Slack, and the bot's own port also serves a page that stands
  // in for Slack's client. Loaded only then: a real deployment never imports the package.
  const localWorkspace =
    mode === "local"
      ? await (await import("../handlers/local-workspace.ts")).startLocalWorkspace({
          directory: services.directory,
          port: env.LOCAL_SLACK_PORT,
          eventsUrl: `http://127.0.0.1:${env.PORT}/slack/events`,
          manifestFile,
          rateScale: env.SLACK_RATE_SCALE,
        })
      : undefined;
  const local = localWorkspace?.local;
  const token = local?.botToken ?? env.SLACK_BOT_TOKEN!;
  const apiUrl = local?.apiUrl ?? env.SLACK_API_URL;
  const background = createBackground({
    services,
    slack: { token, apiUrl },
    redis: redis.connection,
    logger,
    secrets: env.secrets,
    prefix: env.JOBS_PREFIX,
    workers: { slackRateScale: env.SLACK_RATE_SCALE },
  });
  const slack = createSlackApp(
    services,
    logger,
    {
      token,
      signingSecret: localWorkspace?.signingSecret ?? env.SLACK_SIGNING_SECRET ?? "",
      appToken: env.SLACK_APP_TOKEN,
      apiUrl,
      port: env.PORT,
      routes: localWorkspace?.workspace.routes,
    },
    background,
  );
  await slack.start();
  if (env.RUN_WORKERS) await background.startWorkers();
  // Redis holds only the schedule: rebuild it from PostgreSQL on every start.
  logger.info(await background.scheduler.resyncAll(), "reminder schedule resynced");
  if (local) {
    // Operator log lines are English; people's messages go through the catalogs.
    logger.info(
      { api: local.apiUrl },
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

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    localWorkspace?.workspace.close(); // its open event-streams would keep the HTTP server from closing
    await slack.stop().catch(() => undefined);
    await background.close();
    await localWorkspace?.close();
    await close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? `\n${e.message}\n` : e);
  process.exit(1);
});
