// The one composition root. Every way the bot runs builds the same thing here, each piece
// checked with a clear error when wrong: configuration → database, Redis and the domain
// services → the background side (queues, the outbound pipeline, workers) → for the bot,
// the Slack app, against a real workspace or the built-in local Slack.
import path from "node:path";
import { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { LocalWorkspace } from "../handlers/local-workspace.ts";
import { slackIdentityLookup } from "../handlers/outbound/slack-identities.ts";
import { type Background, createBackground } from "../jobs/background.ts";
import { type Env, slackMode } from "../src/config/env.ts";
import { loadSettings } from "../src/config/settings.ts";
import type { Db } from "../src/db/open-database.ts";
import { type Database, openDatabase } from "../src/db/open-database.ts";
import { seedSampleData } from "../src/db/seed.ts";
import { ProcessCatalog } from "../src/definitions/catalog.ts";
import { loadCheckedProcesses } from "../src/definitions/load-processes.ts";
import { reloader } from "../src/definitions/reload.ts";
import { Directory } from "../src/directory/directory.ts";
import { cachedLookup } from "../src/directory/identity-cache.ts";
import { loadOrgSource } from "../src/directory/load-org.ts";
import { emailsToResolve, resolveLocally, resolveOrg } from "../src/directory/resolve-org.ts";
import type { OrgFile, OrgSource } from "../src/directory/schema.ts";
import { Metrics } from "../src/infra/metrics.ts";
import { type RedisHandle, startRedis } from "../src/infra/redis.ts";
import { createServices, type Services } from "../src/services.ts";

/** The bot (HTTP, Socket Mode or local), a worker process of its own, or a one-off resync. */
export type Role = "bot" | "worker" | "resync";

export interface Composed {
  services: Services;
  database: Database;
  redis: RedisHandle;
  background: Background;
  /** The bot without Slack credentials: the local Slack and its workspace page. */
  localWorkspace?: LocalWorkspace;
  /** Where the bot's Web API calls go. */
  slack: { token: string; apiUrl?: string; signingSecret: string };
  /** This process's metrics (GET /metrics). */
  metrics: Metrics;
  close(): Promise<void>;
}

/** The page takes the app's name and commands from the manifest, as Slack does. */
const manifestFile = path.join(import.meta.dirname, "../slack/manifest.yaml");

export async function compose(env: Env, logger: Logger, role: Role): Promise<Composed> {
  const metrics = new Metrics();
  const { services, database, redis } = await openDomain(env, logger, role === "bot", metrics);
  // Without Slack, a built-in local Slack, and the bot's own port also serves a page that
  // stands in for Slack's client. Loaded only then: a real deployment never imports it.
  const localWorkspace =
    role === "bot" && slackMode(env) === "local"
      ? await (await import("../handlers/local-workspace.ts")).startLocalWorkspace({
          directory: services.directory,
          port: env.LOCAL_SLACK_PORT,
          eventsUrl: `http://127.0.0.1:${env.PORT}/slack/events`,
          manifestFile,
          rateScale: env.SLACK_RATE_SCALE,
        })
      : undefined;
  const slack = slackTarget(env, role, localWorkspace);
  const background = createBackground({
    services,
    // A resync only schedules; it sends nothing to Slack.
    slack: { token: slack.token, apiUrl: slack.apiUrl },
    redis: redis.connection,
    logger,
    secrets: env.secrets,
    prefix: env.JOBS_PREFIX,
    workers: { slackRateScale: env.SLACK_RATE_SCALE },
    metrics,
  });
  return {
    services,
    database,
    redis,
    background,
    localWorkspace,
    slack,
    metrics,
    close: async () => {
      await background.close();
      await localWorkspace?.close();
      await redis.close();
      await database.close();
    },
  };
}

function slackTarget(env: Env, role: Role, local?: LocalWorkspace): Composed["slack"] {
  if (local)
    return {
      token: local.local.botToken,
      apiUrl: local.local.apiUrl,
      signingSecret: local.signingSecret,
    };
  if (role === "resync") return { token: "", signingSecret: "" };
  // A worker without a bot token talks to the bot's built-in local Slack.
  const apiUrl =
    env.SLACK_API_URL ??
    (env.SLACK_BOT_TOKEN ? undefined : `http://127.0.0.1:${env.LOCAL_SLACK_PORT}/api/`);
  return {
    token: env.SLACK_BOT_TOKEN ?? "xoxb-local",
    apiUrl,
    signingSecret: env.SLACK_SIGNING_SECRET ?? "",
  };
}

/**
 * The org file with everyone's Slack id: people given by email are looked up in Slack (kept
 * in the database a day), or without Slack credentials given local ids.
 */
async function resolveOrgFile(
  env: Env,
  source: OrgSource,
  db: Db,
  logger: Logger,
): Promise<OrgFile> {
  if (!env.SLACK_BOT_TOKEN || emailsToResolve(source).length === 0) return resolveLocally(source);
  const client = new WebClient(env.SLACK_BOT_TOKEN, {
    ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
    timeout: 10_000,
    retryConfig: { retries: 2 },
  });
  const lookup = cachedLookup(db, slackIdentityLookup(client), {
    now: () => new Date(),
    onStale: (err, emails) =>
      logger.warn({ err, people: emails.length }, "Slack did not answer: using the Slack ids kept"),
  });
  const { org, deactivated } = await resolveOrg(source, lookup, env.ORG_FILE);
  if (deactivated.length > 0)
    logger.warn(
      { people: deactivated.map((p) => `${p.name} <${p.email}>`) },
      "people in the org file are deactivated in Slack: nothing reaches them",
    );
  return org;
}

/** Configuration, the database (migrated), the published processes, Redis, the services. */
async function openDomain(env: Env, logger: Logger, seedIfEmpty: boolean, metrics: Metrics) {
  // The org file, settings and process files are read before anything opens, so a mistake in
  // them is said at once; people given by email are resolved once the database is open.
  const source = await loadOrgSource(env.ORG_FILE);
  const settings = await loadSettings(env.SETTINGS_FILE);
  const database = await openDatabase({
    url: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    pgliteDir: path.join(env.DATA_DIR, "pglite"),
    onIdleError: (err) =>
      logger.warn({ err: err.message }, "an idle database connection was closed by the server"),
  });
  logger.info({ database: database.kind }, "database ready and migrated");
  const directory = new Directory(
    await resolveOrgFile(env, source, database.prisma, logger).catch(async (e: unknown) => {
      await database.close();
      throw e;
    }),
  );
  const loadDefinitions = (org: OrgFile) =>
    loadCheckedProcesses({
      dir: env.PROCESSES_DIR,
      org,
      orgFile: env.ORG_FILE,
      secrets: env.secrets,
    });
  const defs = await loadDefinitions(directory.org).catch(async (e: unknown) => {
    await database.close();
    throw e;
  });
  if (seedIfEmpty && database.kind === "pglite" && (await database.prisma.customer.count()) === 0)
    logger.info(
      await seedSampleData(database.prisma),
      "embedded database was empty: loaded the sample customers",
    );
  const reload = reloader({
    loadOrg: async () =>
      resolveOrgFile(env, await loadOrgSource(env.ORG_FILE), database.prisma, logger),
    loadDefinitions,
    directory,
  });
  const catalog = await ProcessCatalog.publish(database.prisma, defs, { load: reload });
  const redis = await startRedis(env.REDIS_URL).catch(async (e: unknown) => {
    await database.close();
    throw e;
  });
  logger.info(
    { redis: redis.embedded ? `private redis-server at ${redis.url}` : redis.url },
    "redis ready",
  );
  const services = createServices({
    db: database.prisma,
    decisionsDb: database.decisions,
    directory,
    catalog,
    settings,
    observer: metrics,
  });
  await services.slackLocales.load();
  return { services, database, redis };
}
