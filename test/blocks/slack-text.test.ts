// Cutting text as Slack counts it, never inside a mention, a link, an escape or an emoji.

import { slackLength } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { shortTitle } from "../../handlers/blocks/fit-view.ts";
import { cutText, textLength } from "../../handlers/blocks/slack-text.ts";

describe("cutText", () => {
  it("leaves a text that fits as it is, and counts as Slack does (an emoji is one character)", () => {
    expect(cutText("同意", 2)).toBe("同意");
    expect(textLength("👍🏽 ok")).toBe(slackLength("👍🏽 ok"));
    expect(textLength("😀😀😀")).toBe(3);
  });

  it.each([
    ["a mention", "请 <@UEN0001> 确认", 6, "请…"],
    ["a link", "见 <https://x.example/a|合同> 第三页", 8, "见…"],
    ["an escape", "A&amp;B 公司", 4, "A…"],
    ["an escape at the end", "AB&lt;", 5, "AB…"],
    ["an emoji with a skin tone", "好👍🏽👍🏽", 3, "好…"],
  ])("never cuts inside %s", (_, text, max, cut) => {
    expect(cutText(text, max)).toBe(cut);
  });

  it("ends with the tail given, within the length, without the spaces before the cut", () => {
    const cut = cutText(`${"word ".repeat(50)}end`, 40, "…（详见 `/approval status 7`）");
    expect(textLength(cut)).toBeLessThanOrEqual(40);
    expect(cut).toMatch(/^word( word)*…（详见 `\/approval status 7`）$/);
  });

  it("cuts on whole characters, never half a surrogate pair", () => {
    const cut = cutText("😀".repeat(100), 75, "");
    expect(textLength(cut)).toBe(75);
    expect([...cut].every((c) => c === "😀")).toBe(true);
  });
});

describe("shortTitle (a modal's 24 characters)", () => {
  it.each([
    ["Demo stock: request, transfer, markdown", "Demo stock: request…"],
    ["Sales & marketing expense", "Sales & marketing…"],
    ["Engineering, production and purchasing countersign", "Engineering, production…"],
    ["周转车要车、调配和降价", "周转车要车、调配和降价"],
    [
      "经销商年度促销活动费用预算调整及追加申请（华东大区）",
      "经销商年度促销活动费用预算调整及追加申请…",
    ],
  ])("%s → %s", (name, title) => {
    expect(shortTitle(name)).toBe(title);
    expect(textLength(shortTitle(name))).toBeLessThanOrEqual(24);
  });
});
