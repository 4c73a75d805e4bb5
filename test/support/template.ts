import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { migrationsDir } from "../../src/db/migrate.ts";

/** Named after the migrations' content, so a changed schema never reuses a stale template. */
export function templateName(): string {
  const h = createHash("sha256");
  for (const d of readdirSync(migrationsDir).sort()) {
    if (d.endsWith(".toml")) continue;
    h.update(d).update(readFileSync(path.join(migrationsDir, d, "migration.sql")));
  }
  return `approvals_tpl_${h.digest("hex").slice(0, 12)}`;
}
