// What the local Slack refuses besides Block Kit limits, through the real WebClient (no
// retries, 429s rejected, so every answer is seen): conversation ids, trigger_ids,
// response_urls, rate limits, injected failures and deactivated people. A fake clock steps
// past expiries and refills.
import { LogLevel, WebClient, type WebClientOptions } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LocalSlack, type LocalSlackOptions, startLocalSlack } from "../src/index.ts";
import { startBotStub } from "./bot-stub.ts";

const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};
const users = [
  { id: "U1", name: "alice" },
  { id: "U2", name: "bob" },
  { id: "U3", name: "carol", deleted: true },
];

let clock = 1_800_000_000_000;
let local: LocalSlack | undefined;
let web: WebClient;
let bot: Awaited<ReturnType<typeof startBotStub>>;

/** (Re)starts the local Slack with these options, and a WebClient that neither retries nor waits out a 429. */
async function start(
  opts: Partial<LocalSlackOptions> = {},
  client: WebClientOptions = {},
): Promise<LocalSlack> {
  await local?.close();
  local = await startLocalSlack({
    signingSecret: "s",
    users,
    eventsUrl: bot.url,
    now: () => clock,
    ...opts,
  });
  web = new WebClient(local.botToken, {
    slackApiUrl: local.apiUrl,
    logger: quiet,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    ...client,
  });
  return local;
}

/** The running local Slack (started before each test). */
const slack = (): LocalSlack => local!;
const error = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { data?: { error?: string }; code?: string }) => e.data?.error ?? e.code,
  );

beforeEach(async () => {
  bot = await startBotStub("s");
  await start();
});
afterEach(async () => {
  await local?.close();
  local = undefined;
  await bot.close();
});

describe("channels", () => {
  it("chat.update, chat.delete and chat.getPermalink take the conversation id chat.postMessage returned, never a user id", async () => {
    const posted = await web.chat.postMessage({ channel: "U1", text: "hi" });
    expect(posted.channel).toBe("DU1");
    const ts = posted.ts!;
    expect(await error(web.chat.update({ channel: "U1", ts, text: "edited" }))).toBe(
      "channel_not_found",
    );
    expect(await error(web.chat.getPermalink({ channel: "U1", message_ts: ts }))).toBe(
      "channel_not_found",
    );
    expect(await error(web.chat.delete({ channel: "U1", ts }))).toBe("channel_not_found");
    expect(await error(web.chat.update({ channel: "DU1", ts, text: "edited" }))).toBe("ok");
    expect(await error(web.chat.getPermalink({ channel: "DU1", message_ts: ts }))).toBe("ok");
    expect(await error(web.chat.delete({ channel: "DU1", ts }))).toBe("ok");
  });

  it("chat.postMessage and chat.postEphemeral still take a user id; unknown people are channel_not_found / user_not_found", async () => {
    expect(
      await error(web.chat.postEphemeral({ channel: "U2", user: "U2", text: "only you" })),
    ).toBe("ok");
    expect(await error(web.chat.postMessage({ channel: "U404", text: "hi" }))).toBe(
      "channel_not_found",
    );
    expect(await error(web.conversations.open({ users: "U404" }))).toBe("user_not_found");
    expect(await error(web.users.info({ user: "U404" }))).toBe("user_not_found");
  });

  it("a deactivated person is listed as deleted and cannot be posted to (user_disabled)", async () => {
    expect((await web.users.info({ user: "U3" })).user).toMatchObject({ id: "U3", deleted: true });
    expect(await error(web.chat.postMessage({ channel: "U3", text: "hi" }))).toBe("user_disabled");
    expect(await error(web.chat.postMessage({ channel: "DU3", text: "hi" }))).toBe("user_disabled");
    expect(await error(web.conversations.open({ users: "U3" }))).toBe("user_disabled");
    expect(await error(web.chat.postEphemeral({ channel: "DU1", user: "U3", text: "hi" }))).toBe(
      "user_disabled",
    );
    // Someone deactivated later, through the store.
    slack().store.deactivateUser("U2");
    expect(await error(web.chat.postMessage({ channel: "U2", text: "hi" }))).toBe("user_disabled");
    expect(slack().store.dmOf("U2")).toEqual([]);
  });
});

describe("trigger_id", () => {
  it("works once, within 3 seconds, and no test can make it live longer", async () => {
    const view = { type: "modal", title: { type: "plain_text", text: "T" }, blocks: [] };
    const once = slack().store.issueTrigger("U1");
    expect(await error(web.views.open({ trigger_id: once, view: view as never }))).toBe("ok");
    expect(await error(web.views.open({ trigger_id: once, view: view as never }))).toBe(
      "exchanged_trigger_id",
    );
    const late = slack().store.issueTrigger("U1");
    clock += 3001;
    expect(await error(web.views.open({ trigger_id: late, view: view as never }))).toBe(
      "expired_trigger_id",
    );
    expect(await error(web.views.open({ trigger_id: "1.2.abc", view: view as never }))).toBe(
      "invalid_trigger_id",
    );
    await expect(startLocalSlack({ signingSecret: "s", triggerTtlMs: 10_000 })).rejects.toThrow(
      /longer than Slack's 3000 ms/,
    );
  });
});

describe("response_url", () => {
  async function clickForResponseUrl(): Promise<string> {
    const posted = await web.chat.postMessage({
      channel: "U1",
      text: "pick",
      blocks: [
        {
          type: "actions",
          elements: [{ type: "button", action_id: "go", text: { type: "plain_text", text: "Go" } }],
        },
      ] as never,
    });
    await slack().clickButton({
      userId: "U1",
      actionId: "go",
      message: { channel: posted.channel!, ts: posted.ts! },
    });
    return bot.requests.at(-1)!.body.response_url as string;
  }
  const postTo = (url: string, body: unknown) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));

  it("replace_original replaces the clicked message; five uses, then used_url", async () => {
    const url = await clickForResponseUrl();
    expect((await postTo(url, { replace_original: true, text: "done" })).json).toEqual({
      ok: true,
    });
    expect(slack().store.lastMessageTo("U1")?.text).toBe("done");
    for (let i = 0; i < 4; i++)
      expect((await postTo(url, { text: `note ${i}` })).json).toEqual({ ok: true });
    expect((await postTo(url, { text: "sixth" })).json).toMatchObject({
      ok: false,
      error: "used_url",
    });
  });

  it("expires 30 minutes after the interaction", async () => {
    const url = await clickForResponseUrl();
    clock += 30 * 60 * 1000;
    expect((await postTo(url, { text: "just in time" })).json).toEqual({ ok: true });
    clock += 1;
    expect((await postTo(url, { text: "too late" })).json).toMatchObject({
      ok: false,
      error: "expired_url",
    });
  });

  it("refuses blocks Slack refuses, records it, and keeps the message", async () => {
    const url = await clickForResponseUrl();
    const answer = await postTo(url, {
      replace_original: true,
      blocks: [{ type: "header", text: { type: "plain_text", text: "x".repeat(151) } }],
    });
    expect(answer).toMatchObject({ status: 200, json: { ok: false, error: "invalid_blocks" } });
    expect(slack().store.lastMessageTo("U1")?.text).toBe("pick");
    expect(slack().store.refusals.at(-1)).toMatchObject({
      source: "response_url",
      error: "invalid_blocks",
      messages: [expect.stringContaining("/blocks/0/text/text")],
    });
  });
});

describe("view_submission answers", () => {
  it("a response_action update or push with a view Slack refuses is not applied, and is recorded", async () => {
    const modal = {
      type: "modal",
      callback_id: "form",
      title: { type: "plain_text", text: "Form" },
      submit: { type: "plain_text", text: "Send" },
      blocks: [
        {
          type: "input",
          block_id: "a",
          label: { type: "plain_text", text: "A" },
          element: { type: "plain_text_input", action_id: "a" },
        },
      ],
    };
    const opened = await web.views.open({
      trigger_id: slack().store.issueTrigger("U1"),
      view: modal as never,
    });
    const viewId = opened.view!.id!;
    const tooLongTitle = {
      ...modal,
      title: { type: "plain_text", text: "A title longer than 24 chars" },
    };
    for (const action of ["update", "push"]) {
      bot.respond(() => ({ body: { response_action: action, view: tooLongTitle } }));
      const res = await slack().submitView({ userId: "U1", viewId, values: {} });
      expect(res.refused).toMatchObject({
        source: "view_submission",
        error: "invalid_arguments",
        about: "form",
        messages: [expect.stringContaining("[json-pointer:/view/title/text]")],
      });
      expect(
        slack()
          .store.openViewsOf("U1")
          .map((v) => [v.id, (v.title as { text: string }).text]),
      ).toEqual([[viewId, "Form"]]);
    }
    expect(slack().store.refusals).toHaveLength(2);
  });
});

describe("rate limits", () => {
  it("past a tier's budget: HTTP 429, Retry-After in whole seconds, recorded; refilled after waiting", async () => {
    await start({ rateScale: 0.1 }); // users.list is Tier 2 (20 a minute): 2 a minute here
    expect(await error(web.users.list({}))).toBe("ok");
    expect(await error(web.users.list({}))).toBe("ok");
    const limited = await web.users.list({}).catch((e: { code: string; retryAfter: number }) => e);
    expect(limited).toMatchObject({ code: "slack_webapi_rate_limited_error", retryAfter: 30 });
    expect(
      slack()
        .store.calls.filter((c) => c.method === "users.list")
        .map((c) => [c.status, c.response.ok, c.response.error]),
    ).toEqual([
      [200, true, undefined],
      [200, true, undefined],
      [429, false, "ratelimited"],
    ]);
    // Other methods have budgets of their own.
    expect(await error(web.users.info({ user: "U1" }))).toBe("ok");
    clock += 29_000;
    expect(await error(web.users.list({}))).toBe("slack_webapi_rate_limited_error");
    clock += 1_000; // a token every 30 s at 2 a minute
    expect(await error(web.users.list({}))).toBe("ok");
  });

  it("chat.postMessage: about one a second per conversation, a burst of two", async () => {
    for (const _ of [1, 2])
      expect(await error(web.chat.postMessage({ channel: "U1", text: "burst" }))).toBe("ok");
    const limited = await web.chat
      .postMessage({ channel: "DU1", text: "third" })
      .catch((e: { retryAfter: number }) => e);
    expect(limited).toMatchObject({ retryAfter: 1 });
    expect(await error(web.chat.postMessage({ channel: "U2", text: "another conversation" }))).toBe(
      "ok",
    );
    clock += 1000;
    expect(await error(web.chat.postMessage({ channel: "U1", text: "a second later" }))).toBe("ok");
    expect(
      slack()
        .store.dmOf("U1")
        .map((m) => m.text),
    ).toEqual(["burst", "burst", "a second later"]);
  });

  it("chat.postMessage: a workspace-wide cap of 300 a minute across conversations", async () => {
    await start({ rateScale: 0.01 }); // 3 a minute workspace-wide
    expect(await error(web.chat.postMessage({ channel: "C1", text: "1" }))).toBe("ok");
    expect(await error(web.chat.postMessage({ channel: "C2", text: "2" }))).toBe("ok");
    expect(await error(web.chat.postMessage({ channel: "C3", text: "3" }))).toBe("ok");
    expect(await error(web.chat.postMessage({ channel: "C4", text: "4" }))).toBe(
      "slack_webapi_rate_limited_error",
    );
  });

  it("rateScale Infinity (or 0) turns them off; response_url posts are never counted", async () => {
    await start({ rateScale: Infinity });
    for (let i = 0; i < 30; i++) expect(await error(web.users.list({}))).toBe("ok");
    await start({ rateScale: 0 });
    for (let i = 0; i < 5; i++)
      expect(await error(web.chat.postMessage({ channel: "U1", text: `${i}` }))).toBe("ok");
  });
});

describe("injected failures", () => {
  it("HTTP 500, ok:false internal_error and a 429 for the next calls only, none recorded as a success", async () => {
    slack().failNext("auth.test", { status: 500 });
    slack().failNext("auth.test", { error: "internal_error" });
    slack().failNext("auth.test", { status: 429, retryAfter: 7 });
    expect(
      await web.auth
        .test()
        .catch((e: { code: string; statusCode: number }) => [e.code, e.statusCode]),
    ).toEqual(["slack_webapi_http_error", 500]);
    expect(await error(web.auth.test())).toBe("internal_error");
    expect(await web.auth.test().catch((e: { retryAfter: number }) => e.retryAfter)).toBe(7);
    expect(await error(web.auth.test())).toBe("ok");
    expect(slack().store.calls.map((c) => [c.status, c.response.ok])).toEqual([
      [500, false],
      [200, false],
      [429, false],
      [200, true],
    ]);
  });

  it("a hang holds the answer, so a client's timeout fires; the call still goes through, as in a slow Slack", async () => {
    await start({}, { timeout: 200 });
    slack().failNext("chat.postMessage", { hangMs: 800 });
    const started = Date.now();
    expect(await error(web.chat.postMessage({ channel: "U1", text: "slow" }))).toBe(
      "slack_webapi_request_error",
    );
    expect(Date.now() - started).toBeLessThan(700);
    await slack().waitFor((c) => c.method === "chat.postMessage", 2000);
    expect(
      slack()
        .store.dmOf("U1")
        .map((m) => m.text),
    ).toEqual(["slow"]);
  });

  it("failWhile: Slack fails for a while, then recovers", async () => {
    const recover = slack().failWhile("users.info", { status: 503 });
    for (let i = 0; i < 3; i++)
      expect(await error(web.users.info({ user: "U1" }))).toBe("slack_webapi_http_error");
    recover();
    expect(await error(web.users.info({ user: "U1" }))).toBe("ok");
  });
});
