// A 会签 of 20 departments, each asked for an opinion with a note, through the real bot: all
// 20 answer. The requester's tracking message and the next approver's DM carry every answer;
// they once took a section each with no cap, and Slack refused them (msg_blocks_too_long).

import { formValues } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { processSchema } from "../../src/definitions/schema.ts";
import {
  actionMessage,
  clickForModal,
  fileRequest,
  latestRequestId,
  plainText,
  settle,
  useBot,
} from "../support/bot.ts";
import { expectDelivered } from "./fit-support.ts";

const name = (s: string) => ({ zh: s, en: s });

/** One holder each for the requester (USR0001, Shanghai): 20 different people. */
const roles = [
  ["sales_admin", "USA0001"],
  ["sales_admin_lead", "USA0002"],
  ["sales_ops_manager", "USO0001"],
  ["customer_service", "UCS0001"],
  ["quality", "UQA0001"],
  ["biz_dev", "UBD0001"],
  ["sales_director", "USD0001"],
  ["marketing_vp", "UVP0001"],
  ["general_manager", "UGM0001"],
  ["warehouse", "UWH0001"],
  ["engineering", "UEN0001"],
  ["production", "UPR0001"],
  ["purchasing", "UPU0001"],
  ["market_mgmt_planner", "UMP0001"],
  ["market_mgmt_manager", "UMM0001"],
  ["market_mgmt_admin", "UMA0001"],
  ["shipping_clerk", "USC0001"],
  ["invoicing_clerk", "UIV0001"],
  ["area_manager", "UAM0001"],
  ["regional_manager", "URM0001"],
] as const;

const bigCountersign = processSchema.parse({
  key: "t_countersign_20",
  version: 1,
  name: { zh: "二十部门会签", en: "Twenty-department countersign" },
  fields: [{ key: "subject", type: "textarea", label: name("subject") }],
  steps: [
    {
      key: "everyone",
      kind: "approval",
      name: { zh: "各部门会签", en: "Every department countersigns" },
      branches: roles.map(([role]) => ({
        key: role,
        name: { zh: `${role} 意见`, en: `${role} opinion` },
        who: { role },
      })),
      inputs: [
        {
          key: "opinion",
          type: "select",
          label: { zh: "意见", en: "Opinion" },
          options: [
            { value: "yes", label: { zh: "同意", en: "Agree" } },
            { value: "cond", label: { zh: "有条件同意", en: "Agree with conditions" } },
          ],
        },
        { key: "note", type: "textarea", required: false, label: { zh: "说明", en: "Note" } },
      ],
    },
    {
      key: "confirm",
      kind: "approval",
      who: { role: "channel_manager" },
      name: { zh: "渠道经理确认", en: "Channel manager confirms" },
    },
  ],
});

const bot = useBot({ extra: [bigCountersign] });

const note = (who: string) =>
  `${who}：需要补充资质 & 报价单 <附件>，交期按合同执行；`.repeat(60).slice(0, 1500);

describe("a 会签 of 20 people who each answer", () => {
  it("delivers every message, within 50 blocks and Slack's text limit, the next approver seeing all 20", async () => {
    const { answer } = await fileRequest(bot, "USR0001", "t_countersign_20", {
      subject: "年度框架协议评审",
    });
    expect(answer.json?.response_action, answer.body).toBeUndefined();
    const id = await latestRequestId(bot);

    for (const [, who] of roles) {
      const view = await clickForModal(
        bot,
        who,
        await actionMessage(bot, id, who),
        ids.action.approve,
      );
      const done = await bot.slack.submitView({
        userId: who,
        viewId: view.id,
        values: formValues(view, {
          "inputs.opinion": { option: "cond" },
          "inputs.note": note(who),
        }),
      });
      expect(done.json?.response_action, `${who}: ${done.body}`).toBeUndefined();
    }
    const confirm = await actionMessage(bot, id, "UCH0001");
    await settle(bot, 300, 30_000);
    const messages = await expectDelivered(bot, id, [...roles.map(([, who]) => who), "UCH0001"]);
    expect(messages.filter((m) => m.key.startsWith("assignment:"))).toHaveLength(21);

    // Every answer is there (joined or cut short), or counted with where to read the rest.
    const text = plainText(confirm);
    const named = roles.filter(([, who]) => text.includes(`<@${who}>* 的意见：`)).length;
    const more = Number(/还有 (\d+) 条未显示/.exec(text)?.[1] ?? 0);
    expect(named + more).toBe(20);
    expect(text).toContain("下方「查看全文」");
  });
});
