// fitMessage: every message within Slack's 50 blocks and, with a margin, its ~12,000
// characters of block text, by the rules in handlers/blocks/fit-message.ts.

import { checkMessage, shownText } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { fitIds, fitMessage, shownLength } from "../../handlers/blocks/fit-message.ts";
import { textLength } from "../../handlers/blocks/slack-text.ts";
import { verbatimText } from "../../handlers/blocks/verbatim.ts";
import { expectNothingBroken, expectPostable, textsOf } from "./support.ts";

type Block = Record<string, unknown>;
const section = (text: string, blockId?: string): Block => ({
  type: "section",
  ...(blockId ? { block_id: blockId } : {}),
  text: { type: "mrkdwn", text },
});
const header: Block = { type: "header", text: { type: "plain_text", text: "销售合同评审 #7" } };
const actions: Block = {
  type: "actions",
  block_id: "assignment:9",
  elements: [
    {
      type: "button",
      action_id: "approval.approve",
      text: { type: "plain_text", text: "同意" },
      value: "9",
    },
  ],
};
const zh = { locale: "zh-CN", more: "`/approval status 7`" } as const;
const pointer = "…（内容较长，详见 `/approval status 7`）";
const long = (n: number, c = "长") => c.repeat(n);

const sectionText = (b: unknown) => (b as { text: { text: string } }).text.text;

describe("fitMessage", () => {
  it("leaves a message that fits as it was, its mrkdwn verbatim (a re-render sends nothing new)", () => {
    const m = {
      text: "hi",
      blocks: [
        header,
        section("*客户*\nC1001"),
        section(long(2900), fitIds.value("configuration")),
        actions,
      ],
    };
    const fitted = fitMessage(m, zh);
    expect(fitted).toEqual({ ...m, blocks: verbatimText(m.blocks) });
    expect(fitMessage(fitted, zh)).toEqual(fitted);
  });

  it("makes every mrkdwn text verbatim and leaves plain_text as it is (Slack takes verbatim on mrkdwn only)", () => {
    const fitted = fitMessage(
      {
        text: "t",
        blocks: [
          header,
          {
            type: "section",
            text: { type: "mrkdwn", text: "<@U1> *a*" },
            fields: [
              { type: "mrkdwn", text: "b" },
              { type: "plain_text", text: "c" },
            ],
          },
          { type: "context", elements: [{ type: "mrkdwn", text: "d" }] },
          actions,
        ],
      },
      zh,
    );
    const texts: Block[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        if (typeof (v as Block).text === "string") texts.push(v as Block);
        Object.values(v).forEach(walk);
      }
    };
    walk(fitted.blocks);
    expect(texts.map((o) => [o.type, o.verbatim])).toEqual([
      ["plain_text", undefined],
      ["mrkdwn", true],
      ["mrkdwn", true],
      ["plain_text", undefined],
      ["mrkdwn", true],
      ["plain_text", undefined],
    ]);
    expectPostable(fitted);
  });

  it("counts text as the strict local Slack does", () => {
    const blocks = [
      header,
      section("a&amp;b <@U1> 😀"),
      {
        type: "context",
        elements: [
          { type: "mrkdwn", text: "x" },
          { type: "image", image_url: "https://x/y.png", alt_text: "alt" },
        ],
      },
      actions,
    ];
    expect(shownLength(blocks)).toBe(shownText(blocks));
  });

  it("shortens the longest values first, to one length, each ending with where to read on", () => {
    const m = {
      text: "t",
      blocks: [
        header,
        section(`*说明*\n${long(1000, "短")}`, fitIds.value("a")),
        section(`*配置*\n${long(2900)}`, fitIds.value("b")),
        section(`*变更*\n${long(2900)}`, fitIds.value("c")),
        section(`*意见*\n${long(2900)}`, fitIds.value("d")),
        section(`*路径*\n${long(2000, "路")}`),
        actions,
      ],
    };
    const fitted = fitMessage(m, zh);
    expectPostable(fitted);
    const texts = fitted.blocks.map((b) => ((b as Block).type === "section" ? sectionText(b) : ""));
    // The short value and the path (not a value) stay whole; the three long ones are cut alike.
    expect(texts[1]).toBe(sectionText(m.blocks[1]));
    expect(texts[5]).toBe(sectionText(m.blocks[5]));
    for (const i of [2, 3, 4]) expect(texts[i]!.endsWith(pointer)).toBe(true);
    expect(new Set([2, 3, 4].map((i) => textLength(texts[i]!))).size).toBe(1);
    expect(fitted.blocks.at(-1)).toEqual(actions);
  });

  it("shortens everything else too when values alone cannot make room", () => {
    const m = {
      text: "t",
      blocks: [
        header,
        ...Array.from({ length: 8 }, (_, i) => section(long(2900, "路"), `path:${i}`)),
        section(long(2900), fitIds.value("x")),
        actions,
      ],
    };
    const fitted = fitMessage(m, zh);
    expectPostable(fitted);
    expect(fitted.blocks).toHaveLength(m.blocks.length);
    expect(textsOf(fitted.blocks).filter((t) => t.endsWith(pointer)).length).toBeGreaterThanOrEqual(
      9,
    );
  });

  it("joins a long run of short answers into fewer sections and keeps every one", () => {
    const answers = Array.from({ length: 60 }, (_, i) =>
      section(`*<@U${1000 + i}>* 的意见：可以生产`, fitIds.item("answers", i)),
    );
    const fitted = fitMessage({ text: "t", blocks: [header, ...answers, actions] }, zh);
    expectPostable(fitted);
    const all = textsOf(fitted.blocks).join("\n");
    for (let i = 0; i < 60; i++) expect(all).toContain(`<@U${1000 + i}>`);
  });

  it("keeps the first long answers and says how many more there are, and where", () => {
    const answers = Array.from({ length: 60 }, (_, i) =>
      section(`*<@U${1000 + i}>* 的意见：${long(2000)}`, fitIds.item("answers", i)),
    );
    const fitted = fitMessage(
      { text: "t", blocks: [header, ...answers, section("路径"), actions] },
      zh,
    );
    expectPostable(fitted);
    const texts = textsOf(fitted.blocks);
    const kept = texts.filter((t) => t.startsWith("*<@U")).length;
    expect(kept).toBeGreaterThan(10);
    expect(texts).toContain(`还有 ${60 - kept} 条未显示，详见 \`/approval status 7\`。`);
    expect(texts.join("\n")).toContain("<@U1000>");
    expect(fitted.blocks.at(-1)).toEqual(actions);
  });

  it("never cuts inside a mention or an escape, wherever the cut falls", () => {
    for (let pad = 0; pad < 12; pad++) {
      const text = `${"字".repeat(pad)}${"<@UEN0001> &amp; &lt;x&gt; ".repeat(200)}`;
      const fitted = fitMessage(
        {
          text: "t",
          blocks: [
            header,
            ...Array.from({ length: 6 }, (_, i) => section(text.slice(0, 2900), fitIds.value(i))),
            actions,
          ],
        },
        zh,
      );
      expectPostable(fitted);
      expectNothingBroken(fitted.blocks);
    }
  });

  it("in the worst case lets trailing blocks give way, keeping the header and the buttons", () => {
    const fields = Array.from({ length: 10 }, () => ({ type: "mrkdwn", text: long(2000) }));
    const blocks = [
      header,
      ...Array.from({ length: 80 }, (_, i) => ({ type: "section", block_id: `s${i}`, fields })),
      actions,
    ];
    const fitted = fitMessage({ text: long(50_000), blocks }, zh);
    expect(checkMessage(fitted)).toBeUndefined();
    expectPostable(fitted);
    expect(fitted.blocks[0]).toEqual(header);
    expect(fitted.blocks.at(-1)).toEqual(actions);
    expect(textsOf(fitted.blocks)).toContain("内容太多，部分未显示，详见 `/approval status 7`。");
  });

  it("cuts each text to its own limit (section, field, header, button, confirm dialog)", () => {
    const blocks = [
      { type: "header", text: { type: "plain_text", text: long(400) } },
      {
        type: "section",
        text: { type: "mrkdwn", text: long(5000) },
        fields: Array.from({ length: 12 }, () => ({ type: "mrkdwn", text: long(2500) })),
      },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: "a",
            text: { type: "plain_text", text: long(100) },
            confirm: {
              title: { type: "plain_text", text: long(200) },
              text: { type: "mrkdwn", text: long(500) },
              confirm: { type: "plain_text", text: long(40) },
              deny: { type: "plain_text", text: long(40) },
            },
          },
        ],
      },
    ];
    expectPostable(fitMessage({ text: "t", blocks }, { locale: "en" }));
  });
});
