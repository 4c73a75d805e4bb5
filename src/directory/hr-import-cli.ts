// `npm run org:import -- <hr.csv> [--dry-run] [--base <org.yaml>] [--out <file>]`: turns the
// HR export into an org file, printed or written to --out. Prints each problem with its row and
// writes nothing then; exits 1 on any problem.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, parseEnv } from "../config/env.ts";
import { loadYaml } from "../config/load-yaml.ts";
import { importHr } from "./hr-import.ts";
import { orgSchema } from "./schema.ts";

const usage =
  "usage: npm run org:import -- <hr.csv> [--dry-run] [--base <org.yaml>] [--out <file>]";
let args: { values: { "dry-run"?: boolean; base?: string; out?: string }; positionals: string[] };
try {
  args = parseArgs({
    options: {
      "dry-run": { type: "boolean", default: false },
      base: { type: "string" },
      out: { type: "string" },
    },
    allowPositionals: true,
  });
} catch {
  console.error(usage);
  process.exit(2);
}
const { values, positionals } = args;
const [file] = positionals;
if (!file || positionals.length > 1) {
  console.error(usage);
  process.exit(2);
}

/** A file that cannot be read is one line, not a stack trace. */
const readOrExit = <T>(p: Promise<T>) =>
  p.catch((e: NodeJS.ErrnoException): never => {
    console.error(e instanceof ConfigError ? e.message : `${file}: cannot read (${e.code ?? e})`);
    process.exit(1);
  });

const base = await readOrExit(loadYaml(values.base ?? parseEnv().ORG_FILE, orgSchema));
const csv = await readOrExit(readFile(file, "utf8"));
const outcome = importHr(csv, base, { source: path.basename(file) });
if (!outcome.ok) {
  for (const p of outcome.problems) console.error(`${file}:${p.row}: ${p.message}`);
  console.error(`${outcome.problems.length} problem(s); nothing was written`);
  process.exitCode = 1;
} else {
  const what = `${outcome.counts.people} people, ${outcome.counts.roles} roles`;
  if (values["dry-run"]) console.log(`dry run, nothing written: ${what}`);
  else if (values.out) {
    await writeFile(values.out, outcome.yaml);
    console.log(`${values.out}: ${what}`);
  } else process.stdout.write(outcome.yaml);
}
