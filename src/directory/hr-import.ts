// `npm run org:import`: an HR export (a person a row) turned into an org file in the
// config/org.yaml format. The base org file gives the company, the units and the role
// definitions; the export gives the people, their managers and who holds each role. Every row is
// checked and each problem named on its spreadsheet row (row 1 is the header).
import { parse } from "csv-parse/sync";
import { Document, isScalar, visit } from "yaml";
import { z } from "zod";
import { formatPath } from "../config/load-yaml.ts";
import type { LocalizedText } from "../definitions/schema.ts";
import { type OrgSource, orgSchema } from "./schema.ts";

/** Each column by its English key, with the headers a Chinese HR export uses for it. */
const headers: Record<string, string[]> = {
  employee_no: ["employee_no", "工号", "员工编号"],
  name: ["name", "姓名"],
  email: ["email", "邮箱", "电子邮件"],
  manager: ["manager", "上级", "直属上级"],
  region: ["region", "大区"],
  area: ["area", "区域"],
  bu: ["bu", "事业部"],
  roles: ["roles", "role", "角色"],
  slack_id: ["slack_id", "slack id"],
};
const slackId = /^[UW][A-Z0-9]+$/;
const roleSeparators = /[;,、；，]/;

export interface Problem {
  row: number;
  message: string;
}
export type HrImport =
  | { ok: true; org: OrgSource; yaml: string; counts: { people: number; roles: number } }
  | { ok: false; problems: Problem[] };
export interface HrImportOptions {
  /** The export's file name, for the generated file's first line. */
  source?: string;
}

type Scope = "region" | "area" | "bu";
type Person = OrgSource["people"][number];
interface Entry {
  row: number;
  /** Absent when the row's email is missing, bad or a repeat (a problem already). */
  email?: string;
  person: Omit<Person, "email" | "manager">;
  employeeNo?: string;
  managerRef?: string;
  boss?: Entry;
  roles: { key: string; unit?: string }[];
}

export function importHr(csv: string, base: OrgSource, opts: HrImportOptions = {}): HrImport {
  const read = readRows(csv);
  if ("problems" in read) return fail(read.problems);
  const problems: Problem[] = [];
  const units = lookups(base);
  const seen = { email: new Map(), employee_no: new Map(), slack_id: new Map() };
  const entries = read.rows.map(({ row, given }) =>
    readPerson(row, given, units, seen, (message) => problems.push({ row, message })),
  );
  linkManagers(entries, problems);
  const claimed = new Set(entries.flatMap((e) => e.roles.map((r) => r.key)));
  for (const role of base.roles)
    if (!claimed.has(role.key))
      problems.push({
        row: 1,
        message: `role ${role.key} (${role.name.zh}) has no holder in the file`,
      });
  if (problems.length > 0) return fail(problems);

  const people = entries.map(
    (e): Person => compact({ ...e.person, email: e.email, manager: e.boss?.email }),
  );
  const org: OrgSource = { ...base, people, roles: base.roles.map((r) => withHolders(r, entries)) };
  const checked = orgSchema.safeParse(org);
  if (!checked.success)
    return fail(
      checked.error.issues.map((i) => ({
        row: 1,
        message: `the org file would not load: ${formatPath(i.path)}: ${i.message}`,
      })),
    );
  return {
    ok: true,
    org: checked.data,
    yaml: toYaml(checked.data, opts.source),
    counts: { people: people.length, roles: org.roles.length },
  };
}

const fail = (problems: Problem[]): HrImport => ({
  ok: false,
  problems: problems.sort((a, b) => a.row - b.row),
});

function readRows(
  csv: string,
): { rows: { row: number; given: Record<string, string> }[] } | { problems: Problem[] } {
  let cells: string[][];
  try {
    // Empty lines are kept (and skipped below) so that row numbers stay the spreadsheet's.
    cells = parse(csv, { bom: true, relax_column_count: true, trim: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return { problems: [{ row: line ?? 1, message: (e as Error).message }] };
  }
  const [head = [], ...body] = cells;
  const columns = head.map(columnOf);
  const problems: Problem[] = [];
  head.forEach((h, i) => {
    const c = columns[i];
    if (!c) problems.push({ row: 1, message: `unknown column "${h}"` });
    else if (columns.indexOf(c) < i) problems.push({ row: 1, message: `column ${c} given twice` });
  });
  for (const c of ["name", "email"])
    if (!columns.includes(c)) problems.push({ row: 1, message: `no ${c} column` });
  if (problems.length > 0) return { problems };
  const rows = body.flatMap((line, i) => {
    const given: Record<string, string> = {};
    columns.forEach((c, j) => {
      if (c && line[j]) given[c] = line[j];
    });
    return Object.keys(given).length > 0 ? [{ row: i + 2, given }] : [];
  });
  return { rows };
}

function columnOf(header: string): string | undefined {
  const h = header.trim().toLowerCase();
  return Object.keys(headers).find((k) => headers[k]!.includes(h));
}

interface Lookups {
  units: Record<Scope, Map<string, string>>;
  areaRegion: Map<string, string>;
  roles: Map<string, string>;
  roleDefs: Map<string, OrgSource["roles"][number]>;
}

/** Units and roles by key, or by their zh or en name, without regard to case. */
function lookups(base: OrgSource): Lookups {
  const byLabel = (items: { key: string; name: LocalizedText }[]) =>
    new Map(
      items.flatMap((i) => [i.key, i.name.zh, i.name.en].map((l) => [l.toLowerCase(), i.key])),
    );
  return {
    units: {
      region: byLabel(base.regions),
      area: byLabel(base.regions.flatMap((r) => r.areas)),
      bu: byLabel(base.business_units),
    },
    areaRegion: new Map(base.regions.flatMap((r) => r.areas.map((a) => [a.key, r.key]))),
    roles: byLabel(base.roles),
    roleDefs: new Map(base.roles.map((r) => [r.key, r])),
  };
}

const keysOf = (labels: Map<string, string>) => [...new Set(labels.values())].join(", ");
const unitWords: Record<Scope, string> = { region: "region", area: "area", bu: "business unit" };

/** One row's person; its problems go to `problem`. `seen`: the row each key was first on. */
function readPerson(
  row: number,
  given: Record<string, string>,
  { units, areaRegion, roles, roleDefs }: Lookups,
  seen: Record<"email" | "employee_no" | "slack_id", Map<string, number>>,
  problem: (message: string) => void,
): Entry {
  const first = (column: keyof typeof seen, value: string, what: string) => {
    const at = seen[column].get(value);
    if (at) problem(`${what} ${value} is also on row ${at}`);
    else seen[column].set(value, row);
    return !at;
  };
  const { name = "", employee_no: employeeNo, slack_id: id } = given;
  if (!name) problem("name is missing");
  let email: string | undefined = given.email?.toLowerCase();
  if (!email) problem("email is missing");
  else if (!z.email().safeParse(email).success) {
    problem(`email "${given.email}" is not an email address`);
    email = undefined;
  } else if (!first("email", email, "email")) email = undefined;
  if (employeeNo) first("employee_no", employeeNo, "employee no.");
  if (id && !slackId.test(id))
    problem(`slack_id "${id}" is not a Slack user id such as U012ABCDEF`);
  else if (id) first("slack_id", id, "slack_id");

  const unit = (scope: Scope) => {
    const typed = given[scope];
    if (!typed) return undefined;
    const key = units[scope].get(typed.toLowerCase());
    if (!key) problem(`unknown ${unitWords[scope]} "${typed}" (${keysOf(units[scope])})`);
    return key;
  };
  const place = { region: unit("region"), area: unit("area"), bu: unit("bu") };
  if (place.region && place.area && areaRegion.get(place.area) !== place.region)
    problem(`area ${place.area} is not in region ${place.region}`);
  // A region-scoped role of someone in an area is that area's region's.
  const unitFor = { ...place, region: place.region ?? areaRegion.get(place.area ?? "") };
  const typedUnit = { region: given.region ?? given.area, area: given.area, bu: given.bu };

  const held: Entry["roles"] = [];
  const typedRoles = (given.roles ?? "").split(roleSeparators).map((r) => r.trim());
  for (const typed of typedRoles.filter(Boolean)) {
    const key = roles.get(typed.toLowerCase());
    if (!key) {
      problem(`unknown role "${typed}" (${[...roleDefs.keys()].join(", ")})`);
      continue;
    }
    if (held.some((r) => r.key === key)) continue;
    const role = roleDefs.get(key)!;
    if (role.scope !== "global" && !typedUnit[role.scope])
      problem(
        `role ${key} (${role.name.zh}) is held by ${unitWords[role.scope]}, ` +
          `and this person has no ${unitWords[role.scope]}`,
      );
    held.push({ key, unit: role.scope === "global" ? undefined : unitFor[role.scope] });
  }
  return {
    row,
    email,
    person: compact({ id, name, ...place }),
    employeeNo,
    managerRef: given.manager,
    roles: held,
  };
}

/** Each manager by email or employee no., then any chain that loops (once, on its first row). */
function linkManagers(entries: Entry[], problems: Problem[]): void {
  const byEmail = new Map<string, Entry>();
  const byNo = new Map<string, Entry>();
  for (const e of entries) {
    if (e.email && !byEmail.has(e.email)) byEmail.set(e.email, e);
    if (e.employeeNo && !byNo.has(e.employeeNo)) byNo.set(e.employeeNo, e);
  }
  for (const e of entries) {
    const ref = e.managerRef;
    if (!ref) continue;
    const boss = ref.includes("@") ? byEmail.get(ref.toLowerCase()) : byNo.get(ref);
    if (!boss)
      problems.push({
        row: e.row,
        message: `manager "${ref}" is neither an email nor an employee no. in the file`,
      });
    else if (boss === e)
      problems.push({ row: e.row, message: "a person cannot be their own manager" });
    else e.boss = boss;
  }
  const done = new Set<Entry>();
  for (const start of entries) {
    const path = new Set<Entry>();
    let e: Entry | undefined = start;
    for (; e && !done.has(e) && !path.has(e); e = e.boss) path.add(e);
    if (e && path.has(e)) {
      const chain = [...path];
      const loop = chain.slice(chain.indexOf(e));
      const top = loop.reduce((a, b) => (b.row < a.row ? b : a));
      const from = loop.indexOf(top);
      const names = [...loop.slice(from), ...loop.slice(0, from), top].map(
        (p) => p.email ?? p.employeeNo ?? `row ${p.row}`,
      );
      problems.push({ row: top.row, message: `manager chain loops: ${names.join(" → ")}` });
    }
    for (const p of path) done.add(p);
  }
}

/** The role's definition from the base, its holders from the export (by email). */
function withHolders(
  role: OrgSource["roles"][number],
  entries: Entry[],
): OrgSource["roles"][number] {
  const holding = entries.flatMap((e) =>
    e.email
      ? e.roles.filter((r) => r.key === role.key).map((r) => ({ email: e.email!, ...r }))
      : [],
  );
  const { key, name } = role;
  if (role.scope === "global")
    return { key, name, scope: "global", holders: holding.map((h) => h.email) };
  const holders: Record<string, string[]> = {};
  for (const h of holding) if (h.unit) holders[h.unit] = [...(holders[h.unit] ?? []), h.email];
  return { key, name, scope: role.scope, holders };
}

/** Without the fields left undefined, so that the YAML has no empty keys. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** People and names one a line (flow style), as config/org.yaml is written. */
function toYaml(org: OrgSource, source = "an HR export"): string {
  const doc = new Document(org);
  doc.commentBefore = ` Generated by npm run org:import from ${source}.
 Import the HR export again rather than edit this file.`;
  visit(doc, {
    Map(_, node) {
      if (node.items.every((p) => isScalar(p.value))) node.flow = true;
    },
    Seq(_, node) {
      if (node.items.every(isScalar)) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
