// `/approval path <process> field=value …` through a signed slash command: the same preview
// as the modal's, as an ephemeral answer, and clear errors for what cannot be previewed.
import { describe, expect, it } from "vitest";
import { nextEphemeral, slowInteractions, useBot } from "../support/bot.ts";

const bot = useBot();

/** The command's answer, all of it: the text and the blocks' mrkdwn. */
async function ask(userId: string, text: string): Promise<{ text: string; lines: string[] }> {
  const res = await bot.slack.slashCommand({ userId, command: "/approval", text });
  expect(res.status).toBe(200);
  const body = res.json as {
    response_type?: string;
    text: string;
    blocks?: { text?: { text: string }; elements?: { text: string }[] }[];
  };
  expect(body.response_type).toBe("ephemeral");
  const lines = (body.blocks ?? [])
    .flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e) => e.text)])
    .filter((s): s is string => Boolean(s))
    .flatMap((s) => s.split("\n"));
  return { text: body.text, lines };
}
const gm = (lines: string[], name: string) => lines.find((l) => l.includes(`*${name}*`));

describe("/approval path", () => {
  it("previews a return at 80,000 (an exchange) with the general manager, and at 10,000 without", async () => {
    const high = await ask("USR0001", "path return amount=80,000 type=exchange");
    expect(high.text).toBe("退货/换货申请 · 审批路径预览");
    expect(high.lines[0]).toBe("*退货/换货申请* · 审批路径预览");
    expect(gm(high.lines, "总经理审核")).toBe(
      "👤 *总经理审核* — <@UGM0001>（总经理） · 因为金额（元）大于 ¥50,000.00",
    );
    expect(high.lines.at(-1)).toBe(
      "按 金额（元） = ¥80,000.00、类型 = 换货 计算；未给出的字段视为未填写。",
    );

    const low = await ask("USR0001", "path return amount=10000");
    expect(gm(low.lines, "总经理审核")).toBe(
      "⏭ *总经理审核* — 跳过：「金额（元）大于 ¥50,000.00」不成立",
    );
    expect(
      low.lines.filter((l) => l.startsWith("👤") || l.startsWith("🛠") || l.startsWith("📣")),
    ).toHaveLength(6);
  });

  it("says what depends on fields not given, in the person's language", async () => {
    const { lines } = await ask("USR0004", "path expense amount=8000");
    expect(lines).toContain(
      "❔ *Area manager first review* — depends on “Request type” · needed if Request type is “Advance” · <@UAM0002> (Area manager, Jiangsu area)",
    );
    expect(lines).toContain(
      "👤 *Sales director review* — <@USD0001> (Sales director) · because Amount (CNY) is at least ¥5,000.00",
    );
    expect(lines.at(-1)).toBe(
      "With Amount (CNY) = ¥8,000.00; fields not given count as not filled in.",
    );
  });

  it("takes option labels and field labels as well as keys, and quoted values", async () => {
    // "60 000" is not an amount: refused, not previewed as something else.
    const bad = await ask(
      "USR0001",
      'path expense 申请类型=费用报销 金额（元）="60 000" purpose="trade fair"',
    );
    expect([bad.text, bad.lines]).toEqual([
      "「金额（元）」的值「60 000」无效：请输入金额，例如 12,345.60",
      [],
    ]);
    const ok = await ask(
      "USR0001",
      'path expense 申请类型=费用报销 金额（元）=60000 purpose="trade fair booth"',
    );
    expect(gm(ok.lines, "区域经理初审")).toBe(
      "⏭ *区域经理初审* — 跳过：「申请类型为「费用借支」」不成立",
    );
    expect(gm(ok.lines, "总经理审批")).toContain("因为金额（元）大于 ¥50,000.00");
  });

  it.each([
    ["path", /^用法：`\/approval path <流程> 字段=值 …`/],
    ["path nothing amount=1", /^没有名为「nothing」的流程。可用：.*`return` 退货\/换货申请/],
    [
      "path return colour=red",
      /^退货\/换货申请没有字段「colour」。可用字段：`customer` 客户、`order_no` 原订单\/发票号/,
    ],
    ["path return amount=abc", /^「金额（元）」的值「abc」无效：请输入金额，例如 12,345.60$/],
    ["path return amount=-5", /^「金额（元）」的值「-5」无效：金额不能为负数$/],
    ["path return type=refund", /^「类型」的值「refund」无效：请从列表中选择$/],
    ["path return 80000", /^「80000」应写成 字段=值，例如 `amount=80000`。$/],
  ])("%s → a clear error", async (text, expected) => {
    const res = await bot.slack.slashCommand({ userId: "USR0001", command: "/approval", text });
    const body = res.json as { text: string; blocks?: unknown };
    expect(body.text).toMatch(expected);
    expect(body.blocks).toBeUndefined();
  });

  it("answers someone outside the org file whom to ask, as for any command", async () => {
    const seen = bot.slack.store.ephemeralsFor("UNOBODY1").length;
    const res = await bot.slack.slashCommand({
      userId: "UNOBODY1",
      command: "/approval",
      text: "path return amount=1",
    });
    expect(res.status).toBe(200);
    expect((await nextEphemeral(bot, "UNOBODY1", seen)).text).toBe(
      "你还不在本公司审批助手的通讯录里，暂时不能使用。请联系公司的 Slack 管理员。",
    );
    expect(slowInteractions(bot)).toEqual([]);
  });

  it("is in the help", async () => {
    const res = await bot.slack.slashCommand({
      userId: "USR0004",
      command: "/approval",
      text: "help",
    });
    expect((res.json as { text: string }).text).toContain(
      "• `/approval path <process> field=value …` preview the approval path",
    );
  });
});
