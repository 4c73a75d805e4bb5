// `npm run processes:check`: what the schema of one file cannot see. Every definition is
// checked against the org file (roles, holders per region, manager chains) and its own
// conditions are analysed (unknown fields, values a select cannot take, steps that can
// never run). Pure: the CLI (check-cli.ts) does the reading and printing.
import { ConditionError, compileCondition } from "./condition.ts";
import { findUnreachable } from "./condition-analysis.ts";
import type { ProcessDef, StepDef, Who } from "./schema.ts";
import type { OrgFile, Role } from "../directory/schema.ts";

export type FindingCode =
  /** The org file does not load: bad YAML or schema, an unknown person, a manager chain that loops. */
  | "invalid_org"
  /** A process file does not load: bad YAML or schema, a key or command used twice. */
  | "invalid_file"
  | "unknown_role"
  /** A scoped role a step needs has nobody in some region / area / BU: requesters there could not file. */
  | "no_holder"
  | "unknown_field"
  | "invalid_condition"
  /** A select compared to a value that is not one of its options. */
  | "unknown_option"
  /** A condition no form can satisfy: the step never runs. */
  | "never_true"
  | "no_manager"
  /** The approver is picked in an optional user field: an empty field leaves the step without anyone. */
  | "optional_picker"
  | "duplicate_input"
  | "command_clash"
  // Warnings.
  | "always_true"
  | "consecutive_tiers"
  | "escalation_loop";

export interface Finding {
  severity: "error" | "warning";
  code: FindingCode;
  file: string;
  /** Where inside the file, e.g. `steps[3] "gm" when`. */
  where?: string;
  message: string;
}

export interface CheckedFile {
  file: string;
  def: ProcessDef;
}

/** Commands the bot itself answers; a process cannot take them. */
const reservedCommands = new Set(["/approval"]);

export function checkConfig(org: OrgFile, processes: CheckedFile[], orgFile = "org"): Finding[] {
  const ctx = new OrgFacts(org, orgFile);
  return processes.flatMap(({ file, def }) => checkProcess(def, file, ctx));
}

function checkProcess(def: ProcessDef, file: string, org: OrgFacts): Finding[] {
  const out: Finding[] = [];
  const at = (i: number, part?: string) => `steps[${i}] "${def.steps[i]!.key}"${part ? ` ${part}` : ""}`;
  const error = (code: FindingCode, where: string | undefined, message: string) => out.push({ severity: "error", code, file, where, message });
  const warn = (code: FindingCode, where: string | undefined, message: string) => out.push({ severity: "warning", code, file, where, message });

  if (def.command && reservedCommands.has(def.command)) error("command_clash", "command", `${def.command} is the bot's own command; pick another`);
  const processEscalation = def.reminders?.escalate_to;
  if (processEscalation && "role" in processEscalation && !org.role(processEscalation.role)) error("unknown_role", "reminders.escalate_to", `unknown role "${processEscalation.role}" (not in ${org.file})`);

  def.steps.forEach((step, i) => {
    for (const { who, where } of whosOf(step)) {
      const place = at(i, where);
      if ("role" in who) {
        const role = org.role(who.role);
        if (!role) error("unknown_role", place, `unknown role "${who.role}" (not in ${org.file})`);
        else for (const gap of org.gaps(role)) error("no_holder", place, `role "${role.key}" is held per ${role.scope} and has no holder in ${gap}: a requester there could not file`);
      } else if ("manager" in who) {
        if (who.manager > org.deepestChain) error("no_manager", place, `nobody in ${org.file} has a manager ${who.manager} levels up (the longest chain is ${org.deepestChain})`);
      } else {
        const field = def.fields.find((f) => f.key === who.field);
        if (field && !field.required && !step.when) error("optional_picker", place, `the approver is picked in "${who.field}", which is optional: make it required (or give the step a condition)`);
      }
    }
    const escalation = step.escalate_to;
    if (escalation && "role" in escalation) {
      if (!org.role(escalation.role)) error("unknown_role", at(i, "escalate_to"), `unknown role "${escalation.role}" (not in ${org.file})`);
      else if (whosOf(step).some(({ who }) => "role" in who && who.role === escalation.role)) {
        warn("escalation_loop", at(i, "escalate_to"), `escalates to "${escalation.role}", the step's own role: a timeout would go back to the same people`);
      }
    }
    const seen = new Set<string>();
    step.inputs?.forEach((input, j) => {
      if (seen.has(input.key)) error("duplicate_input", at(i, `inputs[${j}]`), `duplicate input key "${input.key}"`);
      seen.add(input.key);
    });
    if (step.when) checkCondition(def, i, step.when, at(i, "when"), error, warn);
  });
  checkConsecutiveTiers(def, org, at, warn);
  return out;
}

function checkCondition(def: ProcessDef, i: number, source: string, where: string, error: (c: FindingCode, w: string, m: string) => void, warn: (c: FindingCode, w: string, m: string) => void): void {
  try {
    compileCondition(source, def.fields);
  } catch (e) {
    if (!(e instanceof ConditionError)) throw e;
    error(/^unknown field/.test(e.message) ? "unknown_field" : "invalid_condition", where, e.message);
    return;
  }
  const analysis = findUnreachable(source, def.fields);
  for (const bad of analysis.unknownOptions) {
    error("unknown_option", where, `compares select "${bad.field}" to '${bad.value}', which is not one of its options (${bad.options.join(", ")}): the comparison is never true`);
  }
  if (analysis.verdict === "never" && analysis.unknownOptions.length === 0) {
    error("never_true", where, `"${source}" is never true for any form, so step "${def.steps[i]!.key}" never runs`);
  }
  if (analysis.verdict === "always") warn("always_true", where, `"${source}" is true for every form: the step is never skipped`);
}

/**
 * The manuals: one person does not hold two consecutive approval tiers. Steps that may be
 * skipped (a `when`) and CC steps do not separate two tiers; a task does.
 */
function checkConsecutiveTiers(def: ProcessDef, org: OrgFacts, at: (i: number) => string, warn: (c: FindingCode, w: string, m: string) => void): void {
  def.steps.forEach((step, i) => {
    if (step.kind !== "approval") return;
    for (let j = i + 1; j < def.steps.length; j++) {
      const next = def.steps[j]!;
      if (next.kind === "notify") continue;
      if (next.kind === "approval") {
        const same = sameApprover(step, next, org);
        if (same) warn("consecutive_tiers", `${at(i)} → ${at(j)}`, `${same} on two consecutive approval tiers: one person should not hold both (the engine records the second as approved automatically)`);
      }
      if (!next.when) break;
    }
  });
}

function sameApprover(a: StepDef, b: StepDef, org: OrgFacts): string | undefined {
  for (const x of whosOf(a)) {
    for (const y of whosOf(b)) {
      if (JSON.stringify(x.who) === JSON.stringify(y.who)) return describeWho(x.who);
      if ("role" in x.who && "role" in y.who) {
        const shared = org.sharedHolder(x.who.role, y.who.role);
        if (shared) return `${shared} (holder of both "${x.who.role}" and "${y.who.role}")`;
      }
    }
  }
  return undefined;
}

function describeWho(who: Who): string {
  if ("role" in who) return `role "${who.role}"`;
  if ("manager" in who) return `the requester's manager ${who.manager} level(s) up`;
  return `the person in field "${who.field}"`;
}

/** A step's approvers: `who`, or each branch's. */
function whosOf(step: StepDef): { who: Who; where: string }[] {
  if (step.who) return [{ who: step.who, where: "who" }];
  return (step.branches ?? []).map((b, j) => ({ who: b.who, where: `branches[${j}] "${b.key}" who` }));
}

/** What the checks need to know about the org file. */
class OrgFacts {
  private readonly roles: Map<string, Role>;
  private readonly units: Record<"region" | "area" | "bu", { key: string; name: string }[]>;
  readonly deepestChain: number;

  constructor(
    org: OrgFile,
    readonly file: string,
  ) {
    this.roles = new Map(org.roles.map((r) => [r.key, r]));
    this.units = {
      region: org.regions.map((r) => ({ key: r.key, name: r.name.zh })),
      area: org.regions.flatMap((r) => r.areas.map((a) => ({ key: a.key, name: a.name.zh }))),
      bu: org.business_units.map((b) => ({ key: b.key, name: b.name.zh })),
    };
    const managerOf = new Map(org.people.map((p) => [p.id, p.manager]));
    let deepest = 0;
    for (const p of org.people) {
      // The org schema refuses loops, so the walk ends; the bound is a second guard.
      let depth = 0;
      for (let m = p.manager; m && depth <= org.people.length; m = managerOf.get(m)) depth++;
      deepest = Math.max(deepest, depth);
    }
    this.deepestChain = deepest;
  }

  role(key: string): Role | undefined {
    return this.roles.get(key);
  }

  /** Units of the role's scope where nobody holds it, e.g. `area hebei (河北区域)`. */
  gaps(role: Role): string[] {
    if (role.scope === "global") return [];
    return this.units[role.scope].filter((u) => !role.holders[u.key]?.length).map((u) => `${role.scope} ${u.key} (${u.name})`);
  }

  /** Someone who holds both global roles (so they would sit on both tiers). */
  sharedHolder(a: string, b: string): string | undefined {
    const ra = this.roles.get(a);
    const rb = this.roles.get(b);
    if (!ra || !rb || a === b || ra.scope !== "global" || rb.scope !== "global") return undefined;
    return ra.holders.find((id) => rb.holders.includes(id));
  }
}

/** One line per finding: `error   file: where: message`. Errors first, then warnings, each in file order. */
export function formatFindings(findings: Finding[]): string {
  const order = (f: Finding) => (f.severity === "error" ? 0 : 1);
  return [...findings]
    .sort((a, b) => order(a) - order(b))
    .map((f) => `${f.severity === "error" ? "error  " : "warning"} ${f.file}${f.where ? `: ${f.where}` : ""}: ${f.message}`)
    .join("\n");
}
