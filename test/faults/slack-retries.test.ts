// Slack retries a delivery it thinks went unanswered, with X-Slack-Retry-Num. A retry of
// one already handled does nothing again: no second request, decision, modal or App Home
// publish. A "retry" of one that never arrived (the first attempt was lost) is handled.

import { formValues, signedHeaders } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { captureBodies } from "../../harness/capture.ts";
import { eventually, openModal, settle, signingSecret, useBot } from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";
import { pendingApprovals } from "../support/pending.ts";

const bot = useBot();

/** Sends a captured body as Slack does: first as is, then again as retry `n`. */
async function deliver(body: string, retry?: number) {
  const type = body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded";
  const headers: Record<string, string> = {
    "content-type": type,
    ...signedHeaders(signingSecret, body),
  };
  if (retry)
    Object.assign(headers, {
      "x-slack-retry-num": String(retry),
      "x-slack-retry-reason": "http_timeout",
    });
  const res = await fetch(bot.eventsUrl, { method: "POST", headers, body });
  await res.text();
  await settle(bot);
  return res.status;
}

const capture = (interact: () => Promise<unknown>) =>
  captureBodies(bot.slack, bot.eventsUrl, [interact]).then(([b]) => b!);
/**
 * Until the request is synced and each of its messages shows what its sync wanted: the work a
 * click set off is over (under load it can outlast settle()'s quiet spell, e.g. a paced update).
 */
async function caughtUp(requestId: number): Promise<void> {
  const db = bot.world.database.prisma;
  await eventually(
    async () => {
      const [row] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT (SELECT count(*) FROM "Request" WHERE id = ${requestId} AND revision <> "syncedRevision")
           + (SELECT count(*) FROM "SlackMessage" WHERE "requestId" = ${requestId} AND failure IS NULL AND (ts IS NULL OR revision < "wantedRevision")) AS n`;
      return Number(row!.n) === 0 || undefined;
    },
    `request #${requestId} caught up`,
    60_000,
  );
  await settle(bot);
}

const callsOf = (method: string) => bot.slack.store.calls.filter((c) => c.method === method).length;

describe("Slack retries", () => {
  it("a retried form submission files one request", async () => {
    const view = await openModal(bot, "USR0001", "/return");
    const body = await capture(() =>
      bot.slack.submitView({
        userId: "USR0001",
        viewId: view.id,
        values: formValues(view, returnFormValues({ order_no: "SO-RETRY-1" })),
      }),
    );
    const db = bot.world.database.prisma;
    const before = await db.request.count();
    expect(await deliver(body)).toBe(200);
    expect(await deliver(body, 1)).toBe(200);
    expect(await deliver(body, 2)).toBe(200);
    expect(await db.request.count()).toBe(before + 1);
    expect(
      await db.request.count({ where: { form: { path: ["order_no"], equals: "SO-RETRY-1" } } }),
    ).toBe(1);
  });

  it("a retried click decides once and answers once", async () => {
    const [p] = await pendingApprovals(bot, 1);
    const body = await capture(() =>
      bot.slack.clickButton({
        userId: p!.userId,
        actionId: ids.action.approve,
        message: p!.message,
      }),
    );
    const ephemerals = bot.slack.store.ephemeralsFor("USA0001").length;
    expect(await deliver(body)).toBe(200);
    await caughtUp(p!.requestId);
    const calls = bot.slack.store.calls.length;
    expect(await deliver(body, 1)).toBe(200);
    // Without the guard the retry would be answered "already handled" (one more Slack call).
    expect(bot.slack.store.calls.slice(calls)).toEqual([]);
    expect(bot.slack.store.ephemeralsFor("USA0001")).toHaveLength(ephemerals);
    const approvals = await bot.world.database.prisma.auditEntry.count({
      where: { requestId: p!.requestId, action: "APPROVE" },
    });
    expect(approvals).toBe(1);
  });

  it("a retried slash command opens one modal, a retried event publishes the App Home once", async () => {
    const command = await capture(() =>
      bot.slack.slashCommand({ userId: "USR0002", command: "/approval", text: "new return" }),
    );
    const opens = callsOf("views.open");
    await deliver(command);
    await deliver(command, 1);
    expect(callsOf("views.open")).toBe(opens + 1);

    const event = await capture(() => bot.slack.openHome({ userId: "USR0002" }));
    const publishes = callsOf("views.publish");
    await deliver(event);
    await deliver(event, 1);
    await deliver(event, 2);
    expect(callsOf("views.publish")).toBe(publishes + 1);
  });

  it("a retry of a delivery whose first attempt never arrived is handled", async () => {
    const command = await capture(() =>
      bot.slack.slashCommand({ userId: "USR0003", command: "/approval", text: "new return" }),
    );
    const opens = callsOf("views.open");
    expect(await deliver(command, 1)).toBe(200);
    expect(callsOf("views.open")).toBe(opens + 1);
  });
});
