// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database).
import path from "node:path";
import { parseEnv } from "../config/env.ts";
import { openDatabase } from "./open-database.ts";

const env = parseEnv();
const db = await openDatabase({
  url: env.DATABASE_URL,
  pgliteDir: path.join(env.DATA_DIR, "pglite"),
});
console.log(`${db.kind} database is migrated`);
await db.close();
