// Form validation: money stays decimal, every field type refuses junk, and an invalid
// form saves nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processSchema } from "../../src/definitions/schema.ts";
import { type FormLookups, parseMoney, validateForm } from "../../src/engine/validate-form.ts";
import { createWorld, type World } from "../support/world.ts";
import { extraDefinitions } from "./definitions.ts";
import { err, ok, rebateForm, requestRow, returnForm } from "./support.ts";

describe("parseMoney", () => {
  it.each([
    ["12,345.6", "12345.60"],
    ["12345", "12345.00"],
    ["¥12345.60", "12345.60"],
    ["￥1,000", "1000.00"],
    ["CNY 88.5", "88.50"],
    ["12，345", "12345.00"],
    ["  0.01 ", "0.01"],
    ["0", "0.00"],
    ["999999999999.99", "999999999999.99"],
  ])("%j → %j", (input, value) => {
    expect(parseMoney(input)).toEqual({ value });
  });

  it.each([
    ["abc", "not_money"],
    ["12a", "not_money"],
    ["1e5", "not_money"],
    ["1.2.3", "not_money"],
    [".5", "not_money"],
    ["", "not_money"],
    ["-5", "negative"],
    ["1.234", "too_many_decimals"],
    ["0.001", "too_many_decimals"],
  ])("%j → %s", (input, type) => {
    expect(parseMoney(input)).toEqual({ error: { type } });
  });

  it("refuses amounts of a trillion or more", () => {
    expect(parseMoney("1000000000000")).toEqual({ error: { type: "above_max", max: 1e12 } });
  });

  it("accepts a negative amount only where allowed", () => {
    expect(parseMoney("-5", true)).toEqual({ value: "-5.00" });
    expect(parseMoney("-1,234.5", true)).toEqual({ value: "-1234.50" });
  });
});

describe("validateForm (pure, with stub look-ups)", () => {
  const name = (s: string) => ({ zh: s, en: s });
  const def = processSchema.parse({
    key: "t_fields",
    version: 1,
    name: name("fields"),
    fields: [
      { key: "due", type: "date", label: name("due") },
      { key: "qty", type: "number", integer: true, min: 1, max: 500, label: name("qty") },
      { key: "ok_box", type: "checkbox", label: name("box") },
      { key: "note", type: "text", max_length: 5, required: false, label: name("note") },
    ],
    steps: [{ key: "s", kind: "approval", who: { manager: 1 }, name: name("s") }],
  });
  const lookups: FormLookups = { customerExists: async () => true, userExists: () => true };

  it("accepts good values and defaults an absent checkbox to false", async () => {
    expect(await validateForm(def, { due: "2028-02-29", qty: "120" }, "USR0001", lookups)).toEqual({
      ok: true,
      values: { due: "2028-02-29", qty: "120", ok_box: false },
    });
    expect(
      await validateForm(
        def,
        { due: "2026-01-01", qty: "1", ok_box: true, note: " hi " },
        "USR0001",
        lookups,
      ),
    ).toEqual({
      ok: true,
      values: { due: "2026-01-01", qty: "1", ok_box: true, note: "hi" },
    });
  });

  it("reports every bad field at once", async () => {
    expect(
      await validateForm(
        def,
        { due: "2026-02-30", qty: "1.5", note: "toolong" },
        "USR0001",
        lookups,
      ),
    ).toEqual({
      ok: false,
      errors: {
        due: { type: "invalid_date" },
        qty: { type: "not_integer" },
        note: { type: "too_long", max: 5 },
      },
    });
    expect(await validateForm(def, { due: "26-1-1", qty: "0" }, "USR0001", lookups)).toEqual({
      ok: false,
      errors: { due: { type: "invalid_date" }, qty: { type: "below_min", min: 1 } },
    });
    expect(await validateForm(def, { due: "  ", qty: "501" }, "USR0001", lookups)).toEqual({
      ok: false,
      errors: { due: { type: "required" }, qty: { type: "above_max", max: 500 } },
    });
  });
});

describe("validation through the engine", () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld({ extra: extraDefinitions });
  });
  afterAll(async () => {
    await world?.close();
  });
  const engine = () => world.engine;
  const db = () => world.database.prisma;

  it("stores money as an exact 2-decimal string", async () => {
    const id = ok(
      await engine().submit("return", "USR0001", returnForm({ amount: "12,345.6" })),
    ).requestId;
    expect((await requestRow(db(), id)).form).toMatchObject({
      amount: "12345.60",
      customer: "C1001",
      type: "return",
    });
  });

  it("names each missing required field, and only those", async () => {
    const e = err(await engine().submit("return", "USR0001", { evidence: "" }));
    expect(e).toEqual({
      type: "invalid_form",
      errors: {
        customer: { type: "required" },
        order_no: { type: "required" },
        type: { type: "required" },
        items: { type: "required" },
        amount: { type: "required" },
        reason: { type: "required" },
      },
    });
    // Whitespace is empty, and an optional field may be left out.
    expect(
      err(
        await engine().submit(
          "return",
          "USR0001",
          returnForm({ reason: "   ", evidence: undefined }),
        ),
      ),
    ).toEqual({
      type: "invalid_form",
      errors: { reason: { type: "required" } },
    });
  });

  it("refuses bad money, unknown customers, bad options and links, over-long text", async () => {
    expect(err(await engine().submit("return", "USR0001", returnForm({ amount: "abc" })))).toEqual({
      type: "invalid_form",
      errors: { amount: { type: "not_money" } },
    });
    expect(err(await engine().submit("return", "USR0001", returnForm({ amount: "-5" })))).toEqual({
      type: "invalid_form",
      errors: { amount: { type: "negative" } },
    });
    expect(
      err(await engine().submit("return", "USR0001", returnForm({ amount: "1.234" }))),
    ).toEqual({ type: "invalid_form", errors: { amount: { type: "too_many_decimals" } } });
    expect(
      err(
        await engine().submit(
          "return",
          "USR0001",
          returnForm({
            customer: "C9999",
            type: "refund",
            evidence: "ftp://x/y",
            order_no: "x".repeat(65),
          }),
        ),
      ),
    ).toEqual({
      type: "invalid_form",
      errors: {
        customer: { type: "unknown_customer" },
        type: { type: "invalid_option" },
        evidence: { type: "invalid_url" },
        order_no: { type: "too_long", max: 64 },
      },
    });
    // A distributor is a customer too, for a field of kind "any".
    ok(await engine().checkForm("return", "USR0001", returnForm({ customer: "D3001" })));
  });

  it("a distributor-only field refuses a plain customer", async () => {
    expect(
      err(await engine().submit("rebate", "UBU0001", rebateForm({ distributor: "C1001" }))),
    ).toEqual({ type: "invalid_form", errors: { distributor: { type: "unknown_customer" } } });
    const checked = await engine().checkForm(
      "rebate",
      "UBU0001",
      rebateForm({ distributor: "D3001" }),
    );
    expect(checked.ok && checked.values.distributor).toBe("D3001");
  });

  it("checks number bounds on an optional number field", async () => {
    expect(
      err(await engine().checkForm("rebate", "UBU0001", rebateForm({ rebate_rate: "101" }))),
    ).toEqual({ type: "invalid_form", errors: { rebate_rate: { type: "above_max", max: 100 } } });
    expect(
      err(await engine().checkForm("rebate", "UBU0001", rebateForm({ rebate_rate: "-1" }))),
    ).toEqual({ type: "invalid_form", errors: { rebate_rate: { type: "below_min", min: 0 } } });
    expect(
      err(await engine().checkForm("rebate", "UBU0001", rebateForm({ rebate_rate: "three" }))),
    ).toEqual({ type: "invalid_form", errors: { rebate_rate: { type: "not_a_number" } } });
    const noRate = await engine().checkForm("rebate", "UBU0001", rebateForm({ rebate_rate: "" }));
    expect(noRate.ok && "rebate_rate" in noRate.values).toBe(false);
  });

  it("a user field refuses the requester and unknown people", async () => {
    expect(err(await engine().submit("t_picked", "USR0001", { reviewer: "USR0001" }))).toEqual({
      type: "invalid_form",
      errors: { reviewer: { type: "self_not_allowed" } },
    });
    expect(err(await engine().submit("t_picked", "USR0001", { reviewer: "U0000NONE" }))).toEqual({
      type: "invalid_form",
      errors: { reviewer: { type: "unknown_user" } },
    });
  });

  it("an invalid form saves nothing", async () => {
    const before = {
      requests: await db().request.count(),
      assignments: await db().assignment.count(),
      audit: await db().auditEntry.count(),
    };
    const attempts = [
      engine().submit("return", "USR0001", returnForm({ amount: "abc" })),
      engine().submit("rebate", "UBU0001", rebateForm({ distributor: "C1001" })),
      engine().submit("t_picked", "USR0001", { reviewer: "USR0001" }),
      engine().submit("expense", "USR0001", { stage: "advance" }),
    ];
    for (const r of await Promise.all(attempts)) expect(err(r).type).toBe("invalid_form");
    expect({
      requests: await db().request.count(),
      assignments: await db().assignment.count(),
      audit: await db().auditEntry.count(),
    }).toEqual(before);
  });

  it("checkForm validates without saving", async () => {
    const before = await db().request.count();
    const checked = await engine().checkForm("expense", "USR0001", {
      stage: "advance",
      expense_type: "travel",
      amount: "¥1,000",
      purpose: "x",
      budget_line: "y",
    });
    expect(checked).toEqual({
      ok: true,
      values: {
        stage: "advance",
        expense_type: "travel",
        amount: "1000.00",
        purpose: "x",
        budget_line: "y",
      },
    });
    expect(await db().request.count()).toBe(before);
    expect(err(await engine().checkForm("nope", "USR0001", {}))).toEqual({
      type: "unknown_process",
      key: "nope",
    });
  });
});
