// The ERP's customer export (npm run customers:import): upsert by code, every row checked before
// anything is written, problems on their spreadsheet row, credit facts with their as-of times,
// and a change of grade, limit or hold in the customer's credit history.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCustomers } from "../../src/customers/import-csv.ts";
import type { Database } from "../../src/db/open-database.ts";
import { seedSampleData } from "../../src/db/seed.ts";
import { freshDatabase } from "../support/database.ts";
import { repoRoot } from "../support/world.ts";

const NOW = new Date("2026-12-01T10:00:00Z");
const regions = new Map([
  ["east", ["华东大区", "East China"]],
  ["north", ["华北大区", "North China"]],
]);
const opts = { now: NOW, source: "import:test.csv", timeZone: "Asia/Shanghai", regions };

let database: Database;
const db = () => database.prisma;
beforeAll(async () => {
  database = await freshDatabase();
  await seedSampleData(db());
});
afterAll(() => database.close());

const customer = (code: string) => db().customer.findUniqueOrThrow({ where: { code } });

describe("customers:import", () => {
  it("refuses a file with bad rows, naming each row, and writes nothing", async () => {
    const before = await db().customer.count();
    const csv = [
      "客户编码,客户名称,类型,大区,信用等级,信用额度,应收余额,逾期90天以上,冻结",
      'C9001,杭州新客户有限公司,客户,华东大区,B,"120,000.00",,,否',
      "C9002,坏数据,经销商,西南大区,A,-5,,,",
      "C1001,,,,,,1000.00,2000.00,",
      "C9001,重复,客户,east,A,1,,,",
      "C9003,Fine Co,customer,north,A,5000,,,maybe",
      "C9999,,,,,,,,是",
    ].join("\n");
    const outcome = await importCustomers(db(), csv, opts);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems).toEqual([
      { row: 3, message: 'region "西南大区" is not in the org file (east, north)' },
      { row: 3, message: "credit_limit must not be negative" },
      { row: 4, message: "receivables is less than the overdue amounts together (2000.00)" },
      { row: 5, message: "C9001 is also on row 2" },
      { row: 6, message: 'on_hold "maybe" is neither yes (是) nor no (否)' },
      {
        row: 7,
        message: "no customer C9999 yet: a new one needs name, region, credit_grade, credit_limit",
      },
    ]);
    expect(await db().customer.count()).toBe(before);
    expect(await db().customer.findUnique({ where: { code: "C9001" } })).toBeNull();
  });

  it("refuses an unknown column on the header row", async () => {
    const outcome = await importCustomers(db(), "code,colour\nC1001,red\n", opts);
    expect(outcome).toEqual({
      ok: false,
      problems: [{ row: 1, message: 'unknown column "colour"' }],
    });
  });

  it("a dry run counts what it would do and writes nothing", async () => {
    const csv = "\uFEFFcode,name,region,credit_grade,credit_limit\nC9101,Dry Co,east,A,1000\n";
    const outcome = await importCustomers(db(), csv, { ...opts, dryRun: true });
    expect(outcome).toEqual({
      ok: true,
      dryRun: true,
      counts: { created: 1, updated: 0, unchanged: 0 },
    });
    expect(await db().customer.findUnique({ where: { code: "C9101" } })).toBeNull();
  });

  it("creates new customers, updates given facts only, and records credit changes", async () => {
    const csv = [
      "code,name,kind,region,credit_grade,credit_limit",
      'C9201,宁波海纳贸易有限公司,客户,east,B,"80,000.00"',
      "C1001,上海华纺贸易有限公司,customer,east,A,500000.00",
    ].join("\n");
    const first = await importCustomers(db(), csv, opts);
    expect(first).toMatchObject({ ok: true, counts: { created: 1, updated: 0, unchanged: 1 } });
    const created = await customer("C9201");
    expect(created).toMatchObject({ kind: "CUSTOMER", region: "east", creditGrade: "B" });
    expect(created.creditLimit.toFixed(2)).toBe("80000.00");
    expect(created.creditUpdatedAt).toEqual(NOW);

    // The daily receivables export: codes and figures alone, as of a day.
    const daily = [
      "code,receivables,overdue_1_30,overdue_over_90,on_hold,as_of",
      'C1001,"123,456.78",1000,200.5,是,2026-11-30',
    ].join("\n");
    const later = new Date("2026-12-01T11:00:00Z");
    const second = await importCustomers(db(), daily, { ...opts, now: later });
    expect(second).toMatchObject({ ok: true, counts: { updated: 1 } });
    const c = await customer("C1001");
    expect(c.name).toBe("上海华纺贸易有限公司");
    expect(c.creditGrade).toBe("A");
    expect(c.receivables?.toFixed(2)).toBe("123456.78");
    expect(c.overdue1To30?.toFixed(2)).toBe("1000.00");
    expect(c.overdue31To60?.toFixed(2)).toBe("0.00");
    expect(c.overdueOver90?.toFixed(2)).toBe("200.50");
    expect(c.onHold).toBe(true);
    // The end of 30 November in Shanghai.
    expect(c.receivablesUpdatedAt).toEqual(new Date("2026-11-30T15:59:59Z"));
    expect(c.holdUpdatedAt).toEqual(new Date("2026-11-30T15:59:59Z"));
    const history = await db().creditChange.findMany({ where: { customerId: c.id } });
    expect(history).toMatchObject([
      { changedBy: "import:test.csv", fromHold: false, toHold: true, requestId: null },
    ]);

    // The same figures a day later: nothing changes but how current they are.
    const again = daily.replace("2026-11-30", "2026-12-01");
    const third = await importCustomers(db(), again, opts);
    expect(third).toMatchObject({ ok: true, counts: { unchanged: 1 } });
    expect((await customer("C1001")).receivablesUpdatedAt).toEqual(
      new Date("2026-12-01T15:59:59Z"),
    );
    expect(await db().creditChange.count({ where: { customerId: c.id } })).toBe(1);
  });
});

describe("the npm script", () => {
  const run = (args: string[]) =>
    promisify(execFile)("npx", ["tsx", "src/customers/import-cli.ts", ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl() },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  // The script opens the database itself: it needs a server (CI's), not an in-memory PGlite.
  it.skipIf(!process.env.DATABASE_URL)(
    "prints each problem with its row, and exits 1",
    async () => {
      const file = path.join(tmpdir(), `customers-${process.pid}.csv`);
      await writeFile(file, "code,name,region,credit_grade,credit_limit\nC9301,X,east,A,abc\n");
      const r = await run([file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${file}:2: credit_limit must be an amount such as 50000.00`);
      expect(r.stderr).toContain("nothing was written");
      await writeFile(file, "code,name,region,credit_grade,credit_limit\nC9301,X,east,A,1\n");
      const ok = await run([file, "--dry-run"]);
      expect(ok.stdout).toContain(
        "dry run, nothing written: would be 1 new, 0 changed, 0 unchanged",
      );
    },
  );
});

/** This file's own database, for the script to write to (PGlite in memory cannot be shared). */
function databaseUrl(): string {
  return database.url ?? "";
}
