// A process an admin wrote at the edge of what a definition allows, through the real bot: a
// long English name, a 3,200-character description, 97 fields (labels and hints past Slack's
// 2,000, a select of 150 options of 90 characters), a long path, and an approver who may amend a
// 3,000-character value. Slack refused its form (title, labels, options, 100 blocks), its
// approve modal (the label showing the current value) and every App Home listing it.

import { formValues } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { processSchema } from "../../src/definitions/schema.ts";
import {
  decideInModal,
  eventually,
  latestRequestId,
  openModal,
  settle,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { expectDelivered, refusals } from "./fit-support.ts";

const both = (zh: string, en: string) => ({ zh, en });
const long = (n: number) =>
  both("很长的说明文字".repeat(n), "a long piece of text ".repeat(n).trim());

const wide = processSchema.parse({
  key: "t_wide",
  version: 1,
  name: both(
    "周转车要车、调配和降价申请（加长名称版本）",
    "Demo stock request / transfer / markdown",
  ),
  description: both("说明".repeat(1600), "About this process. ".repeat(160)),
  fields: [
    {
      key: "kind",
      type: "select",
      label: long(300),
      hint: long(300),
      options: Array.from({ length: 150 }, (_, i) => ({
        value: `o${i}`,
        label: both(`选项 ${i} ${"很长".repeat(40)}`, `Option ${i} ${"long ".repeat(18)}`),
      })),
    },
    { key: "body", type: "textarea", label: both("正文", "Body") },
    ...Array.from({ length: 95 }, (_, i) => ({
      key: `f${i}`,
      type: "text",
      required: false,
      label: both(`字段 ${i}`, `Field ${i}`),
    })),
  ],
  steps: [
    {
      key: "director",
      kind: "approval",
      who: { role: "sales_director" },
      name: both("销售总监审批", "Sales director approval"),
      amend: [{ field: "body" }],
    },
    ...Array.from({ length: 30 }, (_, i) => ({
      key: `s${i}`,
      kind: "approval",
      who: { role: "finance" },
      when: `f${i} == 'x'`,
      name: both(`环节 ${i} ${"很长的环节名称".repeat(4)}`, `Step ${i} with a long name`),
    })),
  ],
});

const bot = useBot({ extra: [wide] });

describe("a definition at the edge of what an admin may write", () => {
  it("opens its form, reaches the approver, opens the approve modal and lists on the App Home, nothing refused", async () => {
    const form = await openModal(bot, "USR0004", "/approval", "new t_wide");
    expect(form.blocks.length).toBeLessThanOrEqual(100);
    expect((form.title as { text: string }).text).toBe("Demo stock request…");
    const filed = await bot.slack.submitView({
      userId: "USR0004",
      viewId: form.id,
      values: formValues(form, {
        kind: { option: "o120" },
        body: "正文 & <附件>".repeat(400).slice(0, 3000),
      }),
    });
    expect(filed.json?.response_action, filed.body).toBeUndefined();
    const id = await latestRequestId(bot);

    const { answer: done } = await decideInModal(bot, id, "USD0001", ids.action.approve, {});
    expect(done.json?.response_action, done.body).toBeUndefined();
    await waitForStatus(bot, id, "APPROVED");

    for (const who of ["USR0004", "USR0001"]) {
      await bot.slack.openHome({ userId: who });
      await eventually(
        () =>
          JSON.stringify(bot.slack.store.home(who)?.blocks ?? []).includes("home.new:t_wide") ||
          undefined,
        `${who}'s App Home`,
      );
    }
    await settle(bot);
    await expectDelivered(bot, id, ["USD0001"]);
    expect(refusals(bot)).toEqual([]);
  });
});
