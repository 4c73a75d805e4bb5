// `npm run processes:docs`: writes docs/processes.md from the definitions and the org file.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, parseEnv } from "../config/env.ts";
import { loadDirectory } from "../directory/load-org.ts";
import { renderProcessDocs } from "./docs.ts";
import { loadProcesses } from "./load-processes.ts";

const env = parseEnv();
const { values } = parseArgs({
  options: { org: { type: "string" }, processes: { type: "string" }, out: { type: "string" } },
});
const out = values.out ?? "docs/processes.md";
try {
  const [dir, defs] = await Promise.all([
    loadDirectory(values.org ?? env.ORG_FILE),
    loadProcesses(values.processes ?? env.PROCESSES_DIR),
  ]);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, renderProcessDocs(defs, dir.org));
  console.log(`wrote ${out} (${defs.length} processes)`);
} catch (e) {
  console.error(e instanceof ConfigError ? `\n${e.message}\n` : e);
  process.exit(1);
}
