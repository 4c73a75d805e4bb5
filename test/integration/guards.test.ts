// What every delivery passes (handlers/guards.ts): someone outside the org file is answered
// politely and nothing is read or stored; a payload no listener knows is answered within
// Slack's 3 s; a replayed signed request does nothing twice, even while Redis is down.

import { formValues, signedHeaders } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { captureBodies } from "../../harness/capture.ts";
import {
  actionMessage,
  clickForModal,
  eventually,
  fileVia,
  nextEphemeral,
  openModal,
  settle,
  signingSecret,
  slackAckLimitMs,
  startBot,
  useBot,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot({ settings: { admins: ["USO0001"] } });
const db = () => bot.world.database.prisma;

/** Sends a body as Slack would (signed now); answers status and time taken. */
async function send(body: string): Promise<{ status: number; ms: number; text: string }> {
  const type = body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded";
  const start = performance.now();
  const res = await fetch(bot.eventsUrl, {
    method: "POST",
    headers: { "content-type": type, ...signedHeaders(signingSecret, body) },
    body,
  });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - start, text };
}

const interaction = (payload: object) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;
const capture = (interact: () => Promise<unknown>) =>
  captureBodies(bot.slack, bot.eventsUrl, [interact]).then(([b]) => b!);

describe("someone outside the org file", () => {
  it("is answered politely, with whom to ask, in their Slack's language, for a command, a click, an option search and a submission, and nothing is stored", async () => {
    bot.slack.store.addUser({ id: "UOUT0001", name: "visitor", locale: "en-US" });
    const { id } = await fileVia(
      bot,
      "USR0001",
      "/return",
      returnFormValues({ order_no: "SO-OUT-1" }),
    );
    const dm = await actionMessage(bot, id, "USA0001");
    await settle(bot);
    const before = {
      requests: await db().request.count(),
      audit: await db().auditEntry.count(),
      messages: await db().slackMessage.count(),
    };

    let seen = bot.slack.store.ephemeralsFor("UOUT0001").length;
    expect(
      (await bot.slack.slashCommand({ userId: "UOUT0001", command: "/approval", text: "list" }))
        .status,
    ).toBe(200);
    expect((await nextEphemeral(bot, "UOUT0001", seen)).text).toBe(
      "You are not in this company's approval directory yet, so you cannot use the bot. Please ask an admin (<@USO0001>) to add you.",
    );

    // A forged click on someone's assignment.
    seen = bot.slack.store.ephemeralsFor("UOUT0001").length;
    await bot.slack.clickButton({
      userId: "UOUT0001",
      actionId: ids.action.approve,
      message: { channel: dm.channel, ts: dm.ts },
    });
    expect((await nextEphemeral(bot, "UOUT0001", seen)).text).toContain(
      "not in this company's approval directory",
    );

    // A customer search and a form submission, forged from someone's modal.
    const modal = await openModal(bot, "USR0002", "/return");
    const search = await bot.slack.suggestOptions({
      userId: "UOUT0001",
      actionId: "customer",
      value: "华纺",
      viewId: modal.id,
    });
    expect(search.json).toEqual({ options: [] });
    const submitted = await bot.slack.submitView({
      userId: "UOUT0001",
      viewId: modal.id,
      values: formValues(modal, returnFormValues({ order_no: "SO-OUT-2" })),
    });
    expect(submitted.json?.response_action).toBe("errors");
    expect(JSON.stringify(submitted.json)).toContain("not in this company's approval directory");

    await settle(bot);
    expect({
      requests: await db().request.count(),
      audit: await db().auditEntry.count(),
      messages: await db().slackMessage.count(),
    }).toEqual(before);
  });
});

describe("a payload no listener knows", () => {
  it("an unknown action, callback_id and shortcut are each answered within 3 s, the person told", async () => {
    const dm = await actionMessage(
      bot,
      (await db().request.findFirstOrThrow({ orderBy: { id: "desc" } })).id,
      "USA0001",
    ).catch(() => undefined);
    const user = { id: "USR0001", username: "zw", name: "zw", team_id: "T0LOCAL" };
    const click = await capture(() =>
      bot.slack.clickButton({
        userId: "USR0001",
        actionId: ids.action.approve,
        message: { channel: dm!.channel, ts: dm!.ts },
      }),
    );
    const unknownAction = click.replace(
      encodeURIComponent(`"action_id":"${ids.action.approve}"`),
      encodeURIComponent('"action_id":"old.button"'),
    );
    const shortcut = interaction({
      type: "shortcut",
      callback_id: "retired_shortcut",
      trigger_id: "1.2.3",
      user,
      team: { id: "T0LOCAL" },
      token: "x",
    });
    const view = interaction({
      type: "view_submission",
      user,
      team: { id: "T0LOCAL" },
      view: {
        id: "V9",
        callback_id: "retired_form",
        type: "modal",
        blocks: [],
        state: { values: {} },
        private_metadata: "",
      },
    });
    for (const body of [unknownAction, shortcut, view]) {
      const res = await send(body);
      expect(res.status, body.slice(0, 80)).toBe(200);
      expect(res.ms).toBeLessThan(slackAckLimitMs);
    }
    // The click had a response_url: the person is told the button no longer works.
    await eventually(
      () => bot.slack.store.ephemeralsFor("USR0001").find((e) => e.text.includes("已经失效")),
      "the explanation",
    );
  });
});

describe("replays", () => {
  it("a signed form submission replayed within five minutes files one request", async () => {
    const view = await openModal(bot, "USR0003", "/return");
    const body = await capture(() =>
      bot.slack.submitView({
        userId: "USR0003",
        viewId: view.id,
        values: formValues(view, returnFormValues({ order_no: "SO-REPLAY-1" })),
      }),
    );
    for (let i = 0; i < 3; i++) expect((await send(body)).status).toBe(200);
    await settle(bot);
    expect(
      await db().request.count({ where: { form: { path: ["order_no"], equals: "SO-REPLAY-1" } } }),
    ).toBe(1);
  });

  it("a replayed 抄送 sends the copies once", async () => {
    const { id } = await fileVia(
      bot,
      "USR0004",
      "/return",
      returnFormValues({ order_no: "SO-REPLAY-2" }),
    );
    const modal = await clickForModal(
      bot,
      "USA0001",
      await actionMessage(bot, id, "USA0001"),
      ids.action.cc,
    );
    const body = await capture(() =>
      bot.slack.submitView({
        userId: "USA0001",
        viewId: modal.id,
        values: formValues(modal, { people: { users: ["UFI0001"] } }),
      }),
    );
    for (let i = 0; i < 3; i++) expect((await send(body)).status).toBe(200);
    await settle(bot);
    expect(
      await db().assignment.count({
        where: { requestId: id, kind: "NOTIFY", assigneeId: "UFI0001" },
      }),
    ).toBe(1);
    expect(await db().auditEntry.count({ where: { requestId: id, action: "CC" } })).toBe(1);
  });

  // Slack never waits for Redis: a replay then reaches the listener, where a form is filed once
  // per view in the database (test/engine/idempotency.test.ts covers that guard on its own).
  it("while Redis is down, a replayed submission is answered at once and files one request", async () => {
    const view = await openModal(bot, "USR0003", "/return");
    const body = await capture(() =>
      bot.slack.submitView({
        userId: "USR0003",
        viewId: view.id,
        values: formValues(view, returnFormValues({ order_no: "SO-REPLAY-3" })),
      }),
    );
    // Redis gone as far as the bot can tell (the connection's own state): nothing waits for it.
    const connection = bot.redis.connection as unknown as { status: string };
    const real = Object.getOwnPropertyDescriptor(connection, "status")!;
    Object.defineProperty(connection, "status", {
      value: "reconnecting",
      configurable: true,
      writable: true,
    });
    try {
      for (let i = 0; i < 2; i++) {
        const res = await send(body);
        expect(res.status).toBe(200);
        expect(res.ms).toBeLessThan(slackAckLimitMs);
      }
    } finally {
      Object.defineProperty(connection, "status", real);
    }
    await settle(bot);
    expect(
      await db().request.count({ where: { form: { path: ["order_no"], equals: "SO-REPLAY-3" } } }),
    ).toBe(1);
  });
});

// The 3 s are Slack's, not Redis's: a click's ack carries nothing, so it leaves before the
// replay record is asked (handlers/early-ack.ts); the decision itself waits for the answer.
describe("a click while Redis is slow to answer", () => {
  it("is answered at once, decided when Redis says it is new, and its replay does nothing", async () => {
    const slow = await startBot({ replayCheckMs: 20_000 });
    const { deliveries } = slow.background;
    const firstTime = deliveries.firstTime;
    try {
      const { id } = await fileVia(
        slow,
        "USR0001",
        "/return",
        returnFormValues({ order_no: "SO-SLOW-1" }),
      );
      const dm = await actionMessage(slow, id, "USA0001");
      await settle(slow);
      const [body] = await captureBodies(slow.slack, slow.eventsUrl, [
        () =>
          slow.slack.clickButton({
            userId: "USA0001",
            actionId: ids.action.approve,
            message: { channel: dm.channel, ts: dm.ts },
          }),
      ]);
      let answer: (first: boolean) => void = () => undefined;
      const asked = new Promise<void>((asking) => {
        deliveries.firstTime = (key) => {
          asking();
          return new Promise<boolean>((r) => (answer = r)).then((first) => first && firstTime(key));
        };
      });
      const approved = () =>
        slow.world.database.prisma.assignment.count({
          where: { requestId: id, assigneeId: "USA0001", status: "APPROVED" },
        });
      const start = performance.now();
      const res = await fetch(slow.eventsUrl, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...signedHeaders(signingSecret, body!),
        },
        body,
      });
      expect(res.status).toBe(200);
      expect(performance.now() - start).toBeLessThan(slackAckLimitMs);
      await asked;
      expect(await approved()).toBe(0);
      answer(true);
      await eventually(async () => ((await approved()) === 1 ? true : undefined), "the approval");
      // The same signed body again, as a replay: acked, and nothing more happens.
      deliveries.firstTime = firstTime;
      const again = await fetch(slow.eventsUrl, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...signedHeaders(signingSecret, body!),
        },
        body,
      });
      expect(again.status).toBe(200);
      await settle(slow);
      expect(await approved()).toBe(1);
      expect(
        await slow.world.database.prisma.auditEntry.count({
          where: { requestId: id, action: "APPROVE" },
        }),
      ).toBe(1);
    } finally {
      deliveries.firstTime = firstTime;
      await slow.close();
    }
  });
});
