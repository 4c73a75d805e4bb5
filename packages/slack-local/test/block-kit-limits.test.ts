// Every Block Kit and view limit the local Slack enforces, through the real WebClient: the
// case at the limit is accepted, the worst case just over it is refused with Slack's error
// name and a response_metadata message pointing at the field.
import { LogLevel, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalSlack, startLocalSlack } from "../src/index.ts";

let local: LocalSlack;
let web: WebClient;

beforeAll(async () => {
  // Rate limits off: this file posts a hundred messages to one DM in a few seconds, to test
  // content limits (rate limits have their own tests in web-api-strict.test.ts).
  local = await startLocalSlack({
    signingSecret: "s",
    users: [{ id: "U1", name: "alice" }],
    rateScale: Infinity,
  });
  // Quiet: WebClient logs every response_metadata message, which are expected here.
  const quiet = {
    debug() {},
    info() {},
    warn() {},
    error() {},
    setLevel() {},
    getLevel: () => LogLevel.ERROR,
    setName() {},
  };
  web = new WebClient(local.botToken, {
    slackApiUrl: local.apiUrl,
    logger: quiet,
    retryConfig: { retries: 0 },
  });
});
afterAll(() => local.close());

const x = (n: number) => "x".repeat(n);
const plain = (text: string) => ({ type: "plain_text", text });
const md = (text: string) => ({ type: "mrkdwn", text });
const section = (text: string) => ({ type: "section", text: md(text) });
const button = (over: Record<string, unknown> = {}) => ({
  type: "button",
  action_id: "b",
  text: plain("OK"),
  ...over,
});
const actions = (...elements: unknown[]) => ({ type: "actions", elements });
const option = (text = "A", value = "a", extra: Record<string, unknown> = {}) => ({
  text: plain(text),
  value,
  ...extra,
});
const select = (options: unknown[]) => ({
  type: "section",
  text: md("pick"),
  accessory: { type: "static_select", action_id: "s", options },
});
const confirm = (over: Record<string, unknown> = {}) => ({
  title: plain("Sure?"),
  text: md("Really"),
  confirm: plain("Yes"),
  deny: plain("No"),
  ...over,
});

/** [limit, blocks at the limit, blocks one over, the JSON pointer the refusal names] */
const messageCases: [string, unknown[], unknown[], string][] = [
  [
    "50 blocks",
    Array(50).fill({ type: "divider" }),
    Array(51).fill({ type: "divider" }),
    "/blocks",
  ],
  ["section text ≤ 3000", [section(x(3000))], [section(x(3001))], "/blocks/0/text/text"],
  [
    "section fields ≤ 10",
    [{ type: "section", fields: Array(10).fill(md("f")) }],
    [{ type: "section", fields: Array(11).fill(md("f")) }],
    "/blocks/0/fields",
  ],
  [
    "section field ≤ 2000",
    [{ type: "section", fields: [md(x(2000))] }],
    [{ type: "section", fields: [md(x(2001))] }],
    "/blocks/0/fields/0/text",
  ],
  [
    "header ≤ 150",
    [{ type: "header", text: plain(x(150)) }],
    [{ type: "header", text: plain(x(151)) }],
    "/blocks/0/text/text",
  ],
  [
    "header is plain_text only",
    [{ type: "header", text: plain("H") }],
    [{ type: "header", text: md("H") }],
    "/blocks/0/text/type",
  ],
  [
    "context ≤ 10 elements",
    [{ type: "context", elements: Array(10).fill(md("c")) }],
    [{ type: "context", elements: Array(11).fill(md("c")) }],
    "/blocks/0/elements",
  ],
  [
    "actions ≤ 25 elements",
    [actions(...Array.from({ length: 25 }, (_, i) => button({ action_id: `b${i}` })))],
    [actions(...Array.from({ length: 26 }, (_, i) => button({ action_id: `b${i}` })))],
    "/blocks/0/elements",
  ],
  [
    "button text ≤ 75",
    [actions(button({ text: plain(x(75)) }))],
    [actions(button({ text: plain(x(76)) }))],
    "/blocks/0/elements/0/text/text",
  ],
  [
    "button value ≤ 2000",
    [actions(button({ value: x(2000) }))],
    [actions(button({ value: x(2001) }))],
    "/blocks/0/elements/0/value",
  ],
  [
    "button url ≤ 3000",
    [actions(button({ url: `https://e.x/${x(2988)}` }))],
    [actions(button({ url: `https://e.x/${x(2989)}` }))],
    "/blocks/0/elements/0/url",
  ],
  [
    "confirm title ≤ 100",
    [actions(button({ confirm: confirm({ title: plain(x(100)) }) }))],
    [actions(button({ confirm: confirm({ title: plain(x(101)) }) }))],
    "/blocks/0/elements/0/confirm/title/text",
  ],
  [
    "confirm text ≤ 300",
    [actions(button({ confirm: confirm({ text: md(x(300)) }) }))],
    [actions(button({ confirm: confirm({ text: md(x(301)) }) }))],
    "/blocks/0/elements/0/confirm/text/text",
  ],
  [
    "confirm button ≤ 30",
    [actions(button({ confirm: confirm({ confirm: plain(x(30)) }) }))],
    [actions(button({ confirm: confirm({ confirm: plain(x(31)) }) }))],
    "/blocks/0/elements/0/confirm/confirm/text",
  ],
  [
    "deny button ≤ 30",
    [actions(button({ confirm: confirm({ deny: plain(x(30)) }) }))],
    [actions(button({ confirm: confirm({ deny: plain(x(31)) }) }))],
    "/blocks/0/elements/0/confirm/deny/text",
  ],
  [
    "option text ≤ 75",
    [select([option(x(75))])],
    [select([option(x(76))])],
    "/blocks/0/accessory/options/0/text/text",
  ],
  [
    "option value ≤ 150",
    [select([option("A", x(150))])],
    [select([option("A", x(151))])],
    "/blocks/0/accessory/options/0/value",
  ],
  [
    "option description ≤ 75",
    [select([option("A", "a", { description: plain(x(75)) })])],
    [select([option("A", "a", { description: plain(x(76)) })])],
    "/blocks/0/accessory/options/0/description/text",
  ],
  [
    "≤ 100 options",
    [select(Array.from({ length: 100 }, (_, i) => option("A", `v${i}`)))],
    [select(Array.from({ length: 101 }, (_, i) => option("A", `v${i}`)))],
    "/blocks/0/accessory/options",
  ],
  [
    "initial_option text ≤ 75 (a prefilled choice)",
    [
      {
        type: "section",
        text: md("c"),
        accessory: { type: "external_select", action_id: "c", initial_option: option(x(75)) },
      },
    ],
    [
      {
        type: "section",
        text: md("c"),
        accessory: { type: "external_select", action_id: "c", initial_option: option(x(76)) },
      },
    ],
    "/blocks/0/accessory/initial_option/text/text",
  ],
  [
    "action_id ≤ 255",
    [actions(button({ action_id: x(255) }))],
    [actions(button({ action_id: x(256) }))],
    "/blocks/0/elements/0/action_id",
  ],
  [
    "block_id ≤ 255",
    [{ type: "divider", block_id: x(255) }],
    [{ type: "divider", block_id: x(256) }],
    "/blocks/0/block_id",
  ],
  [
    "block_id unique in a message",
    [
      { type: "divider", block_id: "a" },
      { type: "divider", block_id: "b" },
    ],
    [
      { type: "divider", block_id: "a" },
      { type: "divider", block_id: "a" },
    ],
    "/blocks/1/block_id",
  ],
  [
    "action_id unique in a block",
    [actions(button({ action_id: "a" }), button({ action_id: "b" }))],
    [actions(button({ action_id: "a" }), button({ action_id: "a" }))],
    "/blocks/0/elements/1/action_id",
  ],
  ["text objects are not empty", [section("t")], [section("")], "/blocks/0/text/text"],
  [
    "text objects are plain_text or mrkdwn",
    [section("t")],
    [{ type: "section", text: { type: "markdown", text: "t" } }],
    "/blocks/0/text/type",
  ],
];

async function post(blocks: unknown[], text = "fallback") {
  return web.chat.postMessage({ channel: "U1", text, blocks: blocks as never }).then(
    (r) => r,
    (e: { data: Record<string, unknown> }) => e.data,
  );
}

describe("message limits (chat.postMessage)", () => {
  it.each(messageCases)("%s", async (_name, atLimit, over, pointer) => {
    expect(await post(atLimit)).toMatchObject({ ok: true });
    const refused = await post(over);
    expect(refused).toMatchObject({ ok: false, error: "invalid_blocks" });
    expect((refused.response_metadata as { messages: string[] }).messages.join("\n")).toContain(
      `[json-pointer:${pointer}]`,
    );
  });

  it("top-level text ≤ 40,000 (msg_too_long)", async () => {
    expect(await post([], x(40_000))).toMatchObject({ ok: true });
    expect(await post([], x(40_001))).toMatchObject({ ok: false, error: "msg_too_long" });
  });

  it("about 12,000 characters of text in all blocks together (msg_blocks_too_long)", async () => {
    const full = [
      section(x(3000)),
      section(x(3000)),
      section(x(3000)),
      section(x(2990)),
      { type: "header", text: plain(x(10)) },
    ];
    expect(await post(full)).toMatchObject({ ok: true });
    expect(await post([...full, { type: "context", elements: [md("x")] }])).toMatchObject({
      ok: false,
      error: "msg_blocks_too_long",
    });
  });

  it("the same limits in chat.update and chat.postEphemeral, and the message keeps its last good version", async () => {
    const posted = await web.chat.postMessage({
      channel: "U1",
      text: "v1",
      blocks: [section("v1")] as never,
    });
    const over = [section(x(3001))];
    await expect(
      web.chat.update({
        channel: posted.channel!,
        ts: posted.ts!,
        text: "v2",
        blocks: over as never,
      }),
    ).rejects.toMatchObject({ data: { error: "invalid_blocks" } });
    expect(local.store.message(posted.channel!, posted.ts!)?.text).toBe("v1");
    await expect(
      web.chat.postEphemeral({ channel: "U1", user: "U1", text: "e", blocks: over as never }),
    ).rejects.toMatchObject({ data: { error: "invalid_blocks" } });
    expect(local.store.ephemeralsFor("U1")).toEqual([]);
  });
});

const input = (element: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: "input",
  block_id: "in",
  label: plain("Field"),
  element: { action_id: "in", ...element },
  ...extra,
});
const modal = (over: Record<string, unknown> = {}) => ({
  type: "modal",
  title: plain("Title"),
  submit: plain("Send"),
  blocks: [input({ type: "plain_text_input" })],
  ...over,
});

/** [limit, view at the limit, view one over, pointer] */
const viewCases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
  [
    "100 blocks",
    modal({ blocks: Array(100).fill({ type: "divider" }) }),
    modal({ blocks: Array(101).fill({ type: "divider" }) }),
    "/view/blocks",
  ],
  [
    "title ≤ 24",
    modal({ title: plain(x(24)) }),
    modal({ title: plain(x(25)) }),
    "/view/title/text",
  ],
  ["title is plain_text", modal(), modal({ title: md("Title") }), "/view/title/type"],
  [
    "submit ≤ 24",
    modal({ submit: plain(x(24)) }),
    modal({ submit: plain(x(25)) }),
    "/view/submit/text",
  ],
  [
    "close ≤ 24",
    modal({ close: plain(x(24)) }),
    modal({ close: plain(x(25)) }),
    "/view/close/text",
  ],
  [
    "submit required with input blocks",
    modal({ submit: undefined, blocks: [section("no inputs")] }),
    modal({ submit: undefined }),
    "/view/submit",
  ],
  [
    "private_metadata ≤ 3000",
    modal({ private_metadata: x(3000) }),
    modal({ private_metadata: x(3001) }),
    "/view/private_metadata",
  ],
  [
    "callback_id ≤ 255",
    modal({ callback_id: x(255) }),
    modal({ callback_id: x(256) }),
    "/view/callback_id",
  ],
  [
    "external_id ≤ 255",
    modal({ external_id: `a${x(254)}` }),
    modal({ external_id: `b${x(255)}` }),
    "/view/external_id",
  ],
  [
    "input label ≤ 2000",
    modal({ blocks: [input({ type: "plain_text_input" }, { label: plain(x(2000)) })] }),
    modal({ blocks: [input({ type: "plain_text_input" }, { label: plain(x(2001)) })] }),
    "/view/blocks/0/label/text",
  ],
  [
    "input hint ≤ 2000",
    modal({ blocks: [input({ type: "plain_text_input" }, { hint: plain(x(2000)) })] }),
    modal({ blocks: [input({ type: "plain_text_input" }, { hint: plain(x(2001)) })] }),
    "/view/blocks/0/hint/text",
  ],
  [
    "placeholder ≤ 150",
    modal({ blocks: [input({ type: "plain_text_input", placeholder: plain(x(150)) })] }),
    modal({ blocks: [input({ type: "plain_text_input", placeholder: plain(x(151)) })] }),
    "/view/blocks/0/element/placeholder/text",
  ],
  [
    "plain_text_input max_length ≤ 3000",
    modal({ blocks: [input({ type: "plain_text_input", max_length: 3000 })] }),
    modal({ blocks: [input({ type: "plain_text_input", max_length: 3001 })] }),
    "/view/blocks/0/element/max_length",
  ],
  [
    "initial_value fits max_length",
    modal({ blocks: [input({ type: "plain_text_input", max_length: 10, initial_value: x(10) })] }),
    modal({ blocks: [input({ type: "plain_text_input", max_length: 10, initial_value: x(11) })] }),
    "/view/blocks/0/element/initial_value",
  ],
  [
    "datepicker initial_date is YYYY-MM-DD",
    modal({ blocks: [input({ type: "datepicker", initial_date: "2026-02-28" })] }),
    modal({ blocks: [input({ type: "datepicker", initial_date: "2026-2-28" })] }),
    "/view/blocks/0/element/initial_date",
  ],
  [
    "element limits as in messages (button text ≤ 75)",
    modal({ blocks: [actions(button({ text: plain(x(75)) }))] }),
    modal({ blocks: [actions(button({ text: plain(x(76)) }))] }),
    "/view/blocks/0/elements/0/text/text",
  ],
  [
    "block_id unique in a view",
    modal({ blocks: [input({ type: "plain_text_input" }), { type: "divider", block_id: "d" }] }),
    modal({ blocks: [input({ type: "plain_text_input" }), { type: "divider", block_id: "in" }] }),
    "/view/blocks/1/block_id",
  ],
];

async function open(view: Record<string, unknown>) {
  const trigger_id = local.store.issueTrigger("U1");
  return web.views.open({ trigger_id, view: view as never }).then(
    (r) => r,
    (e: { data: Record<string, unknown> }) => e.data,
  );
}

describe("view limits (views.open)", () => {
  it.each(viewCases)("%s", async (_name, atLimit, over, pointer) => {
    expect(await open(atLimit)).toMatchObject({ ok: true });
    const refused = await open(over);
    expect(refused).toMatchObject({ ok: false, error: "invalid_arguments" });
    expect((refused.response_metadata as { messages: string[] }).messages.join("\n")).toContain(
      `[json-pointer:${pointer}]`,
    );
  });

  it("the same checks in views.update, views.push and views.publish (Home: 100 blocks, no title)", async () => {
    const opened = await open(modal());
    const viewId = (opened.view as { id: string }).id;
    const bad = modal({ title: plain(x(25)) });
    await expect(web.views.update({ view_id: viewId, view: bad as never })).rejects.toMatchObject({
      data: { error: "invalid_arguments" },
    });
    await expect(
      web.views.push({ trigger_id: local.store.issueTrigger("U1"), view: bad as never }),
    ).rejects.toMatchObject({ data: { error: "invalid_arguments" } });
    expect(local.store.view(viewId)?.title).toEqual(plain("Title"));
    expect(
      await web.views.publish({
        user_id: "U1",
        view: { type: "home", blocks: Array(100).fill({ type: "divider" }) } as never,
      }),
    ).toMatchObject({ ok: true });
    await expect(
      web.views.publish({
        user_id: "U1",
        view: { type: "home", blocks: Array(101).fill({ type: "divider" }) } as never,
      }),
    ).rejects.toMatchObject({
      data: {
        error: "invalid_arguments",
        response_metadata: { messages: [expect.stringContaining("[json-pointer:/view/blocks]")] },
      },
    });
  });
});
