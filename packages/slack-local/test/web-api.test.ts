import { LogLevel, WebClient, WebClientEvent } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LocalSlack, startLocalSlack } from "../src/index.ts";

const users = [
  {
    id: "U1",
    name: "alice",
    realName: "Alice Approver",
    tz: "Europe/Berlin",
    locale: "de-DE",
    email: "alice@example.com",
  },
  { id: "U2", name: "bob" },
];

let local: LocalSlack;
let web: WebClient;

function client(token = "xoxb-local"): WebClient {
  return new WebClient(token, {
    slackApiUrl: local.apiUrl,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 },
    rejectRateLimitedCalls: false,
  });
}

beforeEach(async () => {
  local = await startLocalSlack({ signingSecret: "s3cret", users });
  web = client();
});
afterEach(() => local.close());

describe("local Slack Web API via the real WebClient", () => {
  it("answers auth.test with the local bot identity", async () => {
    const res = await web.auth.test();
    expect(res).toMatchObject({
      ok: true,
      team_id: "T0LOCAL",
      user: "approvals",
      user_id: "UBOT",
      bot_id: "BBOT",
    });
    expect(local.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it("rejects a wrong token and unknown methods like Slack", async () => {
    await expect(client("xoxb-wrong").auth.test()).rejects.toMatchObject({
      data: { ok: false, error: "invalid_auth" },
    });
    await expect(web.apiCall("files.remote.share")).rejects.toMatchObject({
      data: { error: "unknown_method" },
    });
  });

  it("posts to a user id as a DM, parses form-encoded blocks, and updates with history", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*Return* RMA-1" } }];
    const posted = await web.chat.postMessage({
      channel: "U1",
      text: "[RMA-1] needs approval",
      blocks,
    });
    expect(posted.channel).toBe("DU1");
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.message?.bot_id).toBe("BBOT");

    const second = await web.chat.postMessage({ channel: "DU1", text: "second" });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));

    const dm = local.store.dmOf("U1");
    expect(dm.map((m) => m.text)).toEqual(["[RMA-1] needs approval", "second"]);
    // Text starting with "[" must stay text; blocks arrive as a JSON string and get parsed.
    expect(dm[0]?.blocks?.[0]).toMatchObject({ type: "section", text: { text: "*Return* RMA-1" } });
    expect(dm[0]?.blocks?.[0]?.block_id).toEqual(expect.any(String));

    await web.chat.update({ channel: "DU1", ts: posted.ts as string, text: "Approved" });
    const updated = local.store.message("DU1", posted.ts as string);
    expect(updated?.text).toBe("Approved");
    expect(updated?.versions.map((v) => v.text)).toEqual(["[RMA-1] needs approval", "Approved"]);
    expect(updated?.blocks).toHaveLength(1); // omitted blocks are kept, as in Slack
    expect(local.store.lastMessageTo("U1")?.text).toBe("second");

    await expect(
      web.chat.update({ channel: "DU1", ts: "1.000001", text: "x" }),
    ).rejects.toMatchObject({ data: { error: "message_not_found" } });
  });

  it("rejects DMs to users it does not know", async () => {
    await expect(web.chat.postMessage({ channel: "U404", text: "hi" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
  });

  it("stores ephemerals per user, deletes and builds permalinks", async () => {
    const eph = await web.chat.postEphemeral({ channel: "C1", user: "U2", text: "only bob" });
    expect(eph.message_ts).toBeTruthy();
    expect(local.store.ephemeralsFor("U2").map((e) => e.text)).toEqual(["only bob"]);
    expect(local.store.ephemeralsFor("U1")).toEqual([]);

    const msg = await web.chat.postMessage({ channel: "C1", text: "hello" });
    const link = await web.chat.getPermalink({ channel: "C1", message_ts: msg.ts as string });
    expect(link.permalink).toBe(
      `${local.baseUrl}/archives/C1/p${(msg.ts as string).replace(".", "")}`,
    );
    await web.chat.delete({ channel: "C1", ts: msg.ts as string });
    expect(local.store.messagesFor("C1")).toEqual([]);
  });

  it("serves users.info, users.list and conversations.open", async () => {
    const info = await web.users.info({ user: "U1" });
    expect(info.user).toMatchObject({
      id: "U1",
      name: "alice",
      real_name: "Alice Approver",
      tz: "Europe/Berlin",
      locale: "de-DE",
      profile: { real_name: "Alice Approver", display_name: "alice" },
    });
    await expect(web.users.info({ user: "U999" })).rejects.toMatchObject({
      data: { error: "user_not_found" },
    });
    expect((await web.users.list({})).members?.map((m) => m.id)).toEqual(["U1", "U2"]);
    expect((await web.conversations.open({ users: "U2" })).channel?.id).toBe("DU2");
  });

  it("injects a 429 that WebClient honours (Retry-After) and retries successfully", async () => {
    local.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const rateLimited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (secs: number) => rateLimited.push(secs));
    const started = Date.now();
    const res = await web.chat.postMessage({ channel: "U1", text: "after retry" });
    expect(res.ok).toBe(true);
    expect(rateLimited).toEqual([1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const attempts = local.store.calls.filter((c) => c.method === "chat.postMessage");
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(local.store.dmOf("U1")).toHaveLength(1);
  });

  it("injects an error for the next N calls only", async () => {
    local.failNext("users.info", { error: "ratelimited_custom" }, 2);
    await expect(web.users.info({ user: "U1" })).rejects.toMatchObject({
      data: { error: "ratelimited_custom" },
    });
    await expect(web.users.info({ user: "U1" })).rejects.toMatchObject({
      data: { error: "ratelimited_custom" },
    });
    expect((await web.users.info({ user: "U1" })).ok).toBe(true);
  });

  it("waitFor resolves with past and future calls and times out with context", async () => {
    await web.chat.postMessage({ channel: "U1", text: "past" });
    const past = await local.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.text === "past",
    );
    expect(past.response.ok).toBe(true);

    const future = local.waitFor(
      (c) => c.method === "chat.postMessage" && c.args.text === "future",
    );
    setTimeout(() => void web.chat.postMessage({ channel: "U2", text: "future" }), 20);
    expect((await future).args.channel).toBe("U2");

    await expect(local.waitFor((c) => c.method === "views.open", 50)).rejects.toThrow(
      /chat\.postMessage/,
    );
  });

  it("accepts JSON bodies too and emits call/message events", async () => {
    const seen: string[] = [];
    local.events.on("message", (m) => seen.push(m.text));
    const res = await fetch(`${local.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        authorization: "Bearer xoxb-local",
      },
      body: JSON.stringify({ channel: "C9", text: "json", blocks: [{ type: "divider" }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: "C9" });
    expect(seen).toEqual(["json"]);
    expect(local.store.calls.at(-1)?.args).not.toHaveProperty("token");
  });
});
