// `npm run processes:check`: what the schema of one file cannot see. Every definition is
// checked against the org file (roles, holders per region, manager chains) and its own
// conditions are analysed (unknown fields, values a select cannot take, steps that can
// never run). Pure: the CLI (check-cli.ts) does the reading and printing.

import type { Controls, TierRule } from "../config/settings.ts";
import { Directory } from "../directory/directory.ts";
import type { OrgFile, Role } from "../directory/schema.ts";
import { resolveAssignees } from "../engine/resolve-assignees.ts";
import { applyTierRule, tierRuleOf } from "../engine/separate-tiers.ts";
import {
  ConditionError,
  compileCondition,
  conditionFields,
  type FormValues,
  requesterFields,
} from "./condition.ts";
import { findUnreachable } from "./condition-analysis.ts";
import type { ProcessDef, StepDef, Who } from "./schema.ts";

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

/** `controls`: the company's (config/settings.yaml), for what the warnings say the engine does. */
export function checkConfig(
  org: OrgFile,
  processes: CheckedFile[],
  orgFile = "org",
  controls?: Controls,
): Finding[] {
  const ctx = new OrgFacts(org, orgFile);
  return processes.flatMap(({ file, def }) => checkProcess(def, file, ctx, controls));
}

function checkProcess(
  def: ProcessDef,
  file: string,
  org: OrgFacts,
  controls?: Controls,
): Finding[] {
  const out: Finding[] = [];
  const at = (i: number, part?: string) =>
    `steps[${i}] "${def.steps[i]!.key}"${part ? ` ${part}` : ""}`;
  const error = (code: FindingCode, where: string | undefined, message: string) =>
    out.push({ severity: "error", code, file, where, message });
  const warn = (code: FindingCode, where: string | undefined, message: string) =>
    out.push({ severity: "warning", code, file, where, message });

  if (def.command && reservedCommands.has(def.command))
    error("command_clash", "command", `${def.command} is the bot's own command; pick another`);
  const processEscalation = def.reminders?.escalate_to;
  if (processEscalation && "role" in processEscalation && !org.role(processEscalation.role))
    error(
      "unknown_role",
      "reminders.escalate_to",
      `unknown role "${processEscalation.role}" (not in ${org.file})`,
    );

  def.steps.forEach((step, i) => {
    for (const { who, where } of whosOf(step)) {
      const place = at(i, where);
      if ("role" in who) {
        const role = org.role(who.role);
        if (!role) error("unknown_role", place, `unknown role "${who.role}" (not in ${org.file})`);
        else
          for (const gap of org.gaps(role))
            error(
              "no_holder",
              place,
              `role "${role.key}" is held per ${role.scope} and has no holder in ${gap}: a requester there could not file`,
            );
      } else if ("manager" in who) {
        if (who.manager > org.deepestChain)
          error(
            "no_manager",
            place,
            `nobody in ${org.file} has a manager ${who.manager} levels up (the longest chain is ${org.deepestChain})`,
          );
      } else {
        const field = def.fields.find((f) => f.key === who.field);
        if (field && !field.required && !step.when)
          error(
            "optional_picker",
            place,
            `the approver is picked in "${who.field}", which is optional: make it required (or give the step a condition)`,
          );
      }
    }
    const escalation = step.escalate_to;
    if (escalation && "role" in escalation) {
      if (!org.role(escalation.role))
        error(
          "unknown_role",
          at(i, "escalate_to"),
          `unknown role "${escalation.role}" (not in ${org.file})`,
        );
      else if (whosOf(step).some(({ who }) => "role" in who && who.role === escalation.role)) {
        warn(
          "escalation_loop",
          at(i, "escalate_to"),
          `escalates to "${escalation.role}", the step's own role: a timeout would go back to the same people`,
        );
      }
    }
    const seen = new Set<string>();
    step.inputs?.forEach((input, j) => {
      if (seen.has(input.key))
        error("duplicate_input", at(i, `inputs[${j}]`), `duplicate input key "${input.key}"`);
      seen.add(input.key);
    });
    if (step.when) checkCondition(def, i, step.when, at(i, "when"), error, warn);
  });
  checkConsecutiveTiers(def, org, at, warn, controls);
  return out;
}

function checkCondition(
  def: ProcessDef,
  i: number,
  source: string,
  where: string,
  error: (c: FindingCode, w: string, m: string) => void,
  warn: (c: FindingCode, w: string, m: string) => void,
): void {
  try {
    compileCondition(source, def.fields);
  } catch (e) {
    if (!(e instanceof ConditionError)) throw e;
    error(
      /^unknown field/.test(e.message) ? "unknown_field" : "invalid_condition",
      where,
      e.message,
    );
    return;
  }
  const analysis = findUnreachable(source, def.fields);
  for (const bad of analysis.unknownOptions) {
    error(
      "unknown_option",
      where,
      `compares select "${bad.field}" to '${bad.value}', which is not one of its options (${bad.options.join(", ")}): the comparison is never true`,
    );
  }
  if (analysis.verdict === "never" && analysis.unknownOptions.length === 0) {
    error(
      "never_true",
      where,
      `"${source}" is never true for any form, so step "${def.steps[i]!.key}" never runs`,
    );
  }
  if (analysis.verdict === "always")
    warn("always_true", where, `"${source}" is true for every form: the step is never skipped`);
}

/**
 * The manuals: one person does not hold two consecutive approval tiers. Warns where this
 * definition makes the rule bite: two approval steps with nothing between them but CC steps
 * and steps that may be skipped (a task separates tiers), and one person who can decide both
 * for some requester of the org (self-exclusion and manager chains included; a step whose
 * condition reads only facts about the requester is known to run or not). A person picked in
 * a form field can be anyone. The warning says what the engine then does (separate-tiers.ts).
 */
function checkConsecutiveTiers(
  def: ProcessDef,
  org: OrgFacts,
  at: (i: number) => string,
  warn: (c: FindingCode, w: string, m: string) => void,
  company?: Controls,
): void {
  const runs = def.steps.map((step) =>
    step.when ? requesterOnlyCondition(step.when, def, org) : undefined,
  );
  def.steps.forEach((step, i) => {
    if (step.kind !== "approval") return;
    for (let j = i + 1; j < def.steps.length; j++) {
      const next = def.steps[j]!;
      if (next.kind === "notify") continue;
      if (next.kind === "approval") {
        const bite = biteOf(def, i, j, runs, org);
        if (bite)
          warn(
            "consecutive_tiers",
            `${at(i)} → ${at(j)}`,
            describeBite(def, i, j, bite, org, tierRuleOf(def, next, company)),
          );
      }
      if (!next.when) break;
    }
  });
}

/** One person who can decide steps i and j, and for whom. */
interface Bite {
  person?: string;
  requester: string;
  requesters: number;
  /** Form fields the two steps pick their approvers in (the person is then the requester's choice). */
  picks: string[];
}

function biteOf(
  def: ProcessDef,
  i: number,
  j: number,
  runs: (((r: string) => boolean) | undefined)[],
  org: OrgFacts,
): Bite | undefined {
  const found = new Map<string, Bite>();
  for (const r of org.people) {
    if (runs[i] && !runs[i]!(r)) continue;
    if (runs[j] && !runs[j]!(r)) continue;
    // A step between them that certainly runs for this requester separates the tiers.
    if (
      def.steps
        .slice(i + 1, j)
        .some((s, k) => s.kind !== "notify" && runs[i + 1 + k] !== undefined && runs[i + 1 + k]!(r))
    )
      continue;
    const a = holdersOf(def.steps[i]!, r, org);
    const b = holdersOf(def.steps[j]!, r, org);
    const picks = [...a.picks, ...b.picks];
    // "" stands for whoever the requester picks in both steps' fields.
    const both =
      a.picks.length > 0 && b.picks.length > 0
        ? ["", ...a.people, ...b.people]
        : a.picks.length > 0
          ? [...b.people]
          : b.picks.length > 0
            ? [...a.people]
            : [...a.people].filter((p) => b.people.has(p));
    for (const p of both.filter((x) => x !== r)) {
      const key = p || `picked:${picks.join(",")}`;
      const seen = found.get(key);
      // The example requester: the one lowest in the org (a sales rep rather than the GM).
      if (seen)
        Object.assign(seen, {
          requesters: seen.requesters + 1,
          ...(org.depth(r) > org.depth(seen.requester) ? { requester: r } : {}),
        });
      else found.set(key, { ...(p ? { person: p } : {}), requester: r, requesters: 1, picks });
    }
  }
  // A pick is the requester's own doing, so it is named first; then whoever it happens to most often.
  return [...found.values()].sort(
    (x, y) =>
      Number(y.picks.length > 0) - Number(x.picks.length > 0) || y.requesters - x.requesters,
  )[0];
}

/** Who can hold a step for a requester: the people the org file names, and the form fields that pick someone. */
function holdersOf(
  step: StepDef,
  requester: string,
  org: OrgFacts,
): { people: Set<string>; picks: string[] } {
  const people = new Set<string>();
  const picks: string[] = [];
  for (const { who } of whosOf(step)) {
    if ("field" in who) {
      picks.push(who.field);
      continue;
    }
    const res = resolveAssignees({ ...step, who, branches: undefined }, {}, requester, org.dir);
    if (res.ok) for (const a of res.assignees) people.add(a.userId);
  }
  return { people, picks };
}

function describeBite(
  def: ProcessDef,
  i: number,
  j: number,
  bite: Bite,
  org: OrgFacts,
  rule: TierRule,
): string {
  const [a, b] = [def.steps[i]!, def.steps[j]!];
  const person = (id: string) => `${org.dir.name(id)} (${id})`;
  const forWhom =
    bite.requesters > 1
      ? `for ${bite.requesters} requesters such as ${person(bite.requester)}`
      : `when ${person(bite.requester)} files`;
  const subject = bite.person
    ? bite.picks.length > 0
      ? `the requester may pick in "${bite.picks[0]}" the approver of the other step (e.g. ${person(bite.person)}, ${forWhom})`
      : `${person(bite.person)} can decide "${a.key}" and "${b.key}" ${forWhom}`
    : new Set(bite.picks).size === 1
      ? `the person picked in "${bite.picks[0]}" decides both`
      : `the requester may pick one person in both "${bite.picks[0]}" and "${bite.picks[1]}"`;
  if (rule === "dedupe") {
    return `${subject}; with consecutive_tiers dedupe ${bite.picks.length > 0 ? "they decide both (a person picked in the form never counts for a later tier)" : `their approval of "${a.key}" counts for "${b.key}"`}`;
  }
  // What the engine does with the example: the later step's seats, with the person in its own pick too.
  const decider = bite.person ?? "";
  const form = Object.fromEntries(holdersOf(b, bite.requester, org).picks.map((f) => [f, decider]));
  const seat = decider ? resolveAssignees(b, form, bite.requester, org.dir) : undefined;
  const moved = seat?.ok
    ? applyTierRule(
        b,
        seat.assignees,
        { deciders: new Set([decider]), picked: new Set() },
        "separate",
        bite.requester,
        org.dir,
      ).waiting
    : [];
  const to = moved.find((x) => x.reason.kind === "separated");
  const outcome =
    to?.reason.kind === "separated" && to.reason.to !== "none"
      ? `"${b.key}" goes to ${person(to.userId)} instead`
      : to
        ? `nobody else can take "${b.key}", so they decide it too, as a decision of its own`
        : `"${b.key}" goes to another holder or up their manager chain`;
  return `${subject}; with consecutive_tiers separate ${outcome}`;
}

/** A condition that reads only facts about the requester (requester_is_manager): whether it holds, per requester. */
function requesterOnlyCondition(
  when: string,
  def: ProcessDef,
  org: OrgFacts,
): ((requester: string) => boolean) | undefined {
  const facts = new Set(requesterFields.map((f) => f.key));
  let reads: string[];
  let test: (form: FormValues) => boolean;
  try {
    reads = conditionFields(when);
    test = compileCondition(when, def.fields);
  } catch {
    return undefined;
  }
  if (reads.length === 0 || !reads.every((f) => facts.has(f))) return undefined;
  return (requester) => test({ requester_is_manager: org.managers.has(requester) });
}

/** A step's approvers: `who`, or each branch's. */
function whosOf(step: StepDef): { who: Who; where: string }[] {
  if (step.who) return [{ who: step.who, where: "who" }];
  return (step.branches ?? []).map((b, j) => ({
    who: b.who,
    where: `branches[${j}] "${b.key}" who`,
  }));
}

/** What the checks need to know about the org file. */
class OrgFacts {
  private readonly roles: Map<string, Role>;
  private readonly units: Record<"region" | "area" | "bu", { key: string; name: string }[]>;
  readonly deepestChain: number;
  readonly dir: Directory;
  /** Everyone in the org file, as a requester. */
  readonly people: string[];
  /** People someone reports to (requester_is_manager). */
  readonly managers: Set<string>;

  constructor(
    org: OrgFile,
    readonly file: string,
  ) {
    this.dir = new Directory(org);
    this.people = org.people.map((p) => p.id);
    this.managers = new Set(org.people.flatMap((p) => (p.manager ? [p.manager] : [])));
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

  /** How many managers are above a person. */
  depth(id: string): number {
    let n = 0;
    for (let m = this.dir.manager(id); m && n <= this.people.length; m = this.dir.manager(m)) n++;
    return n;
  }

  /** Units of the role's scope where nobody holds it, e.g. `area hebei (河北区域)`. */
  gaps(role: Role): string[] {
    if (role.scope === "global") return [];
    return this.units[role.scope]
      .filter((u) => !role.holders[u.key]?.length)
      .map((u) => `${role.scope} ${u.key} (${u.name})`);
  }
}

/** One line per finding: `error   file: where: message`. Errors first, then warnings, each in file order. */
export function formatFindings(findings: Finding[]): string {
  const order = (f: Finding) => (f.severity === "error" ? 0 : 1);
  return [...findings]
    .sort((a, b) => order(a) - order(b))
    .map(
      (f) =>
        `${f.severity === "error" ? "error  " : "warning"} ${f.file}${f.where ? `: ${f.where}` : ""}: ${f.message}`,
    )
    .join("\n");
}
