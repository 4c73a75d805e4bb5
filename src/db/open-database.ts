// Opens the database: PostgreSQL when a URL is given, else an embedded PGlite in a
// local folder (or in memory for tests). Both are migrated before use.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client.ts";
import { migrate, type SqlRunner } from "./migrate.ts";
import { releaseFailedTransactions } from "./release-failed-transactions.ts";

export type Db = PrismaClient;

export interface Database {
  prisma: Db;
  kind: "postgres" | "pglite";
  /** The postgresql:// URL (PostgreSQL only): another process, such as a worker, can share it. */
  url?: string;
  /**
   * A pool of its own for decisions (PostgreSQL): a click's transaction never waits for a
   * connection behind background work (syncs, deliveries, App Homes) in the same process.
   * The same client as `prisma` on PGlite, which has a single connection anyway.
   */
  decisions: Db;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgresql:// URL; when absent the embedded PGlite is used. */
  url?: string;
  /** Folder for PGlite; "memory://" keeps it in memory. */
  pgliteDir?: string;
  /** Connection pool size for PostgreSQL. */
  poolSize?: number;
  /** Size of the decisions' own pool (default: half of poolSize, at least 2). */
  decisionPoolSize?: number;
  /** Told when an idle pooled connection fails (logged by the bot). */
  onIdleError?: (err: Error) => void;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    await withPgClient(opts.url, (runner) => migrate(runner));
    const size = opts.poolSize ?? 10;
    const pools = [size, opts.decisionPoolSize ?? Math.max(2, Math.floor(size / 2))].map((max) => {
      const pool = new pg.Pool({ connectionString: opts.url, max });
      // An idle connection dropped by the server (restart, failover) must not crash the
      // process: the pool replaces it, and the next query reports any real outage.
      pool.on("error", (err) => opts.onIdleError?.(err));
      return {
        pool,
        prisma: new PrismaClient({ adapter: releaseFailedTransactions(new PrismaPg(pool)) }),
      };
    });
    const [main, decisions] = pools as [(typeof pools)[0], (typeof pools)[0]];
    return {
      prisma: main.prisma,
      decisions: decisions.prisma,
      kind: "postgres",
      url: opts.url,
      close: async () => {
        for (const p of pools) {
          await p.prisma.$disconnect();
          await p.pool.end().catch(() => undefined);
        }
      },
    };
  }
  const dir = opts.pgliteDir ?? "./.data/pglite";
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const lite = new PGlite(dir);
  await migrate(pgliteRunner(lite));
  // pglite-prisma-adapter 0.6 bundles its own copy of the adapter types: same shape, other package.
  const adapter = new PrismaPGlite(lite) as unknown as PrismaPg;
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    decisions: prisma,
    kind: "pglite",
    close: async () => {
      await prisma.$disconnect();
      await lite.close();
    },
  };
}

function pgliteRunner(lite: PGlite): SqlRunner {
  return {
    exec: async (sql) => void (await lite.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await lite.query<T>(sql, params)).rows,
  };
}

export async function withPgClient<T>(
  url: string,
  fn: (runner: SqlRunner) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn({
      exec: async (sql) => void (await client.query(sql)),
      query: async <R>(sql: string, params?: unknown[]) =>
        (await client.query(sql, params)).rows as R[],
    });
  } finally {
    await client.end();
  }
}
