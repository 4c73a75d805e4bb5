// The ERP keeps customers current through the API: PUT a whole record (created or replaced),
// PATCH the credit facts that changed, each keeping its as-of time and the credit history.
// And a token is held to API_RATE_LIMIT calls a minute, each token on its own.
import { describe, expect, it } from "vitest";
import { customerSchema } from "../../api/schemas.ts";
import { createApiToken } from "../../src/tokens/api-tokens.ts";
import { useBot } from "../support/bot.ts";

// Small, so the limit is reached in a few calls; the customer tests use a token each.
const bot = useBot({ apiRatePerMinute: 8 });
const db = () => bot.world.database.prisma;

async function token(name: string, scopes = ["customers:write"]) {
  const made = await createApiToken(db(), { name, scopes, createdBy: "test", now: new Date() });
  if (!made.ok) throw new Error(made.error.type);
  return made.secret;
}

async function send(secret: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${bot.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

const record = {
  name: "杭州新禾贸易有限公司",
  kind: "customer",
  region: "华东大区",
  credit_grade: "B",
  credit_limit: "120,000.00",
  receivables: "80000.00",
  overdue_1_30: "5000.00",
  on_hold: false,
  as_of: "2026-12-01T18:00:00+08:00",
};

describe("PUT and PATCH /customers/{code}", () => {
  it("creates a customer, replaces it, and patches its facts, keeping the credit history", async () => {
    const secret = await token("erp-customers");
    const created = await send(secret, "PUT", "/customers/C9001", record);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(customerSchema.parse(created.json)).toMatchObject({
      code: "C9001",
      region: "east",
      credit_limit: "120000.00",
      receivables: "80000.00",
      overdue_1_30: "5000.00",
      overdue_31_60: "0.00", // a band not given with the receivables: nothing overdue
      credit_updated_at: "2026-12-01T10:00:00.000Z",
    });
    const same = await send(secret, "PUT", "/customers/C9001", record);
    expect(same.status).toBe(200);

    const patched = await send(secret, "PATCH", "/customers/C9001", {
      credit_limit: "150000.00",
      on_hold: true,
      as_of: "2026-12-02T09:00:00+08:00",
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      credit_limit: "150000.00",
      on_hold: true,
      name: record.name,
      receivables: "80000.00",
      receivables_updated_at: "2026-12-01T10:00:00.000Z",
      hold_updated_at: "2026-12-02T01:00:00.000Z",
    });
    const customer = await db().customer.findUniqueOrThrow({
      where: { code: "C9001" },
      include: { creditHistory: true },
    });
    expect(customer.creditHistory).toEqual([
      expect.objectContaining({
        changedBy: "api:erp-customers",
        fromLimit: expect.objectContaining({}),
        toHold: true,
      }),
    ]);
    expect(customer.creditHistory[0]!.toLimit.toFixed(2)).toBe("150000.00");
  });

  it("refuses a bad record field by field, an unknown region, and facts for no customer", async () => {
    const secret = await token("erp-bad-customers");
    const bad = await send(secret, "PUT", "/customers/C9002", {
      ...record,
      credit_limit: 120000,
      colour: "red",
    });
    expect(bad.status).toBe(422);
    expect(bad.json.code).toBe("invalid_body");
    expect(bad.json.errors).toEqual([
      {
        pointer: "/credit_limit",
        message: 'must be an amount written as a string, such as "50000.00"',
      },
      { pointer: "/colour", code: "unknown", message: "unknown field colour" },
    ]);
    const overdue = await send(secret, "PUT", "/customers/C9002", {
      ...record,
      overdue_1_30: "90000.00",
    });
    expect(overdue.json.errors).toEqual([
      {
        pointer: "/receivables",
        message: "is less than the overdue amounts together (90000.00)",
      },
    ]);
    const region = await send(secret, "PUT", "/customers/C9002", { ...record, region: "south" });
    expect(region.status).toBe(422);
    expect(region.json.errors).toEqual([{ pointer: "/region", message: "组织中没有这个大区" }]);
    const none = await send(secret, "PATCH", "/customers/C9999", { on_hold: true });
    expect(none).toMatchObject({ status: 404, json: { code: "customer_not_found" } });
    expect(await db().customer.count({ where: { code: { in: ["C9002", "C9999"] } } })).toBe(0);
  });

  it("needs the customers:write scope", async () => {
    const reader = await token("bi-only", ["requests:read"]);
    const refused = await send(reader, "PATCH", "/customers/C1001", { on_hold: true });
    expect(refused).toMatchObject({ status: 403, json: { code: "insufficient_scope" } });
  });
});

describe("the rate limit", () => {
  it("answers 429 with Retry-After past API_RATE_LIMIT a minute, for that token only", async () => {
    const busy = await token("busy", ["requests:read"]);
    const calm = await token("calm", ["requests:read"]);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 0; i < 10; i++) {
      const r = await send(busy, "GET", "/processes");
      statuses.push(r.status);
      if (r.status === 429) limited ??= r;
    }
    expect(statuses).toEqual([...Array(8).fill(200), 429, 429]);
    const seconds = Number(limited!.headers.get("retry-after"));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(limited!.json).toMatchObject({ code: "rate_limited", retry_after: seconds });
    expect((await send(calm, "GET", "/processes")).status).toBe(200);
  });
});
