// The engine wired to a fresh database, the shipped org and processes, and sample data.
import path from "node:path";
import type { Database } from "../../src/db/open-database.ts";
import { seedSampleData } from "../../src/db/seed.ts";
import { ProcessCatalog } from "../../src/definitions/catalog.ts";
import { loadProcesses } from "../../src/definitions/load-processes.ts";
import type { ProcessDef } from "../../src/definitions/schema.ts";
import type { Directory } from "../../src/directory/directory.ts";
import { loadDirectory } from "../../src/directory/load-org.ts";
import { ApprovalEngine } from "../../src/engine/engine.ts";
import { freshDatabase } from "./database.ts";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

export interface World {
  database: Database;
  engine: ApprovalEngine;
  directory: Directory;
  catalog: ProcessCatalog;
  close(): Promise<void>;
}

/** `extra` adds test-only process definitions to the shipped ones; `database` replaces the fresh per-file copy (the benchmarks bring their own). */
export async function createWorld(
  opts: { extra?: ProcessDef[]; clock?: () => Date; database?: Database } = {},
): Promise<World> {
  const database = opts.database ?? (await freshDatabase());
  await seedSampleData(database.prisma);
  const directory = await loadDirectory(path.join(repoRoot, "config/org.yaml"));
  const defs = [
    ...(await loadProcesses(path.join(repoRoot, "config/processes"))),
    ...(opts.extra ?? []),
  ];
  const catalog = await ProcessCatalog.publish(database.prisma, defs);
  const engine = new ApprovalEngine({ db: database.prisma, directory, catalog, clock: opts.clock });
  return { database, engine, directory, catalog, close: () => database.close() };
}
