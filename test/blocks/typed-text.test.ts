// Text people type, made inert for mrkdwn (escapeMrkdwn) and rendered as the local workspace
// page renders it (slack-markdown): every mrkdwn control shows as typed, and nothing formats,
// mentions, links or reorders; the fitting step never parts an escape; link fields stay links.
import { describe, expect, it } from "vitest";
import { formatValue, plainValue } from "../../handlers/blocks/format.ts";
import { escapeMrkdwn } from "../../handlers/blocks/mrkdwn.ts";
import { cutText } from "../../handlers/blocks/slack-text.ts";
import type { FieldDef } from "../../src/definitions/schema.ts";
import { stripBidi } from "../../src/i18n/index.ts";
import { bidiControls, readAs, showMrkdwn } from "../support/shown-text.ts";

const controls: [string, string][] = [
  ["bold", "*已审批通过*"],
  ["italic", "_it_"],
  ["strike", "~strike~"],
  ["code", "`code`"],
  ["a code block", "```block```"],
  ["a quote", "> quote"],
  ["a quote after spaces", "   > quote"],
  ["a full-width quote", "＞ quote"],
  ["full-width bold and code", "＊粗体＊ ｀代码｀ ＿斜＿"],
  ["broadcasts", "<!channel> <!here> <!everyone>"],
  ["a mention", "<@U0EVIL01>"],
  ["a channel", "<#C0GENERAL|general>"],
  ["a group", "<!subteam^S123|销售部>"],
  ["a disguised link", "<https://evil.example/login|点此确认>"],
  ["a bare URL", "https://evil.example/login?next=/home"],
  ["a channel name", "#general"],
  ["entities typed as such", "&amp; &lt; & < >"],
  ["everything at once", "*a* _b_ ~c~ `d` <@U1> https://x.example #general"],
];

/** The typed text where a value goes: alone, after the bot's words, and as one line of several. */
const placed = (typed: string) => [typed, `理由：${typed}`, `第一行\n${typed}\n末行`];

describe("escapeMrkdwn", () => {
  it.each(controls)("%s shows as typed, and formats, mentions and links nothing", (_, typed) => {
    for (const value of placed(typed)) {
      const source = escapeMrkdwn(value);
      const shown = showMrkdwn(source);
      expect(readAs(shown.text), value).toBe(readAs(value));
      // No marker left as one: a marker's meaning depends on what is around it.
      expect(source, value).not.toMatch(/[*_~`＊＿｀]/);
      expect(shown.formatted, value).toEqual([]);
      expect(shown.mentions, value).toEqual([]);
      expect(shown.links, value).toEqual([]);
      // Slack quotes a line that starts with `&gt;` (slack-markdown only one that starts with `>`).
      expect(source, value).not.toMatch(/^[ \t]*(?:&gt;|>|＞)/m);
    }
  });

  it("drops bidirectional controls, so typed text cannot reorder what is shown around it", () => {
    const typed =
      "A\u202Eevil\u202C \u202Dx\u202A\u202B\u2066\u2067\u2068\u2069 \u200Eמוצר\u200F \u061Cمرحبا";
    const source = escapeMrkdwn(typed);
    expect(source).not.toMatch(bidiControls);
    expect(showMrkdwn(`*状态*\n${source}`).text).toBe("状态\nAevil x מוצר مرحبا");
    expect(stripBidi(typed)).toBe("Aevil x מוצר مرحبا");
  });

  it("keeps the bot's own formatting around a typed value whole", () => {
    // A typed marker can neither close the bot's bold or strike early nor open one of its own.
    expect(
      showMrkdwn(`*${escapeMrkdwn("客户*名")}*\n${escapeMrkdwn("*x")}`).formatted.map(readAs),
    ).toEqual(["客户*名"]);
    expect(
      showMrkdwn(`~${escapeMrkdwn("3~5 天")}~ → ${escapeMrkdwn("~7 天~")}`).formatted.map(readAs),
    ).toEqual(["3~5 天"]);
    expect(showMrkdwn(`<@U1> ${escapeMrkdwn("<@U2>")}`).mentions).toEqual(["@U1"]);
  });

  it("is never parted by the fitting step from the `>` it keeps from starting a line", () => {
    const source = escapeMrkdwn("说明\n> 引用一\n  > 引用二");
    for (let max = 1; max <= [...source].length; max++) {
      const cut = cutText(source, max, "");
      expect(cut.endsWith("\u00AD"), `cut at ${max}`).toBe(false);
      expect(cut.endsWith("&g") || cut.endsWith("&"), `cut at ${max}`).toBe(false);
    }
  });
});

describe("form values", () => {
  const customers = new Map([["C1", { code: "C1", name: "*华纺* \u202E公司" }]]) as never;
  const field = (type: string, extra: object = {}) =>
    ({ key: "f", type, label: { zh: "f", en: "f" }, required: true, ...extra }) as FieldDef;

  it("a link field is a link that shows its own address, and only for http(s)", () => {
    const shown = showMrkdwn(
      formatValue(
        field("link"),
        "https://files.example.com/报告_v2.pdf?a=1&b=2|x>y",
        "zh-CN",
        customers,
      ),
    );
    expect(shown.links).toEqual([
      {
        href: "https://files.example.com/报告_v2.pdf?a=1&b=2%7Cx%3Ey",
        label: "https://files.example.com/报告_v2.pdf?a=1&b=2%7Cx%3Ey",
      },
    ]);
    for (const bad of ["javascript:alert(1)", "https://x.example/a b|点此"]) {
      const text = showMrkdwn(formatValue(field("link"), bad, "zh-CN", customers));
      expect(text.links, bad).toEqual([]);
      expect(readAs(text.text), bad).toBe(readAs(bad));
    }
  });

  it("a customer's name from the database is as inert as typed text", () => {
    const shown = showMrkdwn(
      formatValue(field("customer", { kind: "customer" }), "C1", "zh-CN", customers),
    );
    expect(shown.formatted).toEqual([]);
    expect(readAs(shown.text)).toBe("C1 *华纺* 公司");
  });

  it("for a plain_text object (a label), a value is as typed, without bidirectional controls", () => {
    expect(
      plainValue(
        field("textarea", { max_length: 3000 }),
        "*原值* & <x> \u202Eabc",
        "zh-CN",
        customers,
      ),
    ).toBe("*原值* & <x> abc");
    expect(plainValue(field("user"), "U1", "zh-CN", customers)).toBe("@U1");
  });
});
