// 资信调整: the customer's grade, limit and hold flag change on final approval, with history.
import type { Effect } from "./effects.ts";

export const creditChange: Effect = {
  async capture(db, form) {
    const customer = await db.customer.findUniqueOrThrow({
      where: { code: String(form.customer) },
    });
    return {
      ...form,
      current_grade: customer.creditGrade,
      current_limit: customer.creditLimit.toFixed(2),
      current_hold: customer.onHold,
    };
  },

  async context(db, request) {
    const customer = await db.customer.findUnique({
      where: { code: String(request.form.customer) },
      include: { creditHistory: { orderBy: { changedAt: "desc" }, take: 5 } },
    });
    if (!customer) return undefined;
    return {
      kind: "credit",
      customer: `${customer.code} ${customer.name}`,
      grade: customer.creditGrade,
      limit: customer.creditLimit.toFixed(2),
      onHold: customer.onHold,
      history: customer.creditHistory.map((h) => ({
        at: h.changedAt,
        fromGrade: h.fromGrade,
        toGrade: h.toGrade,
        fromLimit: h.fromLimit.toFixed(2),
        toLimit: h.toLimit.toFixed(2),
      })),
    };
  },

  async onApproved(db, request, at) {
    const form = request.form;
    const customer = await db.customer.findUniqueOrThrow({
      where: { code: String(form.customer) },
    });
    const toGrade = String(form.proposed_grade ?? customer.creditGrade);
    const toLimit = String(form.proposed_limit ?? customer.creditLimit.toFixed(2));
    const toHold = form.hold_orders === true;
    await db.customer.update({
      where: { id: customer.id },
      // Decided here, so known as of now: the ERP's figures are only as fresh as their own time.
      data: {
        creditGrade: toGrade,
        creditLimit: toLimit,
        onHold: toHold,
        creditUpdatedAt: at,
        holdUpdatedAt: at,
      },
    });
    await db.creditChange.create({
      data: {
        customerId: customer.id,
        requestId: request.id,
        changedBy: request.requesterId,
        changedAt: at,
        fromGrade: customer.creditGrade,
        toGrade,
        fromLimit: customer.creditLimit,
        toLimit,
        fromHold: customer.onHold,
        toHold,
      },
    });
  },
};
