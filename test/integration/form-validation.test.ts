// Bad input in a process form is answered on the field (response_action: errors) and saves
// nothing; a person outside the org cannot even open a form.

import { formValues, type SimpleValue, type StoredView } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { itAnsweredInTime, nextEphemeral, openModal, settle, useBot } from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const db = () => bot.world.database.prisma;

const valid = returnFormValues({
  order_no: "SO-2026-0500",
  items: "A-100 胶辊 × 5",
  amount: "5,000.00",
  reason: "包装破损",
  evidence: "https://files.example.com/box.jpg",
});

function without(values: Record<string, SimpleValue>, ...keys: string[]) {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !keys.includes(k)));
}

async function submit(userId: string, view: StoredView, values: Record<string, SimpleValue>) {
  const answer = await bot.slack.submitView({
    userId,
    viewId: view.id,
    values: formValues(view, values),
  });
  expect(answer.status).toBe(200);
  return answer.json;
}

describe("bad modal input", () => {
  it("answers each bad return form on the right block and creates no request", async () => {
    const view = await openModal(bot, "USR0001", "/return");
    const posts = () => bot.slack.store.calls.filter((c) => c.method === "chat.postMessage").length;
    const cases: [string, Record<string, SimpleValue>, Record<string, string>][] = [
      ["letters as amount", { ...valid, amount: "abc" }, { amount: "请输入金额，例如 12,345.60" }],
      ["negative amount", { ...valid, amount: "-5" }, { amount: "金额不能为负数" }],
      ["fractions of a cent", { ...valid, amount: "1.234" }, { amount: "金额最多两位小数（分）" }],
      ["missing order number", without(valid, "order_no"), { order_no: "此项必填" }],
      ["blank reason", { ...valid, reason: "   " }, { reason: "此项必填" }],
      [
        "two problems at once",
        { ...without(valid, "items"), evidence: "ftp://files.example.com/a" },
        { items: "此项必填", evidence: "请输入以 http:// 或 https:// 开头的链接" },
      ],
      [
        "unknown customer",
        { ...valid, customer: { option: "C9999" } },
        { customer: "找不到这个客户，请从列表中选择" },
      ],
      [
        "order number too long",
        { ...valid, order_no: "X".repeat(65) },
        { order_no: "最多 64 个字" },
      ],
    ];
    for (const [what, values, errors] of cases) {
      expect(await submit("USR0001", view, values), what).toEqual({
        response_action: "errors",
        errors,
      });
      // Slack keeps the modal open with the errors under the fields.
      expect(bot.slack.store.view(view.id)).toMatchObject({ open: true, errors });
    }
    await settle(bot, 100);
    expect(await db().request.count()).toBe(0);
    expect(await db().auditEntry.count()).toBe(0);
    expect(posts()).toBe(0);

    // The same modal, corrected, goes through (optional evidence may be left empty).
    expect(await submit("USR0001", view, without(valid, "evidence"))).toBeUndefined();
    expect(bot.slack.store.view(view.id)!.open).toBe(false);
    const saved = await db().request.findFirstOrThrow();
    expect([saved.requesterId, saved.processKey, saved.status]).toEqual([
      "USR0001",
      "return",
      "PENDING",
    ]);
    expect((saved.form as Record<string, unknown>).evidence).toBeUndefined();
  });

  it("uses the person's language and the field's own rules (distributor kind, number range)", async () => {
    const en = await openModal(bot, "USR0004", "/return");
    expect(JSON.stringify(en.title)).toContain("Return / exchange");
    expect(await submit("USR0004", en, { ...valid, amount: "abc" })).toEqual({
      response_action: "errors",
      errors: { amount: "Enter an amount such as 12,345.60" },
    });
    await bot.slack.closeView({ userId: "USR0004", viewId: en.id });

    const rebate = await openModal(bot, "UCH0001", "/rebate");
    const values = {
      distributor: { option: "C1001" },
      period: "2026-Q3",
      sales_basis: "100",
      rebate_rate: "150",
      rebate_amount: "1",
      policy_ref: "p",
      justification: "j",
    };
    expect(await submit("UCH0001", rebate, values)).toEqual({
      response_action: "errors",
      errors: { distributor: "找不到这个客户，请从列表中选择", rebate_rate: "不能大于 100" },
    });
    expect(await db().request.count({ where: { processKey: "rebate" } })).toBe(0);
  });

  it("a person not in the org gets an ephemeral answer and no modal", async () => {
    const opens = bot.slack.store.calls.filter((c) => c.method === "views.open").length;
    for (const [command, text] of [
      ["/return", ""],
      ["/approval", "new return"],
    ] as const) {
      const seen = bot.slack.store.ephemeralsFor("UNOBODY1").length;
      const res = await bot.slack.slashCommand({ userId: "UNOBODY1", command, text });
      expect(res.status).toBe(200);
      expect((await nextEphemeral(bot, "UNOBODY1", seen)).text).toBe(
        "你还不在本公司审批助手的通讯录里，暂时不能使用。请联系公司的 Slack 管理员。",
      );
    }
    await settle(bot, 100);
    expect(bot.slack.store.calls.filter((c) => c.method === "views.open")).toHaveLength(opens);
    expect(bot.slack.store.openViewsOf("UNOBODY1")).toEqual([]);
  });

  it("an unknown process or a bare `new` is answered with the list of processes", async () => {
    const unknown = await bot.slack.slashCommand({
      userId: "USR0001",
      command: "/approval",
      text: "new travel",
    });
    expect(unknown.json?.response_type).toBe("ephemeral");
    expect(unknown.json?.text).toMatch(/^没有名为「travel」的流程。可用：/);
    for (const p of [
      "`return` 退货/换货申请",
      "`credit` 客户资信调整",
      "`rebate` 分销商返利",
      "`expense` 销售费用申请",
    ])
      expect(unknown.json?.text).toContain(p);
    const bare = await bot.slack.slashCommand({
      userId: "USR0001",
      command: "/approval",
      text: "new",
    });
    expect(bare.json?.text).toMatch(/^用法：`\/approval new <流程>`，流程：`/);
    expect(bot.slack.store.openViewsOf("USR0001")).toEqual([]);
  });

  itAnsweredInTime(bot);
});
