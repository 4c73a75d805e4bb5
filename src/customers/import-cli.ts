// `npm run customers:import -- <file.csv> [--dry-run]`: loads the ERP's customer export (see
// README "Customers from the ERP"). Prints each problem with its row and writes nothing then;
// exits 1 on any problem.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseEnv } from "../config/env.ts";
import { loadYaml } from "../config/load-yaml.ts";
import { openDatabase } from "../db/open-database.ts";
import { orgSchema } from "../directory/schema.ts";
import { importCustomers } from "./import-csv.ts";

const env = parseEnv();
const { values, positionals } = parseArgs({
  options: { "dry-run": { type: "boolean", default: false } },
  allowPositionals: true,
});
const [file] = positionals;
if (!file || positionals.length > 1) {
  console.error("usage: npm run customers:import -- <file.csv> [--dry-run]");
  process.exit(2);
}
const org = await loadYaml(env.ORG_FILE, orgSchema);
const csv = await readFile(file, "utf8");
const db = await openDatabase({
  url: env.DATABASE_URL,
  pgliteDir: path.join(env.DATA_DIR, "pglite"),
});
try {
  const outcome = await importCustomers(db.prisma, csv, {
    now: new Date(),
    source: `import:${path.basename(file)}`,
    dryRun: values["dry-run"],
    timeZone: org.company.time_zone,
    regions: new Map(org.regions.map((r) => [r.key, [r.name.zh, r.name.en]])),
  });
  if (!outcome.ok) {
    for (const p of outcome.problems) console.error(`${file}:${p.row}: ${p.message}`);
    console.error(`${outcome.problems.length} problem(s); nothing was written`);
    process.exitCode = 1;
  } else {
    const { created, updated, unchanged } = outcome.counts;
    const what = `${created} new, ${updated} changed, ${unchanged} unchanged`;
    console.log(outcome.dryRun ? `dry run, nothing written: would be ${what}` : what);
  }
} finally {
  await db.close();
}
