// Loads every config/processes/*.yaml at start-up (and on `/approval admin reload`); a bad
// file stops start-up. `processes:check` reads them with readProcessFiles to report every
// bad file at once.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../config/env.ts";
import { formatPath, loadYaml } from "../config/load-yaml.ts";
import { compileCondition, ConditionError } from "./condition.ts";
import { type ProcessDef, processSchema } from "./schema.ts";

/** One definition file: its definition, or why it could not be read. */
export type ProcessFile = { file: string; def: ProcessDef; error?: undefined } | { file: string; def?: undefined; error: string };

export async function loadProcesses(dir: string): Promise<ProcessDef[]> {
  const files = await readProcessFiles(dir);
  const defs: ProcessDef[] = [];
  for (const f of files) {
    if (f.error !== undefined) throw new ConfigError(f.error);
    validateConditions(f.file, f.def);
    defs.push(f.def);
  }
  return defs;
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
      throw new ConfigError(`Invalid configuration file:\n  - ${file}: ${formatPath(["steps", i, "when"])}: ${e.message}`);
    }
  });
}
