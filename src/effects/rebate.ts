// 返利: approvers decide with the distributor's earlier rebates in view; an approved
// rebate joins that history.
import { Decimal } from "decimal.js";
import type { Effect } from "./effects.ts";

export const rebate: Effect = {
  async context(db, request) {
    const distributor = await db.customer.findUnique({
      where: { code: String(request.form.distributor) },
      include: {
        rebates: {
          where: { OR: [{ requestId: null }, { requestId: { not: request.id } }] },
          orderBy: { createdAt: "desc" },
          take: 6,
        },
      },
    });
    if (!distributor) return undefined;
    return {
      kind: "rebate_history",
      distributor: `${distributor.code} ${distributor.name}`,
      rows: distributor.rebates.map((r) => ({
        period: r.period,
        salesBasis: r.salesBasis.toFixed(2),
        amount: r.amount.toFixed(2),
        at: r.createdAt,
      })),
    };
  },

  async onApproved(db, request, at) {
    const form = request.form;
    const distributor = await db.customer.findUniqueOrThrow({
      where: { code: String(form.distributor) },
    });
    await db.rebate.create({
      data: {
        distributorId: distributor.id,
        requestId: request.id,
        period: String(form.period),
        salesBasis: new Decimal(String(form.sales_basis)).toFixed(2),
        amount: new Decimal(String(form.rebate_amount)).toFixed(2),
        createdAt: at,
      },
    });
  },
};
