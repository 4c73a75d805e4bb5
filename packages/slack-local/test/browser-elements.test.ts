// Every Block Kit element the bot uses, in a browser, against a stand-in bot: what the page
// sends is exactly Slack's shape (block_actions with the view state, block_suggestion,
// view_submission), required fields are checked before anything is sent, confirmation
// dialogs can be declined, and a modal updated after a dispatch_action keeps what was typed.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LogLevel, WebClient } from "@slack/web-api";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalSlack, startLocalSlack } from "../src/index.ts";
import { type Browser, launchBrowser, skipBrowser, waitForText } from "../src/testing/browser.ts";
import { createWorkspace, type Workspace, type WorkspacePerson } from "../src/workspace/index.ts";
import { type StubRequest, startBotStub } from "./bot-stub.ts";

const SECRET = "browser-elements-secret";
const person = (id: string, name: string): WorkspacePerson => ({
  id,
  name,
  locale: "en",
  timeZone: "UTC",
  title: { "zh-CN": "", en: "Tester" },
});
const plain = (text: string) => ({ type: "plain_text" as const, text });
const opt = (value: string, text: string) => ({ text: plain(text), value });
const input = (
  id: string,
  element: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  type: "input",
  block_id: id,
  label: plain(id),
  element: { action_id: id, ...element },
  ...extra,
});

const blocks = [
  { type: "header", block_id: "h", text: plain("Every element") },
  {
    type: "section",
    block_id: "s",
    text: { type: "mrkdwn", text: "*Section* text" },
    fields: [{ type: "mrkdwn", text: "*A*\n1" }],
  },
  input("text", { type: "plain_text_input" }),
  input("note", { type: "plain_text_input", multiline: true }, { optional: true }),
  input("count", {
    type: "number_input",
    is_decimal_allowed: false,
    min_value: "1",
    max_value: "99",
  }),
  input("kind", { type: "static_select", options: [opt("a", "Alpha"), opt("b", "Beta")] }),
  input("customer", { type: "external_select", min_query_length: 1 }),
  input("owner", { type: "users_select" }),
  input("due", { type: "datepicker" }),
  input(
    "flags",
    { type: "checkboxes", options: [opt("x", "X"), opt("y", "Y")] },
    { optional: true },
  ),
  input("amount", { type: "plain_text_input" }, { dispatch_action: true }),
  input(
    "live",
    {
      type: "plain_text_input",
      dispatch_action_config: { trigger_actions_on: ["on_character_entered"] },
    },
    { dispatch_action: true, optional: true },
  ),
  {
    type: "actions",
    block_id: "buttons",
    elements: [
      {
        type: "button",
        action_id: "danger",
        style: "danger",
        text: plain("Delete"),
        confirm: {
          title: plain("Sure?"),
          text: { type: "mrkdwn", text: "It *cannot* be undone" },
          confirm: plain("Delete"),
          deny: plain("Keep"),
        },
      },
    ],
  },
];
const modal = {
  type: "modal",
  callback_id: "demo",
  title: plain("Demo"),
  submit: plain("Submit"),
  close: plain("Cancel"),
  blocks,
};

let bot: Awaited<ReturnType<typeof startBotStub>>;
let local: LocalSlack;
let workspace: Workspace;
let server: Server;
let browser: Browser | undefined;
let page: Page;
let submitErrors: Record<string, string> | undefined;

const requests = (type: string) =>
  bot.requests.filter(
    (r) => (r.body.type ?? (r.body.command ? "slash_command" : undefined)) === type,
  );

beforeAll(async () => {
  bot = await startBotStub(SECRET);
  local = await startLocalSlack({
    signingSecret: SECRET,
    users: [person("U1", "Alice"), person("U2", "Bob")],
    eventsUrl: bot.url,
  });
  const web = new WebClient(local.botToken, {
    slackApiUrl: local.apiUrl,
    logLevel: LogLevel.ERROR,
  });
  // What the stand-in bot does: open the modal, preview on Enter in "amount", search, validate.
  bot.respond((req: StubRequest) => {
    const body = req.body;
    if (body.command === "/demo")
      void web.views.open({ trigger_id: body.trigger_id!, view: modal as never });
    if (body.type === "block_actions" && ["amount", "live"].includes(body.actions![0].action_id)) {
      const preview = {
        type: "context",
        block_id: "preview",
        elements: [{ type: "mrkdwn", text: `Preview for ${body.actions![0].value}` }],
      };
      const update = () =>
        void web.views.update({
          view_id: body.view!.id,
          view: { ...modal, blocks: [...blocks.slice(0, -1), preview, blocks.at(-1)] } as never,
        });
      // The amount's preview comes late, so the person can type elsewhere meanwhile.
      setTimeout(update, body.actions![0].action_id === "amount" ? 600 : 0);
    }
    if (body.type === "block_suggestion")
      return {
        body: {
          options: [opt("C1001", `C1001 matches ${body.value}`), opt("C2001", "C2001 other")],
        },
      };
    if (body.type === "view_submission" && submitErrors)
      return { body: { response_action: "errors", errors: submitErrors } };
    return undefined;
  });
  workspace = createWorkspace({
    local,
    people: [person("U1", "Alice"), person("U2", "Bob")],
    manifest: { appName: "Demo", commands: [{ command: "/demo", description: "" }] },
  });
  server = createServer(
    (req, res) => void (workspace.handle(req, res) || res.writeHead(404).end()),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  if (skipBrowser) return;
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/?as=U1`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  workspace.close();
  await new Promise<void>((r) => server.close(() => r()));
  await local.close();
  await bot.close();
});

describe.skipIf(skipBrowser)("Block Kit on the workspace page", () => {
  it("fills and submits every kind of input, as Slack would report it", async () => {
    await page.locator(".composer input").fill("/demo");
    await page.locator(".composer input").press("Enter");
    const form = page.locator("form.modal");
    await form.waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: checks the text as rendered
    expect(await form.locator(".b-header").innerText()).toBe("Every element");
    // biome-ignore lint/performance/useDomNodeTextContent: checks the text as rendered
    expect(await form.locator(".b-section strong").first().innerText()).toBe("Section");

    // Required fields are checked on the page; the app hears nothing.
    await form.locator("[data-submit]").click();
    for (const id of ["text", "count", "kind", "customer", "owner", "due", "amount"]) {
      // biome-ignore lint/performance/useDomNodeTextContent: checks the text as rendered
      expect(await form.locator(`[data-block-id="${id}"] .b-error`).innerText()).toBe(
        "Please complete this required field.",
      );
    }
    // biome-ignore lint/performance/useDomNodeTextContent: checks the text as rendered
    expect(await form.locator('[data-block-id="note"] .b-error').innerText()).toBe("");
    expect(requests("view_submission")).toHaveLength(0);

    await form.locator("#in-text").fill("hello");
    await form.locator("#in-note").fill("line 1\nline 2");
    await form.locator("#in-count").fill("7");
    await form.locator("#in-kind").selectOption("b");
    await form.locator('[data-block-id="customer"] .combo-input').fill("hu");
    await form.locator(".combo-option", { hasText: "C1001 matches hu" }).click();
    expect(requests("block_suggestion").at(-1)!.body).toMatchObject({
      action_id: "customer",
      value: "hu",
    });
    await form.locator("#in-owner").selectOption("U2");
    await form.locator("#in-due").fill("2026-12-31");
    await form.locator('[data-block-id="flags"] input[value="y"]').check();

    // dispatch_action: Enter sends block_actions with everything typed; the app updates the modal.
    await form.locator("#in-amount").fill("68000");
    await form.locator("#in-amount").press("Enter");
    await form.locator("#in-note").fill("typed while the app was busy");
    await waitForText(form.locator('[data-block-id="preview"]'), "Preview for 68000");
    const action = requests("block_actions").at(-1)!.body;
    expect(action.actions![0]).toMatchObject({
      type: "plain_text_input",
      action_id: "amount",
      block_id: "amount",
      value: "68000",
    });
    expect(action.view!.state.values.text).toEqual({
      text: { type: "plain_text_input", value: "hello" },
    });
    expect(action.view!.state.values.note).toEqual({
      note: { type: "plain_text_input", value: "line 1\nline 2" },
    });
    // Kept across views.update, including what was typed after the action left.
    expect(await form.locator("#in-text").inputValue()).toBe("hello");
    expect(await form.locator("#in-owner").inputValue()).toBe("U2");
    expect(await form.locator("#in-note").inputValue()).toBe("typed while the app was busy");
    await form.locator("#in-note").fill("line 1\nline 2");

    // A confirmation dialog: declining sends nothing; confirming sends the click.
    const clicks = requests("block_actions").length;
    await form.locator('button[data-action-id="danger"]').click();
    expect(await page.locator("#confirm[open] .confirm-text").innerHTML()).toBe(
      "It <strong>cannot</strong> be undone",
    );
    await page.locator("#confirm[open] .confirm-deny").click();
    expect(requests("block_actions")).toHaveLength(clicks);
    await form.locator('button[data-action-id="danger"]').click();
    await page.locator("#confirm[open] .confirm-ok").click();
    await waitForCount(() => requests("block_actions").length, clicks + 1);
    expect(requests("block_actions").at(-1)!.body.actions![0]).toMatchObject({
      type: "button",
      action_id: "danger",
      style: "danger",
    });

    // The app's field errors show on the field; the modal stays with what was typed.
    submitErrors = { text: "Not that word" };
    await form.locator("[data-submit]").click();
    await waitForText(form.locator('[data-block-id="text"] .b-error'), "Not that word");
    expect(await form.locator("#in-count").inputValue()).toBe("7");

    submitErrors = undefined;
    await form.locator("#in-text").fill("hi");
    await form.locator("[data-submit]").click();
    await form.waitFor({ state: "detached" });
    expect(requests("view_submission").at(-1)!.body.view!.state.values).toEqual({
      text: { text: { type: "plain_text_input", value: "hi" } },
      note: { note: { type: "plain_text_input", value: "line 1\nline 2" } },
      count: { count: { type: "number_input", value: "7" } },
      kind: { kind: { type: "static_select", selected_option: opt("b", "Beta") } },
      customer: {
        customer: { type: "external_select", selected_option: opt("C1001", "C1001 matches hu") },
      },
      owner: { owner: { type: "users_select", selected_user: "U2" } },
      due: { due: { type: "datepicker", selected_date: "2026-12-31" } },
      flags: { flags: { type: "checkboxes", selected_options: [opt("y", "Y")] } },
      amount: { amount: { type: "plain_text_input", value: "68000" } },
      live: { live: { type: "plain_text_input", value: null } },
    });
  }, 60_000);

  it("a modal redrawn while someone types (on_character_entered) keeps their text and caret", async () => {
    await page.locator(".composer input").fill("/demo");
    await page.locator(".composer input").press("Enter");
    const form = page.locator("form.modal");
    await form.waitFor();
    const before = requests("block_actions").length;
    // Slow enough that the app's update lands between keystrokes.
    await form.locator("#in-live").pressSequentially("12345", { delay: 450 });
    await waitForText(form.locator('[data-block-id="preview"]'), "Preview for 12345");
    expect(requests("block_actions").length).toBeGreaterThan(before + 1);
    expect(await form.locator("#in-live").inputValue()).toBe("12345");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("in-live");
    await form.locator(".modal-x").click();
    await form.waitFor({ state: "detached" });
  }, 60_000);

  it("shows messages, ephemeral replies and updates live, and an invalid number is refused on the page", async () => {
    const web = new WebClient(local.botToken, {
      slackApiUrl: local.apiUrl,
      logLevel: LogLevel.ERROR,
    });
    const posted = await web.chat.postMessage({
      channel: "U1",
      text: "fallback",
      blocks: [
        {
          type: "section",
          block_id: "m",
          text: { type: "mrkdwn", text: "Request *#9* waits" },
          accessory: { type: "button", action_id: "open", value: "9", text: plain("Open") },
        },
      ],
    });
    const message = page.locator(`article.msg[data-ts="${posted.ts}"]`);
    await waitForText(message, "Request #9 waits");
    await web.chat.update({
      channel: "DU1",
      ts: posted.ts as string,
      text: "fallback",
      blocks: [
        { type: "section", block_id: "m", text: { type: "mrkdwn", text: "Request *#9* approved" } },
      ],
    });
    await waitForText(message, "approved");
    // biome-ignore lint/performance/useDomNodeTextContent: checks the text as rendered
    expect(await message.locator(".edited").innerText()).toBe("(edited)");
    await web.chat.postEphemeral({ channel: "U1", user: "U1", text: "Only for Alice" });
    const eph = page.locator("article.msg.ephemeral", { hasText: "Only for Alice" });
    await waitForText(eph, "Only visible to you");
    await eph.locator("button.dismiss").click();
    await eph.waitFor({ state: "detached" });

    await page.locator(".composer input").fill("/demo");
    await page.locator(".composer input").press("Enter");
    const form = page.locator("form.modal");
    await form.waitFor();
    await form.locator("#in-count").fill("500"); // above max_value 99
    await form.locator("[data-submit]").click();
    // biome-ignore lint/performance/useDomNodeTextContent: checks the text as rendered
    expect(await form.locator('[data-block-id="count"] .b-error').innerText()).toBe(
      "Enter a valid number.",
    );
    const submissions = requests("view_submission").length;
    await form.locator(".modal-x").click();
    await form.waitFor({ state: "detached" });
    expect(requests("view_submission")).toHaveLength(submissions);
  }, 60_000);
});

async function waitForCount(count: () => number, n: number): Promise<void> {
  const end = Date.now() + 5000;
  while (count() < n && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  expect(count()).toBe(n);
}
