// `/approval status <id>` and `/approval help`, and each person's language: zh-CN by default,
// English for Emma Clark (locale en in org.yaml).

import { formValues } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionMessage,
  askApproval,
  clickForModal,
  clickOn,
  eventually,
  fileRequest,
  itAnsweredInTime,
  latestRequestId,
  messagesOf,
  plainText,
  useBot,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const returnForm = returnFormValues({
  order_no: "SO-2026-0600",
  type: { option: "exchange" },
  items: "A-100 胶辊 × 2",
  amount: "12,000.00",
  reason: "尺寸不对",
});

const when = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`;

const ask = (userId: string, text: string) => askApproval(bot, userId, text);

describe("/approval status and help", () => {
  let id: number;

  it("shows the requester the path and the history", async () => {
    await fileRequest(bot, "USR0001", "return", returnForm);
    id = await latestRequestId(bot);
    await clickOn(bot, id, "USA0001");
    await actionMessage(bot, id, "UQA0001");

    const status = await ask("USR0001", `status ${id}`);
    expect(status.source).toBe("response_url");
    expect(status.text).toBe(`退货/换货申请 #${id} · 审批中`);
    const text = plainText(status);
    const lines = [
      `\\*退货/换货申请 #${id}\\* · 审批中`,
      `申请人 <@USR0001> · 流程版本 v1 · ${when}`,
      "\\*审批流程\\*",
      `\\*销售内勤核对订单\\* — ✅ <@USA0001> 已同意 · ${when}`,
      "\\*质量部复验\\* — ⏳ 等待 <@UQA0001> 处理",
      "▫️ 销售总监审批 — <@USD0001>",
      "⏭ 总经理审核 — 跳过：「金额（元）大于 ¥50,000.00」不成立",
      "▫️ 销售部系统减帐 — <@USA0001>",
      "▫️ 仓库执行退换货 — <@UWH0001>",
      "▫️ 抄送财务部 — <@UFI0001> / <@UFI0002>",
      "\\*处理记录\\*",
      `${when} · <@USR0001> · 提交申请`,
      `${when} · <@USA0001> · 同意 · 销售内勤核对订单`,
    ];
    expect(text).toMatch(new RegExp(`^${lines.join("\n")}$`));
  });

  it("lets people on the path and the requester's managers look, nobody else", async () => {
    for (const allowed of ["UQA0001", "USD0001", "UAM0001", "UGM0001"]) {
      expect((await ask(allowed, `status #${id}`)).text, allowed).toBe(
        `退货/换货申请 #${id} · 审批中`,
      );
    }
    for (const stranger of ["USR0002", "UCH0001"]) {
      const answer = await ask(stranger, `status ${id}`);
      expect(answer.text).toBe("只有申请人和参与审批的人可以查看这条申请。");
      expect(answer.blocks ?? []).toEqual([]);
    }
    expect((await ask("USR0001", "status 99999")).text).toBe("找不到这条申请。");
    const usage = await bot.slack.slashCommand({
      userId: "USR0001",
      command: "/approval",
      text: "status",
    });
    expect(usage.json).toEqual({
      response_type: "ephemeral",
      text: "用法：`/approval status <编号>`，例如 `/approval status 42`",
    });
  });

  it("/approval help lists the processes and shortcuts, in Chinese or English", async () => {
    const zh = await bot.slack.slashCommand({
      userId: "USR0001",
      command: "/approval",
      text: "help",
    });
    expect(zh.json?.response_type).toBe("ephemeral");
    const zhText = String(zh.json?.text);
    expect(zhText).toMatch(/^\*审批助手用法\*\n/);
    for (const p of [
      "`return` 退货/换货申请",
      "`credit` 客户资信调整",
      "`rebate` 分销商返利",
      "`expense` 销售费用申请",
    ])
      expect(zhText).toContain(p);
    expect(zhText).toMatch(/快捷命令：(`\/(return|credit|rebate|expense)` ?){4}$/);

    const en = await bot.slack.slashCommand({
      userId: "USR0004",
      command: "/approval",
      text: "help",
    });
    const enText = String(en.json?.text);
    expect(enText).toMatch(/^\*How to use Approvals\*\n/);
    for (const p of [
      "`return` Return / exchange",
      "`credit` Customer credit change",
      "`rebate` Distributor rebate",
      "`expense` Sales & marketing expense",
    ])
      expect(enText).toContain(p);
    expect(enText).not.toMatch(/[\u4e00-\u9fff]/);

    // No text means help; an unknown subcommand says so, then helps.
    expect(
      (await bot.slack.slashCommand({ userId: "USR0001", command: "/approval", text: "" })).json
        ?.text,
    ).toBe(zhText);
    expect(
      (
        await bot.slack.slashCommand({
          userId: "USR0001",
          command: "/approval",
          text: "frobnicate",
        })
      ).json?.text,
    ).toBe(`不认识的子命令「frobnicate」。\n${zhText}`);
  });

  it("writes to each person in their own language", async () => {
    await fileRequest(bot, "USR0004", "return", { ...returnForm, reason: "Wrong size" });
    const enId = await latestRequestId(bot);
    // Emma's tracking message is English; the approver's message about her request is Chinese.
    const tracking = await eventually(
      async () => (await messagesOf(bot, enId)).find((m) => m.key === `tracking:${enId}`),
      "Emma's tracking message",
    );
    expect(tracking.text).toBe(`Your request: Return / exchange #${enId}`);
    expect(plainText(tracking)).toContain("*Status*\nIn review");
    expect(plainText(tracking)).toContain(
      "*Path*\n*Sales admin checks the order* — ⏳ waiting for <@USA0001>",
    );
    const approver = await actionMessage(bot, enId, "USA0001");
    expect(approver.text).toBe(`待你审批：退货/换货申请 #${enId}`);
    expect(plainText(approver)).toContain("*申请人*\n<@USR0004>");

    const status = await ask("USR0004", `status ${enId}`);
    expect(status.text).toBe(`Return / exchange #${enId} · In review`);
    expect(plainText(status)).toMatch(
      new RegExp(`\\*History\\*\n${when} · <@USR0004> · submitted$`),
    );

    // Rejected: the notice to Emma is English too.
    const modal = await clickForModal(bot, "USA0001", approver, ids.action.reject);
    await bot.slack.submitView({
      userId: "USA0001",
      viewId: modal.id,
      values: formValues(modal, { reason: "订单号错误" }),
    });
    const notice = await eventually(
      async () => (await messagesOf(bot, enId)).find((m) => m.key.startsWith("notice:")),
      "Emma's notice",
    );
    expect(plainText(notice)).toBe(
      `❌ Your request *Return / exchange #${enId}* was rejected by <@USA0001>.\nReason: 订单号错误`,
    );
    expect(plainText(bot.slack.store.message(approver.channel, approver.ts))).toMatch(
      /你已驳回 · /,
    );
  });

  itAnsweredInTime(bot);
});
