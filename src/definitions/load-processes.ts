// Loads every config/processes/*.yaml at start-up (and on `/approval admin reload`); a bad
// file stops start-up. `processes:check` reads them with readProcessFiles to report every
// bad file at once.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../config/env.ts";
import { formatPath, loadYaml } from "../config/load-yaml.ts";
import type { OrgFile } from "../directory/schema.ts";
import { checkConfig, formatFindings } from "./check.ts";
import { ConditionError, compileCondition } from "./condition.ts";
import { type ProcessDef, processSchema } from "./schema.ts";

/** One definition file: its definition, or why it could not be read. */
export type ProcessFile =
  | { file: string; def: ProcessDef; error?: undefined }
  | { file: string; def?: undefined; error: string };

export async function loadProcesses(dir: string): Promise<ProcessDef[]> {
  return (await loadValidFiles(dir)).map((f) => f.def);
}

/** The files of `dir`, stopping at the first bad one. */
async function loadValidFiles(dir: string): Promise<{ file: string; def: ProcessDef }[]> {
  const out: { file: string; def: ProcessDef }[] = [];
  for (const f of await readProcessFiles(dir)) {
    if (f.error !== undefined) throw new ConfigError(f.error);
    validateConditions(f.file, f.def);
    out.push({ file: f.file, def: f.def });
  }
  return out;
}

export interface CheckedLoad {
  dir: string;
  org: OrgFile;
  orgFile: string;
  /** WEBHOOK_* variables: a webhook's `secret_env` must be one of them. */
  secrets: Record<string, string>;
}

/**
 * What start-up and `/approval admin reload` publish: the definitions, each also checked
 * against the org file (the errors of processes:check) and the environment. Throws
 * ConfigError naming every problem; warnings are left to processes:check.
 */
export async function loadCheckedProcesses({
  dir,
  org,
  orgFile,
  secrets,
}: CheckedLoad): Promise<ProcessDef[]> {
  const files = await loadValidFiles(dir);
  for (const { file, def } of files) {
    if (def.webhook && !secrets[def.webhook.secret_env])
      throw new ConfigError(
        `${file}: webhook.secret_env names ${def.webhook.secret_env}, which is not set`,
      );
  }
  const errors = checkConfig(org, files, orgFile).filter((f) => f.severity === "error");
  if (errors.length > 0)
    throw new ConfigError(
      `Process definitions do not fit ${orgFile} (npm run processes:check):\n${formatFindings(errors)}`,
    );
  return files.map((f) => f.def);
}

/** Every file parsed against the schema, each with its own error; a key or command used twice is an error on the later file. */
export async function readProcessFiles(dir: string): Promise<ProcessFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    throw new ConfigError(`${dir}: process definitions folder not found`);
  }
  if (names.length === 0) throw new ConfigError(`${dir}: no process definitions (*.yaml)`);
  const out: ProcessFile[] = [];
  const owner = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    let def: ProcessDef;
    try {
      def = await loadYaml(file, processSchema);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      out.push({ file, error: e.message });
      continue;
    }
    const ids = [`key ${def.key}`, ...(def.command ? [`command ${def.command}`] : [])];
    const taken = ids.find((id) => owner.has(id));
    if (taken) {
      out.push({ file, error: `${file}: ${taken} is already used by ${owner.get(taken)}` });
      continue;
    }
    for (const id of ids) owner.set(id, file);
    out.push({ file, def });
  }
  return out;
}

export function validateConditions(file: string, def: ProcessDef): void {
  def.steps.forEach((step, i) => {
    if (!step.when) return;
    try {
      compileCondition(step.when, def.fields);
    } catch (e) {
      if (!(e instanceof ConditionError)) throw e;
      throw new ConfigError(
        `Invalid configuration file:\n  - ${file}: ${formatPath(["steps", i, "when"])}: ${e.message}`,
      );
    }
  });
}
