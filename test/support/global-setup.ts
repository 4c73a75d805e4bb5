// Runs once before all test files: builds the migrated template database.
import { migrate } from "../../src/db/migrate.ts";
import { withPgClient } from "../../src/db/open-database.ts";
import { templateName } from "./template.ts";

export default async function setup(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) return;
  const name = templateName();
  // Databases left by a run killed before its clean-up (made over six hours ago); another run's
  // are younger, and one still in use is kept anyway.
  const leftOver = (name: string) => {
    const made = /^t_([0-9a-z]+)_[0-9a-f]{8}$/.exec(name)?.[1];
    return made !== undefined && Date.now() / 1000 - parseInt(made, 36) > 6 * 3600;
  };
  const all = await withPgClient(base, (c) =>
    c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 't\\_%'`),
  );
  for (const { datname } of all.filter((d) => leftOver(d.datname)))
    await withPgClient(base, (c) => c.exec(`DROP DATABASE IF EXISTS "${datname}"`)).catch(
      () => undefined,
    );
  const exists = await withPgClient(base, (c) =>
    c.query<{ n: number }>(`SELECT 1 AS n FROM pg_database WHERE datname = $1`, [name]),
  );
  if (exists.length > 0) return;
  const building = `${name}_building`;
  await withPgClient(base, async (c) => {
    await c.exec(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    await c.exec(`CREATE DATABASE "${building}"`);
  });
  const url = new URL(base);
  url.pathname = `/${building}`;
  await withPgClient(url.toString(), (c) => migrate(c).then(() => undefined));
  // Renamed only when complete, so an interrupted run never leaves a half-built template.
  await withPgClient(base, (c) => c.exec(`ALTER DATABASE "${building}" RENAME TO "${name}"`));
}
