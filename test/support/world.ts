// The engine wired to a fresh database, the shipped org and processes, and sample data.

import { shippedWorld, type World } from "../../harness/world.ts";
import type { Database } from "../../src/db/open-database.ts";
import type { ProcessDef } from "../../src/definitions/schema.ts";
import { freshDatabase } from "./database.ts";

export { repoRoot, type World } from "../../harness/world.ts";

/** `extra` adds test-only process definitions to the shipped ones; `database` replaces the fresh per-file copy. */
export async function createWorld(
  opts: { extra?: ProcessDef[]; clock?: () => Date; database?: Database } = {},
): Promise<World> {
  return shippedWorld(opts.database ?? (await freshDatabase()), opts);
}
