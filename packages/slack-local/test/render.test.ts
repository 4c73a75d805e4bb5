// The page's Block Kit rendering, block by block and element by element: what a person
// sees, and the data attributes the page script reports back to the bot.
import { describe, expect, it } from "vitest";
import type { Block, StoredMessage, StoredView } from "../src/index.ts";
import { renderBlocks } from "../src/workspace/render/blocks.ts";
import { html } from "../src/workspace/render/html.ts";
import { renderConversation, renderModal } from "../src/workspace/render/surfaces.ts";
import { mrkdwn, type RenderContext } from "../src/workspace/render/text.ts";

const ctx: RenderContext = {
  locale: "zh-CN",
  timeZone: "Asia/Shanghai",
  users: [
    { id: "USA0001", name: "韩梅" },
    { id: "USR0001", name: "郑伟" },
  ],
  slackBaseUrl: "http://127.0.0.1:3001",
};
const en: RenderContext = { ...ctx, locale: "en" };

const plain = (text: string) => ({ type: "plain_text", text });
const md = (text: string) => ({ type: "mrkdwn", text });
const option = (value: string, text: string) => ({ text: plain(text), value });
const render = (blocks: Block[], c = ctx, state = {}) => renderBlocks(blocks, c, state).value;
/** One element in an input block, as the page shows it. */
const inputWith = (element: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  render([
    {
      type: "input",
      block_id: "b",
      label: plain("Field"),
      element: { action_id: "a", ...element },
      ...extra,
    },
  ]);

describe("mrkdwn", () => {
  it.each([
    [
      "*bold* _it_ ~gone~ `code`",
      "<strong>bold</strong> <em>it</em> <del>gone</del> <code>code</code>",
    ],
    ["line\nnext", "line<br>next"],
    [
      "<@USA0001> and <@U999|bob>",
      '<span class="s-mention s-user">@韩梅</span> and <span class="s-mention s-user">@bob</span>',
    ],
    // The bot escapes user text; Slack shows it as typed, never as markup.
    [
      "&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;",
      "&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;",
    ],
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    [
      "<https://erp.example.com/a?b=1&amp;c=2|ERP>",
      '<a href="https://erp.example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">ERP</a>',
    ],
    // A permalink of the local Slack jumps to the message on the page.
    [
      "<http://127.0.0.1:3001/archives/DUSA0001/p1795380825103000|原消息>",
      '<a href="#msg-1795380825103000" data-permalink="true">原消息</a>',
    ],
  ])("%s", (text, expected) => {
    expect(mrkdwn(text, ctx).value).toBe(expected);
  });

  it("escapes what the html template interpolates", () => {
    expect(html`<b>${'<img src=x onerror="1">'}</b>`.value).toBe(
      "<b>&lt;img src=x onerror=&quot;1&quot;&gt;</b>",
    );
  });
});

describe("blocks", () => {
  it("header, section with fields and an accessory button, context, divider", () => {
    const out = render([
      { type: "header", block_id: "h", text: plain("退货 <#1>") },
      {
        type: "section",
        block_id: "s",
        text: md("*金额* ¥68,000.50"),
        fields: [md("*客户*\nC1001"), plain("plain")],
        accessory: { type: "button", action_id: "open", value: "7", text: plain("查看") },
      },
      {
        type: "context",
        block_id: "c",
        elements: [
          md("_by_ <@USR0001>"),
          { type: "image", image_url: "https://x/y.png", alt_text: "logo" },
        ],
      },
      { type: "divider", block_id: "d" },
    ]);
    expect(out).toContain('<div class="b b-header" data-block-id="h">退货 &lt;#1&gt;</div>');
    expect(out).toContain("<strong>金额</strong> ¥68,000.50");
    expect(out).toMatch(
      /<div class="b-fields"><div class="b-field"><strong>客户<\/strong><br>C1001<\/div><div class="b-field">plain<\/div><\/div>/,
    );
    expect(out).toMatch(
      /<div class="b-accessory"><button type="button" class="el btn" data-type="button" data-action-id="open" data-block-id="s" data-dispatch="change">查看<\/button>/,
    );
    expect(out).toContain('<em>by</em> <span class="s-mention s-user">@郑伟</span>');
    expect(out).toContain('<img class="el-image" src="https://x/y.png" alt="logo">');
    expect(out).toContain('<hr class="b b-divider">');
  });

  it("actions: button styles, and a confirmation dialog carried for the page script", () => {
    const confirm = {
      title: plain("确认同意？"),
      text: md("同意 *#7*"),
      confirm: plain("同意"),
      deny: plain("再想想"),
    };
    const out = render([
      {
        type: "actions",
        block_id: "act",
        elements: [
          {
            type: "button",
            action_id: "approval.approve",
            value: "12",
            style: "primary",
            text: plain("同意"),
            confirm,
          },
          {
            type: "button",
            action_id: "approval.reject",
            value: "12",
            style: "danger",
            text: plain("驳回"),
          },
          { type: "button", action_id: "link", url: "https://erp.example.com", text: plain("ERP") },
        ],
      },
    ]);
    expect(out).toContain(
      'class="el btn btn-primary" data-type="button" data-action-id="approval.approve" data-block-id="act"',
    );
    expect(out).toContain(
      'class="el btn btn-danger" data-type="button" data-action-id="approval.reject"',
    );
    expect(out).toContain('data-url="https://erp.example.com"');
    const spec = /data-confirm="([^"]+)"/
      .exec(out)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
    expect(JSON.parse(spec)).toEqual({
      title: "确认同意？",
      html: "同意 <strong>#7</strong>",
      confirm: "同意",
      deny: "再想想",
      style: "primary",
    });
  });

  it.each([
    [
      "plain_text_input",
      { type: "plain_text_input", initial_value: "SO-1", max_length: 64 },
      /<input class="el" type="text" id="in-b" data-type="plain_text_input" data-action-id="a" data-block-id="b" maxlength="64" value="SO-1">/,
    ],
    [
      "multiline plain_text_input",
      { type: "plain_text_input", multiline: true, initial_value: "a\nb" },
      /<textarea class="el" rows="4" id="in-b" data-type="plain_text_input"[^>]*>a\nb<\/textarea>/,
    ],
    [
      "number_input (integer)",
      {
        type: "number_input",
        is_decimal_allowed: false,
        min_value: "1",
        max_value: "9",
        initial_value: "3",
      },
      /type="number"[^>]*data-type="number_input"[^>]*step="1" min="1" max="9" inputmode="numeric" value="3"/,
    ],
    [
      "number_input (decimal)",
      { type: "number_input", is_decimal_allowed: true },
      /step="any"[^>]*inputmode="decimal"/,
    ],
    [
      "url_text_input",
      { type: "url_text_input" },
      /<input class="el" type="url"[^>]*data-type="url_text_input"/,
    ],
    [
      "static_select",
      {
        type: "static_select",
        options: [option("return", "退货"), option("exchange", "换货")],
        initial_option: option("exchange", "换货"),
      },
      /<option value="">请选择<\/option>\s*<option value="return" data-option="[^"]+">退货<\/option><option value="exchange" data-option="[^"]+" selected>换货<\/option>/,
    ],
    [
      "external_select",
      {
        type: "external_select",
        min_query_length: 0,
        initial_option: option("C1001", "C1001 上海华纺"),
      },
      /<div class="el combo"[^>]*data-type="external_select"[^>]*data-min-query="0" data-option="[^"]+">\s*<input type="text" class="combo-input" autocomplete="off" placeholder="输入以搜索" value="C1001 上海华纺">/,
    ],
    [
      "users_select",
      { type: "users_select", initial_user: "USR0001" },
      /<option value="">选择成员<\/option>\s*<option value="USA0001">韩梅<\/option><option value="USR0001" selected>郑伟<\/option>/,
    ],
    [
      "datepicker",
      { type: "datepicker", initial_date: "2026-12-31" },
      /<input class="el" type="date"[^>]*data-type="datepicker"[^>]*value="2026-12-31">/,
    ],
    [
      "checkboxes",
      {
        type: "checkboxes",
        options: [option("true", "是")],
        initial_options: [option("true", "是")],
      },
      /<div class="el choices"[^>]*data-type="checkboxes"[^>]*><label class="choice"><input type="checkbox" name="b\/a" value="true" data-option="[^"]+" checked>/,
    ],
    [
      "an element the page cannot draw",
      { type: "conversations_select" },
      /<span class="unsupported">（本页无法显示：conversations_select）<\/span>/,
    ],
  ])("input: %s", (_name, element, expected) => {
    expect(inputWith(element)).toMatch(expected);
  });

  it("input: label, optional, hint, and the error the bot returned for the block", () => {
    const out = renderBlocks(
      [
        {
          type: "input",
          block_id: "amount",
          optional: true,
          label: plain("Amount"),
          hint: plain("CNY"),
          element: { type: "plain_text_input", action_id: "amount" },
        },
      ],
      en,
      { errors: { amount: "Enter an amount such as 12,345.60" } },
    ).value;
    expect(out).toContain('class="b b-input has-error" data-block-id="amount" data-optional');
    expect(out).toContain(
      '<label class="b-label" for="in-amount">Amount <span class="optional">(optional)</span></label>',
    );
    expect(out).toContain('<div class="b-hint">CNY</div>');
    expect(out).toContain(
      '<div class="b-error" role="alert">Enter an amount such as 12,345.60</div>',
    );
  });

  it("dispatch_action: text inputs tell the app on Enter (or per character), other elements on change; plain inputs never", () => {
    expect(inputWith({ type: "plain_text_input" }, { dispatch_action: true })).toContain(
      'data-dispatch="on_enter_pressed"',
    );
    expect(
      inputWith(
        {
          type: "number_input",
          dispatch_action_config: { trigger_actions_on: ["on_character_entered"] },
        },
        { dispatch_action: true },
      ),
    ).toContain('data-dispatch="on_character_entered"');
    expect(
      inputWith({ type: "static_select", options: [option("a", "A")] }, { dispatch_action: true }),
    ).toContain('data-dispatch="change"');
    expect(inputWith({ type: "datepicker" })).not.toContain("data-dispatch");
  });

  it("what the view's state holds wins over initial values (typed input survives views.update)", () => {
    const blocks: Block[] = [
      {
        type: "input",
        block_id: "n",
        label: plain("N"),
        element: { type: "plain_text_input", action_id: "n", initial_value: "old" },
      },
      {
        type: "input",
        block_id: "t",
        label: plain("T"),
        element: {
          type: "static_select",
          action_id: "t",
          options: [option("a", "A"), option("b", "B")],
          initial_option: option("a", "A"),
        },
      },
      {
        type: "input",
        block_id: "u",
        label: plain("U"),
        element: { type: "users_select", action_id: "u" },
      },
    ];
    const out = render(blocks, ctx, {
      values: {
        n: { n: { type: "plain_text_input", value: "typed" } },
        t: { t: { type: "static_select", selected_option: option("b", "B") } },
        u: { u: { type: "users_select", selected_user: "USA0001" } },
      },
    });
    expect(out).toContain('value="typed"');
    expect(out).toMatch(
      /<option value="a" data-option="[^"]+">A<\/option><option value="b" data-option="[^"]+" selected>B<\/option>/,
    );
    expect(out).toContain('<option value="USA0001" selected>韩梅</option>');
  });

  it("names a block type it cannot draw instead of dropping it", () => {
    expect(render([{ type: "video", block_id: "v" }])).toContain("（本页无法显示：video）");
  });
});

describe("surfaces", () => {
  const message = (ts: string, over: Partial<StoredMessage> = {}): StoredMessage => ({
    channel: "DUSR0001",
    ts,
    text: "fallback",
    user: "UBOT",
    bot_id: "BBOT",
    deleted: false,
    versions: [{ text: "fallback", at: 0 }],
    source: "api",
    ...over,
  });
  const app = { name: "审批助手 Approvals", botUserId: "UBOT" };

  it("a DM: messages and ephemeral replies in time order, blocks over text, edits marked", () => {
    const out = renderConversation(
      [
        message("1795380000.000100", {
          blocks: [{ type: "section", block_id: "x", text: md("*first*") }],
          versions: [
            { text: "", at: 0 },
            { text: "", at: 1 },
          ],
        }),
        message("1795380000.000300", { text: "third _plain_" }),
      ],
      [
        {
          channel: "DUSR0001",
          user: "USR0001",
          ts: "1795380000.000200",
          text: "only you",
          deleted: false,
          source: "ack",
        },
      ],
      ctx,
      app,
    ).value;
    expect([...out.matchAll(/<article[^>]*data-ts="([\d.]+)"/g)].map((m) => m[1])).toEqual([
      "1795380000.000100",
      "1795380000.000200",
      "1795380000.000300",
    ]);
    expect(out).toContain("<strong>first</strong>");
    expect(out).not.toContain("fallback");
    expect(out).toContain('<span class="edited">（已编辑）</span>');
    expect(out).toMatch(/class="msg ephemeral" id="msg-1795380000000200"[^>]*data-ephemeral>/);
    expect(out).toContain("仅你可见");
    expect(out).toContain("third <em>plain</em>");
    expect(out).toContain("<b>审批助手 Approvals</b>");
  });

  it("an empty DM says how to start", () => {
    expect(renderConversation([], [], en, app).value).toContain("<code>/return</code>");
  });

  it("a modal: title, its own close and submit texts, a back arrow when stacked", () => {
    const view = {
      id: "V1",
      hash: "h1",
      title: plain("退货"),
      close: plain("取消"),
      submit: plain("提交"),
      blocks: [],
      state: { values: {} },
    } as unknown as StoredView;
    const first = renderModal(view, 1, ctx).value;
    expect(first).toContain('data-view-id="V1" data-signature="V1:h1:{}" data-depth="1"');
    expect(first).toContain("<h2>退货</h2>");
    expect(first).toContain(
      '<button type="submit" class="btn btn-primary" data-submit>提交</button>',
    );
    expect(first).not.toContain('class="modal-back"');
    const stacked = renderModal({ ...view, submit: undefined }, 2, ctx).value;
    expect(stacked).toContain('class="modal-back"');
    expect(stacked).not.toContain("data-submit");
  });
});
