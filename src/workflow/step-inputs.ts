// The Workflow Builder step's inputs: a process, the person it is filed for, and the form's
// values as lines of `field: value` (a field by key or label), as a workflow's form gives
// them. Read into what the Slack form would have sent, or a problem to report to Slack.
import type { ProcessCatalog } from "../definitions/catalog.ts";
import type { RawForm } from "../engine/validate-form.ts";
import { fieldNamed, typedValue } from "../requests/typed-values.ts";

export interface StepInputs {
  process?: unknown;
  requester?: unknown;
  values?: unknown;
}

export type StepProblem =
  | { type: "unknown_process"; key: string }
  | { type: "unknown_requester" }
  | { type: "unknown_field"; name: string; process: string }
  | { type: "bad_line"; line: string };

export type ReadInputs =
  | { ok: true; processKey: string; requesterId: string; raw: RawForm }
  | { ok: false; problem: StepProblem };

/** `field: value`, `field：value` or `field=value`, one a line. */
const line = /^\s*([^:：=]+?)\s*[:：=]\s*(.*?)\s*$/;

export function readStepInputs(
  inputs: StepInputs,
  catalog: ProcessCatalog,
  inOrg: (userId: string) => boolean,
): ReadInputs {
  const key = typeof inputs.process === "string" ? inputs.process.trim() : "";
  // By key, or by its name as people know it (a workflow's author types it).
  const process =
    catalog.get(key) ?? catalog.list().find((p) => [p.def.name.zh, p.def.name.en].includes(key));
  if (!process) return { ok: false, problem: { type: "unknown_process", key } };
  const raw: RawForm = {};
  const text = typeof inputs.values === "string" ? inputs.values : "";
  for (const l of text.split(/\r?\n/)) {
    if (l.trim() === "") continue;
    const m = line.exec(l);
    if (!m) return { ok: false, problem: { type: "bad_line", line: l.trim() } };
    const field = fieldNamed(process.def, m[1]!);
    if (!field)
      return {
        ok: false,
        problem: { type: "unknown_field", name: m[1]!, process: process.def.key },
      };
    raw[field.key] = typedValue(field, m[2]!);
  }
  const requesterId = typeof inputs.requester === "string" ? inputs.requester : "";
  if (!inOrg(requesterId)) return { ok: false, problem: { type: "unknown_requester" } };
  return { ok: true, processKey: process.def.key, requesterId, raw };
}
