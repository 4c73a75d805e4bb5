// Writes customers from the ERP (the CSV import and the REST API): a whole record creates or
// replaces one, credit facts alone change an existing one. Each fact keeps when the ERP gave
// it, and a change of grade, limit or hold joins the customer's credit history as a 资信调整
// approval does, so an approver sees every change, whoever made it.
import { Decimal } from "decimal.js";
import type { Tx } from "../db/tx.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { type CreditFacts, type CustomerRecord, overdueBands } from "./customer-record.ts";

export type CustomerWrite =
  | { code: string; mode: "record"; record: CustomerRecord }
  | { code: string; mode: "facts"; facts: CreditFacts };

export type WriteOutcome = "created" | "updated" | "unchanged" | "not_found";

const bandColumns = {
  overdue_1_30: "overdue1To30",
  overdue_31_60: "overdue31To60",
  overdue_61_90: "overdue61To90",
  overdue_over_90: "overdueOver90",
} as const satisfies Record<(typeof overdueBands)[number], string>;

/** `source` names the writer in the credit history: "api:<token>" or "import:<file>". */
export async function writeCustomer(
  tx: Tx,
  write: CustomerWrite,
  opts: { now: Date; source: string },
): Promise<WriteOutcome> {
  const facts = write.mode === "record" ? write.record : write.facts;
  const at = facts.as_of ? new Date(facts.as_of) : opts.now;
  const existing = await tx.customer.findUnique({ where: { code: write.code } });
  if (!existing && write.mode === "facts") return "not_found";
  const data: Prisma.CustomerUncheckedUpdateInput = factColumns(facts, at);
  if (write.mode === "record")
    Object.assign(data, {
      name: write.record.name,
      kind: write.record.kind === "distributor" ? "DISTRIBUTOR" : "CUSTOMER",
      region: write.record.region,
    });
  if (!existing) {
    const r = write.mode === "record" ? write.record : undefined;
    await tx.customer.create({
      data: {
        ...(data as Prisma.CustomerUncheckedCreateInput),
        code: write.code,
        name: r!.name,
        region: r!.region,
        creditGrade: r!.credit_grade,
        creditLimit: r!.credit_limit,
      },
    });
    return "created";
  }
  await tx.customer.update({ where: { id: existing.id }, data });
  // The same figures again still say they are current: only their as-of times move.
  if (!changes(existing, data)) return "unchanged";
  const grade = (data.creditGrade as string | undefined) ?? existing.creditGrade;
  const limit = (data.creditLimit as string | undefined) ?? existing.creditLimit.toFixed(2);
  const hold = (data.onHold as boolean | undefined) ?? existing.onHold;
  if (
    grade !== existing.creditGrade ||
    limit !== existing.creditLimit.toFixed(2) ||
    hold !== existing.onHold
  )
    await tx.creditChange.create({
      data: {
        customerId: existing.id,
        changedBy: opts.source,
        changedAt: at,
        fromGrade: existing.creditGrade,
        toGrade: grade,
        fromLimit: existing.creditLimit,
        toLimit: limit,
        fromHold: existing.onHold,
        toHold: hold,
      },
    });
  return "updated";
}

/** The columns the given facts set, each group with its own as-of time. */
function factColumns(facts: CreditFacts, at: Date): Prisma.CustomerUncheckedUpdateInput {
  const data: Prisma.CustomerUncheckedUpdateInput = {};
  if (facts.credit_grade !== undefined || facts.credit_limit !== undefined) {
    if (facts.credit_grade !== undefined) data.creditGrade = facts.credit_grade;
    if (facts.credit_limit !== undefined) data.creditLimit = facts.credit_limit;
    data.creditUpdatedAt = at;
  }
  if (facts.receivables !== undefined) {
    data.receivables = facts.receivables;
    for (const band of overdueBands) data[bandColumns[band]] = facts[band] ?? "0.00";
    data.receivablesUpdatedAt = at;
  }
  if (facts.on_hold !== undefined) {
    data.onHold = facts.on_hold;
    data.holdUpdatedAt = at;
  }
  return data;
}

/** Whether writing `data` changes anything but the as-of times. */
function changes(existing: Record<string, unknown>, data: Record<string, unknown>): boolean {
  return Object.entries(data).some(([column, value]) => {
    if (column.endsWith("UpdatedAt")) return false;
    const was = existing[column];
    // Prisma's decimals are its own class: compared as decimals, 500000 equals "500000.00".
    if (was !== null && typeof was === "object" && "toFixed" in was)
      return !new Decimal(String(was)).eq(String(value));
    return was !== value;
  });
}
