// The workspace page's server side against a stand-in bot: what the page's requests turn
// into (signed Slack requests), what it shows, and the live-update stream.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LogLevel, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LocalSlack, startLocalSlack } from "../src/index.ts";
import { createWorkspace, type Workspace, type WorkspacePerson } from "../src/workspace/index.ts";
import { startBotStub } from "./bot-stub.ts";

const SECRET = "workspace-test-secret";
const person = (id: string, name: string, locale: "zh-CN" | "en" = "zh-CN"): WorkspacePerson => ({
  id,
  name,
  locale,
  timeZone: "Asia/Shanghai",
  title: { "zh-CN": "营销代表", en: "Sales rep" },
});
const people = [person("USR0001", "郑伟"), person("USR0004", "Emma Clark", "en")];
const manifest = {
  appName: "审批助手 Approvals",
  commands: [
    { command: "/return", description: "退货" },
    { command: "/approval", description: "审批" },
  ],
};

const modal = {
  type: "modal",
  callback_id: "request:return",
  title: { type: "plain_text", text: "退货" },
  submit: { type: "plain_text", text: "提交" },
  blocks: [
    {
      type: "input",
      block_id: "amount",
      dispatch_action: true,
      label: { type: "plain_text", text: "金额" },
      element: {
        type: "plain_text_input",
        action_id: "amount",
        dispatch_action_config: { trigger_actions_on: ["on_character_entered"] },
      },
    },
    {
      type: "input",
      block_id: "customer",
      label: { type: "plain_text", text: "客户" },
      element: { type: "external_select", action_id: "customer", min_query_length: 0 },
    },
  ],
};

let bot: Awaited<ReturnType<typeof startBotStub>>;
let local: LocalSlack;
let workspace: Workspace;
let server: Server;
let base: string;
let web: WebClient;

beforeEach(async () => {
  bot = await startBotStub(SECRET);
  local = await startLocalSlack({ signingSecret: SECRET, users: people, eventsUrl: bot.url });
  web = new WebClient(local.botToken, { slackApiUrl: local.apiUrl, logLevel: LogLevel.ERROR });
  workspace = createWorkspace({ local, people, manifest, startAs: "USR0001" });
  server = createServer((req, res) => {
    if (!workspace.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  workspace.close();
  await new Promise<void>((r) => server.close(() => r()));
  await local.close();
  await bot.close();
});

const api = async (name: string, body: Record<string, unknown>) =>
  (await (
    await fetch(`${base}/workspace/api/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    })
  ).json()) as Record<string, unknown>;
const state = async (as: string, tab = "messages") =>
  (await (await fetch(`${base}/workspace/state?as=${as}&tab=${tab}`)).json()) as {
    unread: Record<string, number>;
    messages: string;
    home: string;
    modal: { signature: string; html: string } | null;
  };

/** The bot stand-in opens the modal with the trigger of the last request, as the bot does. */
async function openModalFor(as: string): Promise<string> {
  expect(await api("command", { as, text: "/return" })).toEqual({ ok: true });
  const res = await web.views.open({
    trigger_id: bot.requests.at(-1)!.body.trigger_id as string,
    view: modal as never,
  });
  return res.view?.id as string;
}

describe("the page", () => {
  it("speaks the chosen person's language and lists everyone", async () => {
    const zh = await (await fetch(`${base}/`)).text();
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('data-user="USR0001"');
    expect(zh).toContain("本地 Slack 工作区");
    const en = await (await fetch(`${base}/?as=USR0004&tab=home`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('data-tab="home"');
    expect(en).toContain("Local Slack workspace");
    expect(en.match(/data-person="/g)).toHaveLength(2);
    expect(
      (await fetch(`${base}/workspace/assets/workspace.js`)).headers.get("content-type"),
    ).toMatch(/^text\/javascript/);
    expect((await fetch(`${base}/workspace/assets/..%2Fworkspace.ts`)).status).toBe(404);
  });
});

describe("commands", () => {
  it("sends a signed slash command from the person's DM and shows an inline answer as an ephemeral", async () => {
    bot.respond(() => ({
      body: { response_type: "ephemeral", text: "用法：`/approval new <流程>`" },
    }));
    expect(await api("command", { as: "USR0001", text: "/approval  new" })).toEqual({ ok: true });
    const req = bot.requests.at(-1)!;
    expect(req.signatureValid).toBe(true);
    expect(req.body).toMatchObject({
      command: "/approval",
      text: "new",
      user_id: "USR0001",
      channel_id: "DUSR0001",
    });
    expect((await state("USR0001")).messages).toContain(
      "用法：<code>/approval new &lt;流程&gt;</code>",
    );
  });

  it("refuses what Slack would refuse: non-commands and commands the app does not have", async () => {
    expect(await api("command", { as: "USR0001", text: "hello" })).toEqual({
      ok: false,
      error: "这里只能输入斜杠命令（应用的消息页是只读的）。",
    });
    expect(await api("command", { as: "USR0004", text: "/nope x" })).toEqual({
      ok: false,
      error: "/nope is not a valid command.",
    });
    expect(bot.requests).toHaveLength(0);
  });

  it("says so when the app does not answer 200", async () => {
    bot.respond(() => ({ status: 500 }));
    expect(await api("command", { as: "USR0004", text: "/return" })).toEqual({
      ok: false,
      error: "The app did not answer properly (HTTP 500). Try again.",
    });
  });

  it("takes JSON only, from a known person (a cross-site form cannot post here)", async () => {
    const form = await fetch(`${base}/workspace/api/command`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "as=USR0001&text=%2Freturn",
    });
    expect(form.status).toBe(415);
    expect(await api("command", { as: "UNOBODY", text: "/return" })).toMatchObject({
      ok: false,
      error: "unknown person (as)",
    });
    expect(bot.requests).toHaveLength(0);
  });
});

describe("modals", () => {
  it("a dispatch_action input reaches the app with the modal's state; the updated modal keeps what was typed", async () => {
    const viewId = await openModalFor("USR0001");
    const before = (await state("USR0001")).modal!;
    expect(before.html).toContain('data-dispatch="on_character_entered"');

    const typed = {
      amount: { amount: { type: "plain_text_input", value: "68,000.50" } },
      customer: { customer: { type: "external_select", selected_option: null } },
    };
    expect(
      await api("action", {
        as: "USR0001",
        surface: { viewId },
        actionId: "amount",
        blockId: "amount",
        selection: typed.amount.amount,
        state: typed,
      }),
    ).toEqual({ ok: true });
    const payload = bot.requests.at(-1)!.body;
    expect(payload).toMatchObject({
      type: "block_actions",
      user: { id: "USR0001" },
      actions: [{ action_id: "amount", value: "68,000.50" }],
    });
    expect(payload.view!.state.values).toEqual(typed);

    // The app answers with views.update (a path preview under the amount).
    await web.views.update({
      view_id: viewId,
      hash: payload.view!.hash,
      view: {
        ...modal,
        blocks: [
          ...modal.blocks,
          {
            type: "context",
            block_id: "preview",
            elements: [{ type: "mrkdwn", text: "总经理审核（金额 > 50000）" }],
          },
        ],
      } as never,
    });
    const after = (await state("USR0001")).modal!;
    expect(after.signature).not.toBe(before.signature);
    expect(after.html).toContain("总经理审核（金额 &gt; 50000）");
    expect(after.html).toContain('value="68,000.50"');
  });

  it("an external_select's menu comes from the app's options answer", async () => {
    const viewId = await openModalFor("USR0001");
    bot.respond((req) =>
      req.body.type === "block_suggestion"
        ? {
            body: {
              option_groups: [
                {
                  label: { type: "plain_text", text: "客户" },
                  options: [
                    { text: { type: "plain_text", text: "C1001 上海华纺" }, value: "C1001" },
                  ],
                },
              ],
            },
          }
        : undefined,
    );
    const answer = await api("options", {
      as: "USR0001",
      surface: { viewId },
      actionId: "customer",
      query: "华纺",
    });
    expect(answer).toEqual({
      ok: true,
      groups: [
        {
          label: { type: "plain_text", text: "客户" },
          options: [{ text: { type: "plain_text", text: "C1001 上海华纺" }, value: "C1001" }],
        },
      ],
    });
    expect(bot.requests.at(-1)!.body).toMatchObject({
      type: "block_suggestion",
      value: "华纺",
      view: { id: viewId },
    });
  });

  it("submits the state; errors stay on the modal, an empty answer closes it", async () => {
    const viewId = await openModalFor("USR0001");
    const values = {
      amount: { amount: { type: "plain_text_input", value: "abc" } },
      customer: {
        customer: {
          type: "external_select",
          selected_option: { text: { type: "plain_text", text: "C1001" }, value: "C1001" },
        },
      },
    };
    bot.respond(() => ({
      body: { response_action: "errors", errors: { amount: "请输入金额，如 12,345.60" } },
    }));
    expect(await api("submit", { as: "USR0001", viewId, state: values })).toEqual({
      ok: true,
      responseAction: "errors",
    });
    expect(bot.requests.at(-1)!.body).toMatchObject({
      type: "view_submission",
      view: { id: viewId, state: { values } },
    });
    expect((await state("USR0001")).modal!.html).toContain("请输入金额，如 12,345.60");

    bot.respond(() => undefined);
    expect(await api("submit", { as: "USR0001", viewId, state: values })).toEqual({ ok: true });
    expect((await state("USR0001")).modal).toBeNull();
  });

  it("a stale page (a modal already closed) gets an error, not a crash", async () => {
    const viewId = await openModalFor("USR0001");
    expect(await api("close", { as: "USR0001", viewId })).toEqual({ ok: true });
    expect(await api("submit", { as: "USR0001", viewId, state: {} })).toEqual({
      ok: false,
      error: `操作没有完成：view ${viewId} is not open`,
    });
  });
});

describe("messages and live updates", () => {
  it("a button click is a signed block_actions on that message; an ephemeral can be dismissed", async () => {
    const posted = await web.chat.postMessage({
      channel: "USR0001",
      text: "待审批",
      blocks: [
        {
          type: "actions",
          block_id: "a:7",
          elements: [
            {
              type: "button",
              action_id: "approval.approve",
              value: "7",
              style: "primary",
              text: { type: "plain_text", text: "同意" },
            },
          ],
        },
      ],
    });
    bot.respond(() => undefined);
    expect(
      await api("action", {
        as: "USR0001",
        surface: { message: { channel: "DUSR0001", ts: posted.ts } },
        actionId: "approval.approve",
        blockId: "a:7",
      }),
    ).toEqual({ ok: true });
    expect(bot.requests.at(-1)!.body).toMatchObject({
      type: "block_actions",
      container: { message_ts: posted.ts },
      actions: [{ type: "button", value: "7", block_id: "a:7" }],
    });

    await fetch(bot.requests.at(-1)!.body.response_url as string, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "这一步属于韩梅" }),
    });
    const eph = local.store.ephemeralsFor("USR0001")[0]!;
    expect((await state("USR0001")).messages).toContain("这一步属于韩梅");
    expect(await api("dismiss", { as: "USR0001", ts: eph.ts })).toEqual({ ok: true });
    expect((await state("USR0001")).messages).not.toContain("这一步属于韩梅");
  });

  it("streams a change event naming the person; new DMs count as unread until read", async () => {
    const res = await fetch(`${base}/workspace/events`);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const seen: string[] = [];
    const next = async (match: RegExp) => {
      for (;;) {
        const hit = seen.join("").match(match);
        if (hit) return hit[0];
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        seen.push(new TextDecoder().decode(value));
      }
    };
    const posted = await web.chat.postMessage({ channel: "USR0004", text: "New approval for you" });
    expect(await next(/event: change\ndata: \{"users":\["USR0004"\]\}/)).toBeTruthy();
    expect((await state("USR0001")).unread).toEqual({ USR0004: 1 });
    await web.chat.update({ channel: "DUSR0004", ts: posted.ts as string, text: "Approved" });
    expect((await state("USR0001")).unread).toEqual({ USR0004: 1 }); // an edit is not a new message
    expect((await state("USR0004", "home")).unread).toEqual({ USR0004: 1 });
    expect((await state("USR0004", "messages")).unread).toEqual({});

    // Closing the workspace cuts the stream, and refuses a page that reconnects, so the HTTP server can shut down.
    workspace.close();
    await expect(next(/never/)).rejects.toThrow();
    await expect(fetch(`${base}/workspace/events`)).rejects.toThrow();
  });

  it("a file shared in a DM downloads from the page", async () => {
    await web.files.uploadV2({
      channel_id: "USR0001",
      filename: "return-2026.csv",
      content: "id,status\n1,APPROVED\n",
      title: "退货 CSV",
    });
    const file = local.store.filesIn("DUSR0001")[0]!;
    expect((await state("USR0001")).messages).toContain(`href="/workspace/files/${file.id}"`);
    const res = await fetch(`${base}/workspace/files/${file.id}`);
    expect(res.headers.get("content-disposition")).toBe(
      "attachment; filename*=UTF-8''return-2026.csv",
    );
    expect(await res.text()).toBe("id,status\n1,APPROVED\n");
  });
});
