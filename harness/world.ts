// A world: the engine wired to a database, an org and published process definitions. The
// tests build theirs on a fresh copy of the template database (test/support/world.ts), the
// benchmarks on databases of their own, often with a bigger org (bench/*-world.ts).
import path from "node:path";
import type { Database } from "../src/db/open-database.ts";
import { seedSampleData } from "../src/db/seed.ts";
import { ProcessCatalog } from "../src/definitions/catalog.ts";
import { loadProcesses } from "../src/definitions/load-processes.ts";
import type { ProcessDef } from "../src/definitions/schema.ts";
import type { Directory } from "../src/directory/directory.ts";
import { loadDirectory } from "../src/directory/load-org.ts";
import { ApprovalEngine } from "../src/engine/engine.ts";

export const repoRoot = path.resolve(import.meta.dirname, "..");

export interface World {
  database: Database;
  engine: ApprovalEngine;
  directory: Directory;
  catalog: ProcessCatalog;
  close(): Promise<void>;
}

/** Publishes `defs` in `database` and wires the engine to them and `directory`; closing the world closes the database. */
export async function assembleWorld(
  database: Database,
  directory: Directory,
  defs: ProcessDef[],
  clock?: () => Date,
): Promise<World> {
  const catalog = await ProcessCatalog.publish(database.prisma, defs);
  const engine = new ApprovalEngine({ db: database.prisma, directory, catalog, clock });
  return { database, engine, directory, catalog, close: () => database.close() };
}

/** The shipped org and processes (plus `extra`, test-only definitions) and the sample data, in `database`. */
export async function shippedWorld(
  database: Database,
  opts: { extra?: ProcessDef[]; clock?: () => Date } = {},
): Promise<World> {
  await seedSampleData(database.prisma);
  const directory = await loadDirectory(path.join(repoRoot, "config/org.yaml"));
  const defs = [
    ...(await loadProcesses(path.join(repoRoot, "config/processes"))),
    ...(opts.extra ?? []),
  ];
  return assembleWorld(database, directory, defs, opts.clock);
}
