// `npm run db:seed`: loads the sample customers, distributors and past rebates (idempotent).
import path from "node:path";
import { parseEnv } from "../config/env.ts";
import { openDatabase } from "./open-database.ts";
import { seedSampleData } from "./seed.ts";

const env = parseEnv();
const db = await openDatabase({
  url: env.DATABASE_URL,
  pgliteDir: path.join(env.DATA_DIR, "pglite"),
});
console.log(await seedSampleData(db.prisma));
await db.close();
