// Shipped and test-only processes, published in memory (no database), for the pure preview tests.
import path from "node:path";
import type { PublishedProcess } from "../../src/definitions/catalog.ts";
import { compileCondition, type FormValues } from "../../src/definitions/condition.ts";
import { loadProcesses } from "../../src/definitions/load-processes.ts";
import { type ProcessDef, processSchema } from "../../src/definitions/schema.ts";
import type { Directory } from "../../src/directory/directory.ts";
import { loadDirectory } from "../../src/directory/load-org.ts";
import { stepBuilders } from "../support/definitions.ts";
import { repoRoot } from "../support/world.ts";

export function published(def: ProcessDef): PublishedProcess {
  const conditions = new Map<number, (form: FormValues) => boolean>();
  def.steps.forEach((s, i) => {
    if (s.when) conditions.set(i, compileCondition(s.when, def.fields));
  });
  return { def, versionId: 1, conditions };
}

export async function shipped(): Promise<{
  dir: Directory;
  process: (key: string) => PublishedProcess;
}> {
  const dir = await loadDirectory(path.join(repoRoot, "config/org.yaml"));
  const defs = await loadProcesses(path.join(repoRoot, "config/processes"));
  return {
    dir,
    process: (key) => {
      const def = defs.find((d) => d.key === key);
      if (!def) throw new Error(`no shipped process ${key}`);
      return published(def);
    },
  };
}

const name = (s: string) => ({ zh: `${s}（中）`, en: s });
const { approval } = stepBuilders(name);

/**
 * Routing the shipped processes do not all show: a person picked in the form, a manager
 * chain, a countersign in mode all, parallel branches, and the same approver twice in a row.
 */
export const routing = processSchema.parse({
  key: "t_preview",
  version: 1,
  name: name("preview"),
  fields: [
    { key: "amount", type: "money", label: name("Amount") },
    { key: "checker", type: "user", label: name("Checker") },
    { key: "urgent", type: "checkbox", label: name("Urgent") },
    {
      key: "kind",
      type: "select",
      label: name("Kind"),
      options: [
        { value: "goods", label: name("Goods") },
        { value: "service", label: name("Service") },
      ],
    },
    { key: "note", type: "text", required: false, label: name("Note") },
  ],
  steps: [
    approval("checked", { field: "checker" }),
    approval("manager", { manager: 1 }),
    approval("manager_again", { manager: 1 }),
    approval(
      "finance_all",
      { role: "finance" },
      { mode: "all", when: "amount >= 1000 and kind in ['goods', 'service']" },
    ),
    {
      key: "parallel",
      kind: "approval",
      name: name("parallel"),
      when: "not urgent",
      branches: [
        { key: "eng", name: name("Engineering"), who: { role: "engineering" } },
        { key: "pur", name: name("Purchasing"), who: { role: "purchasing" } },
      ],
    },
  ],
});
