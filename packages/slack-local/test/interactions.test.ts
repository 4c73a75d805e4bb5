import { LogLevel, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formValues, type LocalSlack, startLocalSlack } from "../src/index.ts";
import { startBotStub } from "./bot-stub.ts";

const SECRET = "local-signing-secret";
const users = [
  { id: "U1", name: "alice" },
  { id: "U2", name: "bob" },
];

const modal = {
  type: "modal",
  callback_id: "return_request",
  private_metadata: '{"customer":"C-7"}',
  title: { type: "plain_text", text: "Return" },
  submit: { type: "plain_text", text: "Submit" },
  blocks: [
    {
      type: "input",
      block_id: "amount",
      label: { type: "plain_text", text: "Amount" },
      element: { type: "number_input", action_id: "amount_input", is_decimal_allowed: true },
    },
    {
      type: "input",
      block_id: "reason",
      label: { type: "plain_text", text: "Reason" },
      element: {
        type: "static_select",
        action_id: "reason_select",
        options: [
          { text: { type: "plain_text", text: "Damaged" }, value: "damaged" },
          { text: { type: "plain_text", text: "Wrong item" }, value: "wrong" },
        ],
      },
    },
    {
      type: "input",
      block_id: "approver",
      label: { type: "plain_text", text: "Approver" },
      element: { type: "users_select", action_id: "approver_user" },
    },
    {
      type: "input",
      block_id: "due",
      optional: true,
      label: { type: "plain_text", text: "Due" },
      element: { type: "datepicker", action_id: "due_date" },
    },
    {
      type: "input",
      block_id: "note",
      optional: true,
      label: { type: "plain_text", text: "Note" },
      element: { type: "plain_text_input", action_id: "note_text" },
    },
  ],
};

let local: LocalSlack;
let bot: Awaited<ReturnType<typeof startBotStub>>;
let web: WebClient;

beforeEach(async () => {
  bot = await startBotStub(SECRET);
  local = await startLocalSlack({
    signingSecret: SECRET,
    users,
    eventsUrl: bot.url,
    triggerTtlMs: 1000,
  });
  web = new WebClient("xoxb-local", { slackApiUrl: local.apiUrl, logLevel: LogLevel.ERROR });
});
afterEach(async () => {
  await local.close();
  await bot.close();
});

/** Runs /return in the stub bot and opens the modal with its trigger, as the bot would. */
async function openModal(userId = "U1") {
  await local.slashCommand({ userId, command: "/return", text: "RMA-1" });
  const trigger = bot.requests.at(-1)?.body.trigger_id as string;
  const res = await web.views.open({ trigger_id: trigger, view: modal as never });
  return res.view?.id as string;
}

describe("interaction client → bot", () => {
  it("sends a signed, Slack-shaped slash command the bot can verify", async () => {
    const res = await local.slashCommand({
      userId: "U1",
      command: "/return",
      text: "RMA-1 damaged",
    });
    expect(res.status).toBe(200);
    const req = bot.requests[0]!;
    expect(req.signatureValid).toBe(true);
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.headers["x-slack-signature"]).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(req.body).toMatchObject({
      command: "/return",
      text: "RMA-1 damaged",
      user_id: "U1",
      user_name: "alice",
      channel_id: "DU1",
      channel_name: "directmessage",
      team_id: "T0LOCAL",
      api_app_id: "A0LOCAL",
    });
    expect(req.body.response_url).toMatch(new RegExp(`^${local.baseUrl}/response/`));
    expect(req.body.trigger_id).toEqual(expect.any(String));
  });

  it("is rejected by the bot when signed with the wrong secret", async () => {
    const other = await startLocalSlack({ signingSecret: "not-the-secret", eventsUrl: bot.url });
    try {
      const res = await other.slashCommand({ userId: "U1", command: "/return", text: "" });
      expect(res.status).toBe(401);
      expect(bot.requests.at(-1)?.signatureValid).toBe(false);
    } finally {
      await other.close();
    }
  });

  it("opens a modal only with a fresh, unused trigger of that user", async () => {
    const viewId = await openModal("U1");
    expect(viewId).toMatch(/^V\d{7}$/);
    const stored = local.store.view(viewId)!;
    expect(stored).toMatchObject({
      user: "U1",
      open: true,
      callback_id: "return_request",
      type: "modal",
    });
    expect(local.store.openViewsOf("U1").map((v) => v.id)).toEqual([viewId]);

    const used = bot.requests.at(-1)?.body.trigger_id as string;
    await expect(web.views.open({ trigger_id: used, view: modal as never })).rejects.toMatchObject({
      data: { error: "exchanged_trigger_id" },
    });
    await expect(
      web.views.open({ trigger_id: "123.456.abc", view: modal as never }),
    ).rejects.toMatchObject({ data: { error: "invalid_trigger_id" } });

    await local.slashCommand({ userId: "U2", command: "/return", text: "" });
    const stale = bot.requests.at(-1)?.body.trigger_id as string;
    await new Promise((r) => setTimeout(r, 1050)); // triggerTtlMs is 1 s here (Slack: 3 s); shorter flakes on a busy machine
    await expect(web.views.open({ trigger_id: stale, view: modal as never })).rejects.toMatchObject(
      { data: { error: "expired_trigger_id" } },
    );
  });

  it("submits formValues in Slack's state shape and applies response_action", async () => {
    const viewId = await openModal();
    const values = formValues(local.store.view(viewId)!, {
      amount_input: "125.50",
      reason_select: { option: "damaged" },
      approver_user: { user: "U2" },
      due: { date: "2025-01-31" },
    });
    expect(values).toEqual({
      amount: { amount_input: { type: "number_input", value: "125.50" } },
      reason: {
        reason_select: {
          type: "static_select",
          selected_option: { text: { type: "plain_text", text: "Damaged" }, value: "damaged" },
        },
      },
      approver: { approver_user: { type: "users_select", selected_user: "U2" } },
      due: { due_date: { type: "datepicker", selected_date: "2025-01-31" } },
      note: { note_text: { type: "plain_text_input", value: null } },
    });
    expect(() => formValues(local.store.view(viewId)!, { amonut: "1" })).toThrow(/amonut/);
    expect(() =>
      formValues(local.store.view(viewId)!, { reason_select: { option: "nope" } }),
    ).toThrow(/nope/);

    bot.respond(() => ({ body: { response_action: "errors", errors: { amount: "Too much" } } }));
    const rejected = await local.submitView({ userId: "U1", viewId, values });
    expect(rejected.json).toEqual({ response_action: "errors", errors: { amount: "Too much" } });
    expect(local.store.view(viewId)).toMatchObject({ open: true, errors: { amount: "Too much" } });

    const payload = bot.requests.at(-1)!.body;
    expect(payload).toMatchObject({
      type: "view_submission",
      user: { id: "U1", username: "alice" },
      api_app_id: "A0LOCAL",
      view: {
        id: viewId,
        callback_id: "return_request",
        private_metadata: '{"customer":"C-7"}',
        state: { values },
      },
    });
    expect(payload.view!.hash).toEqual(expect.any(String));

    bot.respond(() => undefined); // plain ack: Slack closes the modal
    const accepted = await local.submitView({ userId: "U1", viewId, values });
    expect(accepted).toMatchObject({ status: 200, body: "", json: undefined });
    expect(local.store.view(viewId)?.open).toBe(false);
    expect(local.store.openViewsOf("U1")).toEqual([]);
  });

  it("replaces the modal on response_action update and checks hashes on views.update", async () => {
    const viewId = await openModal();
    const hash = local.store.view(viewId)!.hash;
    bot.respond(() => ({
      body: { response_action: "update", view: { ...modal, blocks: [modal.blocks[4]] } },
    }));
    await local.submitView({ userId: "U1", viewId, values: {} });
    const view = local.store.view(viewId)!;
    expect(view.open).toBe(true);
    expect(view.blocks.map((b) => b.block_id)).toEqual(["note"]);
    expect(view.hash).not.toBe(hash);

    await expect(
      web.views.update({ view_id: viewId, hash, view: modal as never }),
    ).rejects.toMatchObject({ data: { error: "hash_conflict" } });
    const ok = await web.views.update({ view_id: viewId, hash: view.hash, view: modal as never });
    expect(ok.view?.blocks).toHaveLength(5);
  });

  it("clicks a button on a message (block id/value looked up) and the bot answers via response_url", async () => {
    const posted = await web.chat.postMessage({
      channel: "U1",
      text: "Approve RMA-1?",
      blocks: [
        {
          type: "actions",
          block_id: "decide",
          elements: [
            {
              type: "button",
              action_id: "approve",
              value: "rma-1",
              text: { type: "plain_text", text: "Approve" },
            },
          ],
        },
      ],
    });
    await local.clickButton({
      userId: "U1",
      actionId: "approve",
      message: { channel: "DU1", ts: posted.ts as string },
    });
    const payload = bot.requests.at(-1)!.body;
    expect(bot.requests.at(-1)!.signatureValid).toBe(true);
    expect(payload).toMatchObject({
      type: "block_actions",
      user: { id: "U1", username: "alice", name: "alice", team_id: "T0LOCAL" },
      container: { type: "message", message_ts: posted.ts, channel_id: "DU1", is_ephemeral: false },
      channel: { id: "DU1" },
      message: { ts: posted.ts, text: "Approve RMA-1?", blocks: [{ block_id: "decide" }] },
      actions: [{ type: "button", action_id: "approve", block_id: "decide", value: "rma-1" }],
    });
    expect(payload.trigger_id).toEqual(expect.any(String));

    const post = (body: unknown) =>
      fetch(payload.response_url!, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post({ text: "Working on it" })).status).toBe(200);
    expect(local.store.ephemeralsFor("U1").map((e) => e.text)).toEqual(["Working on it"]);
    await post({ replace_original: true, text: "Approved by alice", blocks: [] });
    expect(local.store.message("DU1", posted.ts as string)).toMatchObject({
      text: "Approved by alice",
      blocks: [],
    });
    await post({ response_type: "in_channel", text: "FYI approved" });
    expect(local.store.dmOf("U1").map((m) => m.text)).toEqual([
      "Approved by alice",
      "FYI approved",
    ]);
    await post({ delete_original: true });
    expect(local.store.message("DU1", posted.ts as string)).toBeUndefined();
    expect(
      (await fetch(`${local.baseUrl}/response/nope`, { method: "POST", body: "{}" })).status,
    ).toBe(404);
  });

  it("selects an option inside a modal and records it in the view state", async () => {
    const viewId = await openModal();
    await local.selectOption({
      userId: "U1",
      viewId,
      actionId: "reason_select",
      selected: "wrong",
    });
    const payload = bot.requests.at(-1)!.body;
    expect(payload.container).toEqual({ type: "view", view_id: viewId });
    expect(payload.actions![0]).toMatchObject({
      type: "static_select",
      action_id: "reason_select",
      block_id: "reason",
      selected_option: { value: "wrong", text: { text: "Wrong item" } },
    });
    expect(payload.view!.state.values.reason!.reason_select!.selected_option!.value).toBe("wrong");
  });

  it("publishes App Home and sends a signed app_home_opened event", async () => {
    const home = {
      type: "home",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "Pending: 2" } }],
    };
    await web.views.publish({ user_id: "U2", view: home as never });
    expect(local.store.home("U2")?.blocks[0]).toMatchObject({ text: { text: "Pending: 2" } });

    await local.openHome({ userId: "U2" });
    const req = bot.requests.at(-1)!;
    expect(req.signatureValid).toBe(true);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.body).toMatchObject({
      type: "event_callback",
      team_id: "T0LOCAL",
      event: { type: "app_home_opened", user: "U2", tab: "home", view: { type: "home" } },
    });
  });

  it("opening the Messages tab also tells the app, without a view", async () => {
    await local.openHome({ userId: "U2", tab: "messages" });
    expect(bot.requests.at(-1)!.body.event).toMatchObject({
      type: "app_home_opened",
      user: "U2",
      tab: "messages",
    });
    expect(bot.requests.at(-1)!.body.event!.view).toBeUndefined();
  });
});

describe("what a person does on the workspace page", () => {
  const dispatchModal = {
    type: "modal",
    callback_id: "request:return",
    title: { type: "plain_text", text: "Return" },
    submit: { type: "plain_text", text: "Submit" },
    blocks: [
      {
        type: "input",
        block_id: "amount",
        dispatch_action: true,
        label: { type: "plain_text", text: "Amount" },
        element: { type: "plain_text_input", action_id: "amount" },
      },
      {
        type: "input",
        block_id: "customer",
        label: { type: "plain_text", text: "Customer" },
        element: { type: "external_select", action_id: "customer", min_query_length: 0 },
      },
      {
        type: "input",
        block_id: "note",
        optional: true,
        label: { type: "plain_text", text: "Note" },
        element: { type: "plain_text_input", action_id: "note" },
      },
    ],
  };

  async function openDispatchModal() {
    await local.slashCommand({ userId: "U1", command: "/return" });
    const res = await web.views.open({
      trigger_id: bot.requests.at(-1)!.body.trigger_id as string,
      view: dispatchModal as never,
    });
    return res.view?.id as string;
  }

  it("a dispatch_action input sends block_actions with the whole state, the new value included", async () => {
    const viewId = await openDispatchModal();
    const typed = {
      amount: { amount: { type: "plain_text_input", value: "68,000" } },
      note: { note: { type: "plain_text_input", value: "urgent" } },
    };
    await local.act({
      userId: "U1",
      viewId,
      actionId: "amount",
      blockId: "amount",
      selection: { type: "plain_text_input", value: "68,000.50" },
      state: typed,
    });
    const payload = bot.requests.at(-1)!.body;
    expect(payload).toMatchObject({
      type: "block_actions",
      container: { type: "view", view_id: viewId },
    });
    expect(payload.actions![0]).toMatchObject({
      type: "plain_text_input",
      action_id: "amount",
      block_id: "amount",
      value: "68,000.50",
    });
    expect(payload.view!.state.values).toEqual({
      amount: { amount: { type: "plain_text_input", value: "68,000.50" } },
      note: { note: { type: "plain_text_input", value: "urgent" } },
    });

    // The app updates the modal; what was entered stays for blocks that are still there.
    await web.views.update({
      view_id: viewId,
      view: {
        ...dispatchModal,
        blocks: [
          ...dispatchModal.blocks,
          { type: "section", block_id: "path", text: { type: "mrkdwn", text: "GM approves" } },
        ],
      } as never,
    });
    expect(local.store.view(viewId)!.state.values.note).toEqual({
      note: { type: "plain_text_input", value: "urgent" },
    });
  });

  it("an external_select asks the app for options (block_suggestion) with what was typed", async () => {
    const viewId = await openDispatchModal();
    bot.respond((req) =>
      req.body.type === "block_suggestion"
        ? {
            body: {
              options: [{ text: { type: "plain_text", text: "C1001 上海华纺" }, value: "C1001" }],
            },
          }
        : undefined,
    );
    const res = await local.suggestOptions({
      userId: "U1",
      viewId,
      actionId: "customer",
      value: "华纺",
    });
    expect(res.json).toEqual({
      options: [{ text: { type: "plain_text", text: "C1001 上海华纺" }, value: "C1001" }],
    });
    const payload = bot.requests.at(-1)!.body;
    expect(bot.requests.at(-1)!.signatureValid).toBe(true);
    expect(payload).toMatchObject({
      type: "block_suggestion",
      action_id: "customer",
      block_id: "customer",
      value: "华纺",
      user: { id: "U1" },
      container: { type: "view", view_id: viewId },
      view: { id: viewId, callback_id: "request:return" },
    });
  });

  it("tells apart buttons that share an action_id by their block", async () => {
    const button = (value: string) => ({
      type: "button" as const,
      action_id: "approval.approve",
      value,
      text: { type: "plain_text" as const, text: "Approve" },
    });
    const posted = await web.chat.postMessage({
      channel: "U1",
      text: "list",
      blocks: [
        { type: "actions", block_id: "a:1", elements: [button("1")] },
        { type: "actions", block_id: "a:2", elements: [button("2")] },
      ],
    });
    await local.act({
      userId: "U1",
      actionId: "approval.approve",
      blockId: "a:2",
      message: { channel: "DU1", ts: posted.ts as string },
    });
    expect(bot.requests.at(-1)!.body.actions![0]).toMatchObject({
      type: "button",
      block_id: "a:2",
      value: "2",
    });
  });

  it("a typed command's answer shows the way Slack shows it: ephemeral, or in the channel", async () => {
    bot.respond(() => ({
      body: { response_type: "ephemeral", text: "Usage: /approval new <process>" },
    }));
    await local.typeCommand({ userId: "U1", command: "/approval", text: "new" });
    expect(local.store.ephemeralsFor("U1")).toMatchObject([
      { channel: "DU1", text: "Usage: /approval new <process>", source: "ack" },
    ]);

    bot.respond(() => ({ body: { response_type: "in_channel", text: "Filed #7" } }));
    await local.typeCommand({ userId: "U1", command: "/approval", text: "new" });
    expect(local.store.dmOf("U1").map((m) => m.text)).toEqual(["Filed #7"]);

    bot.respond(() => undefined); // an empty ack (the answer comes later, or a modal opens)
    await local.typeCommand({ userId: "U1", command: "/return" });
    expect(local.store.ephemeralsFor("U1")).toHaveLength(1);
    expect(local.store.dmOf("U1")).toHaveLength(1);
  });

  it("closing a modal with clear_on_close closes the whole stack", async () => {
    await local.slashCommand({ userId: "U1", command: "/return" });
    const first = await web.views.open({
      trigger_id: bot.requests.at(-1)!.body.trigger_id as string,
      view: modal as never,
    });
    await local.slashCommand({ userId: "U1", command: "/return" });
    const second = await web.views.push({
      trigger_id: bot.requests.at(-1)!.body.trigger_id as string,
      view: { ...modal, clear_on_close: true } as never,
    });
    await local.closeView({ userId: "U1", viewId: second.view?.id as string });
    expect(local.store.view(first.view?.id as string)?.open).toBe(false);
    expect(local.store.openViewsOf("U1")).toEqual([]);
  });
});
