// Requests to /slack/events that Slack did not sign (or signed too long ago) are refused
// with 401 before any listener runs: nothing is stored, nothing is sent.

import {
  formValues,
  signedHeaders,
  slackSignature,
  slashCommandFields,
  viewPayload,
} from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import {
  actionMessage,
  auditTrail,
  fileRequest,
  latestRequestId,
  openModal,
  requestStatus,
  settle,
  signingSecret,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const form = "application/x-www-form-urlencoded";
const post = (body: string, headers: Record<string, string>) =>
  fetch(bot.eventsUrl, { method: "POST", headers: { "content-type": form, ...headers }, body });
const sixMinutesAgo = () => Date.now() - 6 * 60 * 1000;

describe("request signatures", () => {
  it("refuses a forged, stale, tampered or unsigned slash command, then accepts the genuine one", async () => {
    await fileRequest(
      bot,
      "USR0001",
      "return",
      returnFormValues({ order_no: "SO-1", amount: "100" }),
    );
    const id = await latestRequestId(bot);
    await actionMessage(bot, id, "USA0001");
    await settle(bot);

    const ctx = { store: bot.slack.store, baseUrl: bot.slack.baseUrl };
    const body = new URLSearchParams(
      slashCommandFields(ctx, {
        userId: "USR0001",
        command: "/approval",
        text: `withdraw ${id}`,
        channelId: "DUSR0001",
      }),
    ).toString();
    const calls = bot.slack.store.calls.length;
    const ts = Math.floor(Date.now() / 1000);
    const attempts: [string, Record<string, string>, string][] = [
      ["wrong secret", signedHeaders("not-the-signing-secret", body), body],
      ["older than 5 minutes", signedHeaders(signingSecret, body, sixMinutesAgo()), body],
      [
        "signature of another body",
        {
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": slackSignature(signingSecret, ts, body),
        },
        body.replace("withdraw", "status"),
      ],
      ["no signature", {}, body],
    ];
    for (const [what, headers, sent] of attempts) {
      const res = await post(sent, headers);
      expect(res.status, what).toBe(401);
    }
    await settle(bot, 100);
    expect(await requestStatus(bot, id)).toBe("PENDING");
    expect(await auditTrail(bot, id)).toEqual(["SUBMIT:USR0001"]);
    expect(bot.slack.store.calls.slice(calls)).toEqual([]);
    expect(bot.slack.store.ephemeralsFor("USR0001")).toEqual([]);

    // The same body, properly signed, does withdraw: the refusals were about the signature only.
    const res = await post(body, signedHeaders(signingSecret, body));
    expect(res.status).toBe(200);
    await waitForStatus(bot, id, "WITHDRAWN");
    await settle(bot);
  });

  it("refuses a forged modal submission: no request is created", async () => {
    const view = await openModal(bot, "USR0002", "/return");
    const values = formValues(
      view,
      returnFormValues({ customer: { option: "C1002" }, order_no: "SO-2", amount: "200" }),
    );
    const payload = viewPayload(
      { store: bot.slack.store, baseUrl: bot.slack.baseUrl },
      "view_submission",
      "USR0002",
      { ...view, state: { values } },
    );
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    await settle(bot);
    const requests = await bot.world.database.prisma.request.count();
    const calls = bot.slack.store.calls.length;

    expect((await post(body, signedHeaders("not-the-signing-secret", body))).status).toBe(401);
    expect((await post(body, signedHeaders(signingSecret, body, sixMinutesAgo()))).status).toBe(
      401,
    );
    await settle(bot, 100);
    expect(await bot.world.database.prisma.request.count()).toBe(requests);
    expect(bot.slack.store.calls.slice(calls)).toEqual([]);

    const ok = await post(body, signedHeaders(signingSecret, body));
    expect(ok.status).toBe(200);
    expect(await bot.world.database.prisma.request.count()).toBe(requests + 1);
  });
});
