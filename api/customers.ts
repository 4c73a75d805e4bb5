// PUT /customers/{code} creates or replaces a customer's whole record; PATCH sends only the
// credit facts that changed (the ERP's daily figures). Each fact keeps its as-of time, and a
// change of grade, limit or hold joins the customer's credit history, naming the token.
import type { z } from "zod";
import {
  creditFactsPatch,
  customerCode,
  customerRecord,
  regionKey,
} from "../src/customers/customer-record.ts";
import { type CustomerWrite, writeCustomer } from "../src/customers/upsert-customers.ts";
import type { Customer } from "../src/generated/prisma/client.ts";
import { t } from "../src/i18n/index.ts";
import { Problem } from "./http.ts";
import type { ApiDeps, Call, Route } from "./router.ts";
import type { customerSchema } from "./schemas.ts";
import { bodyProblem } from "./validation.ts";

const put: Route = {
  method: "PUT",
  path: "/customers/:code",
  scope: "customers:write",
  handle: async (call, deps) => {
    const code = codeOf(call);
    const regions = new Map(
      deps.services.directory.org.regions.map((r) => [r.key, [r.name.zh, r.name.en]]),
    );
    const parsed = customerRecord.safeParse(await call.body());
    if (!parsed.success) throw bodyProblem("invalid_body", parsed.error, "");
    const region = regionKey(regions, parsed.data.region);
    if (!region)
      throw new Problem(422, "invalid_body", undefined, {
        errors: [{ pointer: "/region", message: t(call.locale, "api.field.not_a_region") }],
      });
    const record = { ...parsed.data, region };
    return write(deps, call, { code, mode: "record", record });
  },
};

const patch: Route = {
  method: "PATCH",
  path: "/customers/:code",
  scope: "customers:write",
  handle: async (call, deps) => {
    const code = codeOf(call);
    const parsed = creditFactsPatch.safeParse(await call.body());
    if (!parsed.success) throw bodyProblem("invalid_body", parsed.error, "");
    return write(deps, call, { code, mode: "facts", facts: parsed.data });
  },
};

export const customerRoutes: Route[] = [put, patch];

function codeOf(call: Call): string {
  const parsed = customerCode.safeParse(call.params.code);
  if (!parsed.success) throw new Problem(404, "customer_not_found");
  return parsed.data;
}

async function write(deps: ApiDeps, call: Call, w: CustomerWrite) {
  const now = deps.services.clock();
  const source = `api:${call.token.name}`;
  const outcome = await deps.db.$transaction((tx) => writeCustomer(tx, w, { now, source }));
  if (outcome === "not_found") throw new Problem(404, "customer_not_found");
  const row = await deps.db.customer.findUniqueOrThrow({ where: { code: w.code } });
  return { status: outcome === "created" ? 201 : 200, body: customerBody(row) };
}

type ApiCustomer = z.output<typeof customerSchema>;

function customerBody(c: Customer): ApiCustomer {
  const amount = (d: { toFixed(n: number): string } | null) => d?.toFixed(2) ?? null;
  const at = (d: Date | null) => d?.toISOString() ?? null;
  return {
    code: c.code,
    name: c.name,
    kind: c.kind === "DISTRIBUTOR" ? "distributor" : "customer",
    region: c.region,
    credit_grade: c.creditGrade,
    credit_limit: c.creditLimit.toFixed(2),
    receivables: amount(c.receivables),
    overdue_1_30: amount(c.overdue1To30),
    overdue_31_60: amount(c.overdue31To60),
    overdue_61_90: amount(c.overdue61To90),
    overdue_over_90: amount(c.overdueOver90),
    on_hold: c.onHold,
    credit_updated_at: at(c.creditUpdatedAt),
    receivables_updated_at: at(c.receivablesUpdatedAt),
    hold_updated_at: at(c.holdUpdatedAt),
  };
}
