// A fresh, migrated database per test file: a copy of a template on the local
// PostgreSQL when DATABASE_URL is set (CI), else an in-memory PGlite.
import { randomBytes } from "node:crypto";
import { type Database, openDatabase, withPgClient } from "../../src/db/open-database.ts";
import { templateName } from "./template.ts";

export async function freshDatabase(): Promise<Database> {
  const base = process.env.DATABASE_URL;
  if (!base) return openDatabase({ pgliteDir: "memory://" });
  // When it was made, in the name: a test run drops only databases old enough to be left over,
  // never one another run (a helper's, a second terminal's) has just made.
  const name = `t_${Math.floor(Date.now() / 1000).toString(36)}_${randomBytes(4).toString("hex")}`;
  await withPgClient(base, (c) => c.exec(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 5 });
  return {
    ...db,
    close: async () => {
      await db.close();
      await withPgClient(base, (c) => c.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
