// What every entry point (bot, worker, resync) needs: configuration, database, Redis
// and the domain services, each checked with a clear error when wrong.
import path from "node:path";
import type { Logger } from "pino";
import type { Env } from "./config/env.ts";
import { loadSettings } from "./config/settings.ts";
import { type Database, openDatabase } from "./db/open-database.ts";
import { seedSampleData } from "./db/seed.ts";
import { ProcessCatalog } from "./definitions/catalog.ts";
import { loadCheckedProcesses } from "./definitions/load-processes.ts";
import { loadDirectory } from "./directory/load-org.ts";
import { type RedisHandle, startRedis } from "./infra/redis.ts";
import { createServices, type Services } from "./services.ts";

export interface Booted {
  services: Services;
  database: Database;
  redis: RedisHandle;
  close(): Promise<void>;
}

export async function boot(
  env: Env,
  logger: Logger,
  opts: { seedIfEmpty?: boolean } = {},
): Promise<Booted> {
  const directory = await loadDirectory(env.ORG_FILE);
  const settings = await loadSettings(env.SETTINGS_FILE);
  // Start-up and `/approval admin reload` read and check the definitions the same way.
  const loadDefinitions = () =>
    loadCheckedProcesses({
      dir: env.PROCESSES_DIR,
      org: directory.org,
      orgFile: env.ORG_FILE,
      secrets: env.secrets,
    });
  const defs = await loadDefinitions();
  const database = await openDatabase({
    url: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    pgliteDir: path.join(env.DATA_DIR, "pglite"),
    onIdleError: (err) =>
      logger.warn({ err: err.message }, "an idle database connection was closed by the server"),
  });
  logger.info({ database: database.kind }, "database ready and migrated");
  if (
    opts.seedIfEmpty &&
    database.kind === "pglite" &&
    (await database.prisma.customer.count()) === 0
  ) {
    logger.info(
      await seedSampleData(database.prisma),
      "embedded database was empty: loaded the sample customers",
    );
  }
  const catalog = await ProcessCatalog.publish(database.prisma, defs, { load: loadDefinitions });
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
  });
  await services.slackLocales.load();
  return {
    services,
    database,
    redis,
    close: async () => {
      await redis.close();
      await database.close();
    },
  };
}
