// Reads the org file and every process definition, and checks them together. A file that
// does not load is reported like any other finding, so one run shows every problem.
import { ConfigError } from "../config/env.ts";
import { loadYaml } from "../config/load-yaml.ts";
import type { Controls } from "../config/settings.ts";
import { resolveLocally } from "../directory/resolve-org.ts";
import { type OrgFile, orgSchema } from "../directory/schema.ts";
import { type CheckedFile, checkConfig, type Finding } from "./check.ts";
import { readProcessFiles } from "./load-processes.ts";

/** `controls`: the company's (settings), for what the warnings say the engine does. */
export async function checkFiles(
  orgFile: string,
  processesDir: string,
  controls?: Controls,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  let org: OrgFile | undefined;
  try {
    // Structure and roles only: Slack accounts are npm run org:check's.
    org = resolveLocally(await loadYaml(orgFile, orgSchema));
  } catch (e) {
    findings.push(...loadErrors(e, orgFile, "invalid_org"));
  }
  const defs: CheckedFile[] = [];
  try {
    for (const f of await readProcessFiles(processesDir)) {
      if (f.error !== undefined)
        findings.push(...loadErrors(new ConfigError(f.error), f.file, "invalid_file"));
      else defs.push({ file: f.file, def: f.def });
    }
  } catch (e) {
    findings.push(...loadErrors(e, processesDir, "invalid_file"));
  }
  // Without a readable org file the definitions cannot be checked against it.
  if (org) findings.push(...checkConfig(org, defs, orgFile, controls));
  return findings;
}

/** A ConfigError's lines (`  - file: path: problem`) as findings of that file. */
function loadErrors(e: unknown, file: string, code: "invalid_org" | "invalid_file"): Finding[] {
  if (!(e instanceof ConfigError)) throw e;
  const lines = e.message.split("\n").filter((l) => l.startsWith("  - "));
  const messages = lines.length > 0 ? lines.map((l) => l.slice(4)) : [e.message];
  return messages.map((m) => ({
    severity: "error",
    code,
    file,
    message: m.startsWith(`${file}: `) ? m.slice(file.length + 2) : m,
  }));
}
