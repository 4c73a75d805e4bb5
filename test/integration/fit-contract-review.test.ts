// A contract review at its longest, through the real bot: every textarea at its 3,000
// characters, three department opinions with 3,000-character notes. Slack refused the
// confirming manager's and the requester's messages (msg_blocks_too_long) and nobody heard
// of the request again; now every message fits, and cut values say where to read on.

import { formValues, type SimpleValue } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionMessage,
  clickForModal,
  clickOn,
  fileRequest,
  latestRequestId,
  plainText,
  settle,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { sampleForm } from "../support/walk.ts";
import { expectDelivered } from "./fit-support.ts";

const bot = useBot();

/** Typed text of exactly `n` characters, with characters mrkdwn must escape. */
const typed = (n: number, what: string) =>
  `${what}：非标电压 380V/50Hz & 加长导轨 <L=2.4m>，交期 45 天；`.repeat(n).slice(0, n);

const departments = ["UEN0001", "UPR0001", "UPU0001"];

describe("a contract review at its longest (销售合同评审)", () => {
  it("reaches every department, sales operations and the requester, each message within Slack's limits", async () => {
    const def = bot.services.catalog.get("contract_review")!.def;
    const values = sampleForm(def.fields, {
      review_type: { option: "new" },
      contract_no: "HT-2026-".padEnd(64, "0"),
      configuration: typed(3000, "配置"),
      change: typed(3000, "变更"),
      amount: "2,600,000.00",
    });
    const { answer } = await fileRequest(bot, "USR0001", "contract_review", values);
    expect(answer.json?.response_action, answer.body).toBeUndefined();
    const id = await latestRequestId(bot);

    for (const who of departments) {
      const view = await clickForModal(
        bot,
        who,
        await actionMessage(bot, id, who),
        ids.action.approve,
      );
      const opinion: Record<string, SimpleValue> = {
        "inputs.opinion": { option: "conditional" },
        "inputs.note": typed(3000, who),
      };
      const done = await bot.slack.submitView({
        userId: who,
        viewId: view.id,
        values: formValues(view, opinion),
      });
      expect(done.json?.response_action, done.body).toBeUndefined();
    }
    // Sales operations sees every department's opinion, the long ones cut with where to read on.
    const confirm = await actionMessage(bot, id, "USO0001");
    const text = plainText(confirm);
    for (const who of departments)
      expect(text).toContain(`<@${who}>* 的意见：部门意见：有条件可以生产（见说明）`);
    expect(text).toContain("…（内容较长，详见 下方「查看全文」）");
    // "View in full": the whole request in a modal, every value and opinion to its last character.
    const full = await clickForModal(bot, "USO0001", confirm, ids.action.viewRequest);
    expect(full.callback_id).toBe(ids.view.fullRequest);
    const whole = plainText(full).replace(/\n/g, "");
    for (const part of [
      values.configuration,
      values.change,
      ...departments.map((who) => typed(3000, who)),
    ]) {
      expect(whole).toContain(
        String(part)
          .trim()
          .replace(/&/g, "&amp;")
          .replace(/</g, "&lt;")
          .replace(/>/g, "&gt;")
          .replace(/\n/g, ""),
      );
    }
    await settle(bot);
    await expectDelivered(bot, id, [...departments, "USO0001"]);

    await clickOn(bot, id, "USO0001");
    await waitForStatus(bot, id, "APPROVED");
    await settle(bot);
    const messages = await expectDelivered(bot, id, [...departments, "USO0001"]);
    expect(messages.some((m) => m.key.startsWith("notice:") && m.userId === "USR0001")).toBe(true);
  });
});
