// Sample customers, distributors and past rebates, so a fresh install can be tried at once.
import type { Db } from "./open-database.ts";

const customers = [
  {
    code: "C1001",
    name: "上海华纺贸易有限公司",
    kind: "CUSTOMER",
    region: "east",
    creditGrade: "A",
    creditLimit: "500000.00",
  },
  {
    code: "C1002",
    name: "苏州恒远实业有限公司",
    kind: "CUSTOMER",
    region: "east",
    creditGrade: "B",
    creditLimit: "200000.00",
  },
  {
    code: "C2001",
    name: "北京安和商贸有限公司",
    kind: "CUSTOMER",
    region: "north",
    creditGrade: "B",
    creditLimit: "300000.00",
  },
  {
    code: "D3001",
    name: "华东鑫达分销有限公司",
    kind: "DISTRIBUTOR",
    region: "east",
    creditGrade: "A",
    creditLimit: "1000000.00",
  },
  {
    code: "D3002",
    name: "江苏联创分销有限公司",
    kind: "DISTRIBUTOR",
    region: "east",
    creditGrade: "B",
    creditLimit: "600000.00",
  },
  {
    code: "D4001",
    name: "华北通达分销有限公司",
    kind: "DISTRIBUTOR",
    region: "north",
    creditGrade: "A",
    creditLimit: "800000.00",
  },
  {
    code: "D4002",
    name: "河北众诚分销有限公司",
    kind: "DISTRIBUTOR",
    region: "north",
    creditGrade: "C",
    creditLimit: "150000.00",
    onHold: true,
  },
] as const;

const pastRebates = [
  {
    code: "D3001",
    period: "2025-Q4",
    salesBasis: "3200000.00",
    amount: "96000.00",
    at: "2026-01-15",
  },
  {
    code: "D3001",
    period: "2026-Q1",
    salesBasis: "2850000.00",
    amount: "85500.00",
    at: "2026-04-14",
  },
  {
    code: "D3001",
    period: "2026-Q2",
    salesBasis: "3400000.00",
    amount: "102000.00",
    at: "2026-07-13",
  },
  {
    code: "D4001",
    period: "2026-Q1",
    salesBasis: "1900000.00",
    amount: "38000.00",
    at: "2026-04-20",
  },
];

/** Idempotent: existing customers are left as they are. */
export async function seedSampleData(db: Db): Promise<{ customers: number; rebates: number }> {
  for (const c of customers) {
    await db.customer.upsert({ where: { code: c.code }, update: {}, create: { ...c } });
  }
  let rebates = 0;
  if ((await db.rebate.count()) === 0) {
    for (const r of pastRebates) {
      const d = await db.customer.findUniqueOrThrow({ where: { code: r.code } });
      await db.rebate.create({
        data: {
          distributorId: d.id,
          period: r.period,
          salesBasis: r.salesBasis,
          amount: r.amount,
          createdAt: new Date(`${r.at}T10:00:00+08:00`),
        },
      });
      rebates++;
    }
  }
  return { customers: customers.length, rebates };
}
