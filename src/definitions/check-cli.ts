// `npm run processes:check [-- --org <file> --processes <dir>]`: checks every process
// definition and the org file together; exits 1 when there is an error (warnings alone pass).
import { parseArgs } from "node:util";
import { parseEnv } from "../config/env.ts";
import { loadSettings } from "../config/settings.ts";
import { formatFindings } from "./check.ts";
import { checkFiles } from "./check-files.ts";

const env = parseEnv();
const { values } = parseArgs({
  options: { org: { type: "string" }, processes: { type: "string" } },
});
const orgFile = values.org ?? env.ORG_FILE;
const dir = values.processes ?? env.PROCESSES_DIR;
// The company's rule on consecutive tiers, for what the warnings say; an unreadable settings file is start-up's to report.
const controls = await loadSettings(env.SETTINGS_FILE).then(
  (s) => s.controls,
  () => undefined,
);
const findings = await checkFiles(orgFile, dir, controls);
const errors = findings.filter((f) => f.severity === "error").length;
if (findings.length > 0) console.log(formatFindings(findings));
console.log(`${orgFile} and ${dir}: ${errors} error(s), ${findings.length - errors} warning(s)`);
process.exit(errors > 0 ? 1 : 0);
