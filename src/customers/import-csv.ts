// `npm run customers:import <file.csv>`: the ERP's customer export, upserted by code. Every row
// is checked first and the file is written all or nothing, with each problem on its row (row 1
// is the header, as a spreadsheet numbers them). A column left out, or a cell left empty, is
// not given: a daily export of codes and receivables alone updates just those.
import { parse } from "csv-parse/sync";
import { DateTime } from "luxon";
import type { Db } from "../db/open-database.ts";
import {
  creditFactsPatch,
  customerCode,
  customerRecord,
  describeIssue,
  regionKey,
} from "./customer-record.ts";
import { type CustomerWrite, type WriteOutcome, writeCustomer } from "./upsert-customers.ts";

/** Each column by its English key, with the headers a Chinese ERP export uses for it. */
const headers: Record<string, string[]> = {
  code: ["code", "客户编码", "客户代码", "编码"],
  name: ["name", "客户名称", "名称"],
  kind: ["kind", "类型", "客户类型"],
  region: ["region", "大区", "所属大区"],
  credit_grade: ["credit_grade", "信用等级"],
  credit_limit: ["credit_limit", "信用额度"],
  receivables: ["receivables", "应收余额", "应收账款"],
  overdue_1_30: ["overdue_1_30", "逾期1-30天"],
  overdue_31_60: ["overdue_31_60", "逾期31-60天"],
  overdue_61_90: ["overdue_61_90", "逾期61-90天"],
  overdue_over_90: ["overdue_over_90", "逾期90天以上"],
  on_hold: ["on_hold", "冻结", "暂停发货"],
  as_of: ["as_of", "数据日期", "更新时间"],
};
const recordColumns = ["name", "region", "credit_grade", "credit_limit"];
const kinds: Record<string, string> = {
  customer: "customer",
  客户: "customer",
  distributor: "distributor",
  经销商: "distributor",
  分销商: "distributor",
};
const yes = new Set(["true", "yes", "y", "1", "是"]);
const no = new Set(["false", "no", "n", "0", "否"]);

export interface Problem {
  row: number;
  message: string;
}
export type ImportOutcome =
  | { ok: true; counts: Record<Exclude<WriteOutcome, "not_found">, number>; dryRun: boolean }
  | { ok: false; problems: Problem[] };

export interface ImportOptions {
  now: Date;
  /** The credit history's writer, e.g. "import:customers.csv". */
  source: string;
  dryRun?: boolean;
  /** The company's time zone, for an as-of date without a time. */
  timeZone: string;
  /** The org's regions, key → its names: a region may be given by key or by name. */
  regions?: Map<string, string[]>;
}

export async function importCustomers(
  db: Db,
  csv: string,
  opts: ImportOptions,
): Promise<ImportOutcome> {
  // Rows that read well are still written (and rolled back) when others did not, so that a
  // code unknown to the database is reported in the same run as a bad cell.
  const { writes, problems } = readRows(csv, opts);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const rollback = new Error("dry run or problems: roll back");
  try {
    await db.$transaction(
      async (tx) => {
        for (const { row, write } of writes) {
          const outcome = await writeCustomer(tx, write, opts);
          if (outcome === "not_found")
            problems.push({
              row,
              message: `no customer ${write.code} yet: a new one needs ${recordColumns.join(", ")}`,
            });
          else counts[outcome]++;
        }
        if (problems.length > 0 || opts.dryRun) throw rollback;
      },
      { timeout: 10 * 60_000, maxWait: 30_000 },
    );
  } catch (e) {
    if (e !== rollback) throw e;
  }
  return problems.length > 0
    ? { ok: false, problems: problems.sort((a, b) => a.row - b.row) }
    : { ok: true, counts, dryRun: opts.dryRun === true };
}

interface Read {
  writes: { row: number; write: CustomerWrite }[];
  problems: Problem[];
}

function readRows(csv: string, opts: ImportOptions): Read {
  let cells: string[][];
  try {
    cells = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return { writes: [], problems: [{ row: line ?? 1, message: (e as Error).message }] };
  }
  const [head = [], ...body] = cells;
  const columns = head.map((h) => columnOf(h));
  const problems: Problem[] = [];
  head.forEach((h, i) => {
    if (!columns[i]) problems.push({ row: 1, message: `unknown column "${h}"` });
  });
  if (!columns.includes("code")) problems.push({ row: 1, message: "no code column" });
  if (problems.length > 0) return { writes: [], problems };
  const writes: { row: number; write: CustomerWrite }[] = [];
  const seen = new Map<string, number>();
  for (const [i, line] of body.entries()) {
    const row = i + 2;
    const given: Record<string, unknown> = {};
    columns.forEach((c, j) => {
      const v = line[j] ?? "";
      if (c && v !== "") given[c] = v;
    });
    const found = readRow(given, seen, row, opts);
    if (Array.isArray(found)) for (const message of found) problems.push({ row, message });
    else writes.push({ row, write: found });
  }
  return { writes, problems };
}

/** One row's write, or its problems. `seen`: the row each code was first on. */
function readRow(
  given: Record<string, unknown>,
  seen: Map<string, number>,
  row: number,
  opts: ImportOptions,
): CustomerWrite | string[] {
  const code = customerCode.safeParse(given.code ?? "");
  if (!code.success) return [`code ${code.error.issues[0]!.message}`];
  delete given.code;
  const first = seen.get(code.data);
  if (first) return [`${code.data} is also on row ${first}`];
  seen.set(code.data, row);
  const converted = convert(given, opts);
  const write = toWrite(code.data, given);
  if ("problems" in write) return [...converted, ...write.problems];
  return converted.length > 0 ? converted : write;
}

/** A row with any master-data column is a whole record; one without, credit facts alone. */
function toWrite(
  code: string,
  given: Record<string, unknown>,
): CustomerWrite | { problems: string[] } {
  if (recordColumns.some((c) => c in given) || "kind" in given) {
    const record = customerRecord.safeParse(given);
    return record.success
      ? { code, mode: "record", record: record.data }
      : { problems: record.error.issues.map(describeIssue) };
  }
  const facts = creditFactsPatch.safeParse(given);
  return facts.success
    ? { code, mode: "facts", facts: facts.data }
    : { problems: facts.error.issues.map(describeIssue) };
}

function columnOf(header: string): string | undefined {
  const h = header.trim().toLowerCase();
  return Object.keys(headers).find((k) => headers[k]!.some((alias) => alias.toLowerCase() === h));
}

/** Cells that are not text in the record: kind, the hold flag, a region given by its name. */
function convert(given: Record<string, unknown>, opts: ImportOptions): string[] {
  const { regions } = opts;
  const problems: string[] = [];
  if (typeof given.kind === "string") {
    const kind = kinds[given.kind.toLowerCase()];
    if (kind) given.kind = kind;
    else {
      problems.push(`kind "${given.kind}" is neither customer (客户) nor distributor (经销商)`);
      delete given.kind; // said once, not again by the schema
    }
  }
  if (typeof given.on_hold === "string") {
    const v = given.on_hold.toLowerCase();
    if (yes.has(v) || no.has(v)) given.on_hold = yes.has(v);
    else {
      problems.push(`on_hold "${given.on_hold}" is neither yes (是) nor no (否)`);
      delete given.on_hold;
    }
  }
  // A date alone (what a spreadsheet shows) is the end of that day in the company's time zone.
  if (typeof given.as_of === "string" && /^\d{4}-\d{2}-\d{2}$/.test(given.as_of)) {
    const day = DateTime.fromISO(given.as_of, { zone: opts.timeZone });
    if (day.isValid) given.as_of = day.endOf("day").set({ millisecond: 0 }).toISO();
  }
  if (regions && typeof given.region === "string") {
    const typed = given.region;
    const key = regionKey(regions, typed);
    if (key) given.region = key;
    else
      problems.push(`region "${typed}" is not in the org file (${[...regions.keys()].join(", ")})`);
  }
  return problems;
}
