// Loads every config/processes/*.yaml at start-up; a bad file stops start-up.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../config/env.ts";
import { formatPath, loadYaml } from "../config/load-yaml.ts";
import { compileCondition, ConditionError } from "./condition.ts";
import { type ProcessDef, processSchema } from "./schema.ts";

export async function loadProcesses(dir: string): Promise<ProcessDef[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    throw new ConfigError(`${dir}: process definitions folder not found`);
  }
  if (files.length === 0) throw new ConfigError(`${dir}: no process definitions (*.yaml)`);
  const defs: ProcessDef[] = [];
  const owner = new Map<string, string>();
  for (const name of files) {
    const file = path.join(dir, name);
    const def = await loadYaml(file, processSchema);
    validateConditions(file, def);
    for (const id of [`key ${def.key}`, def.command && `command ${def.command}`].filter(Boolean) as string[]) {
      const other = owner.get(id);
      if (other) throw new ConfigError(`${file}: ${id} is already used by ${other}`);
      owner.set(id, file);
    }
    defs.push(def);
  }
  return defs;
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
