// Whatever arrives at /slack/events gets a clear answer and breaks nothing: random,
// truncated, oversized and wrongly typed bodies; and modal values with emoji, RTL text,
// 10,000 characters, NUL, SQL and mrkdwn injection are stored exactly or refused on their
// field, and never turn into a mention or a disguised link in the approvers' messages.

import { type Block, formValues, signedHeaders } from "@approvals/slack-local";
import { toHTML } from "slack-markdown";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { captureBodies } from "../../harness/capture.ts";
import { t } from "../../src/i18n/index.ts";
import {
  actionMessage,
  clickForModal,
  messagesOf,
  openModal,
  settle,
  signingSecret,
  useBot,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";
import { pendingApprovals } from "../support/pending.ts";

const bot = useBot();

const form = "application/x-www-form-urlencoded";
async function post(body: string, opts: { type?: string; signed?: boolean } = {}) {
  const headers = {
    "content-type": opts.type ?? form,
    ...(opts.signed === false ? {} : signedHeaders(signingSecret, body)),
  };
  // A fresh connection each: a refused upload may leave its connection unusable.
  const res = await fetch(bot.eventsUrl, {
    method: "POST",
    headers: { ...headers, connection: "close" },
    body,
  });
  await res.text();
  return res.status;
}
const payload = (p: unknown) => `payload=${encodeURIComponent(JSON.stringify(p))}`;
/** Bytes of every value (as a latin1 string: signed and sent as its UTF-8 encoding). */
const random = (n: number) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + 13) % 256)).toString("latin1");

/** Rows that must not change, however bad the input. */
async function stored() {
  const db = bot.world.database.prisma;
  return {
    requests: await db.request.count(),
    audit: await db.auditEntry.count(),
    assignments: await db.assignment.count(),
  };
}

describe("bad bodies to /slack/events", () => {
  it("are refused or answered, store nothing, and leave the bot working", async () => {
    const [p] = await pendingApprovals(bot, 1);
    const [click] = await captureBodies(bot.slack, bot.eventsUrl, [
      () =>
        bot.slack.clickButton({
          userId: p!.userId,
          actionId: ids.action.approve,
          message: p!.message,
        }),
    ]);
    const real = JSON.parse(new URLSearchParams(click).get("payload")!) as {
      actions: Record<string, unknown>[];
    };
    const withValue = (value: unknown) =>
      payload({ ...real, actions: [{ ...real.actions[0], value }] });
    await settle(bot);
    const before = await stored();
    const ephemerals = bot.slack.store.ephemeralsFor("USA0001").length;

    const cases: [string, () => Promise<number>, number][] = [
      [
        "random bytes, unsigned",
        () => post(random(2000), { type: "application/octet-stream", signed: false }),
        401,
      ],
      [
        "random bytes, signed, as JSON",
        () => post(random(2000), { type: "application/json" }),
        400,
      ],
      ["truncated payload", () => post(payload(real).slice(0, 200)), 400],
      ["1 MB, unsigned", () => post(`payload=${"x".repeat(1_000_000)}`, { signed: false }), 401],
      [
        "5 MB, signed (over Bolt's 4 MB limit)",
        () => post(`payload=${"x".repeat(5_000_000)}`),
        413,
      ],
      [
        "a view that is null",
        () => post(payload({ type: "view_submission", user: { id: "USR0001" }, view: null })),
        400,
      ],
      [
        "an event that is a string",
        () =>
          post(JSON.stringify({ type: "event_callback", event: "x" }), {
            type: "application/json",
          }),
        400,
      ],
      [
        "an event with a numeric user",
        () =>
          post(
            JSON.stringify({
              type: "event_callback",
              team_id: "T0LOCAL",
              event_id: "Ev0BAD",
              event: { type: "app_home_opened", user: 5, tab: "home" },
            }),
            { type: "application/json" },
          ),
        200,
      ],
      // Signed clicks of the right shape with a bad button value: acked, then told it failed.
      ["a button value that is not an id", () => post(withValue("abc")), 200],
      ["a button value that is a number", () => post(withValue(12)), 200],
      ["a 1 MB button value", () => post(withValue("9".repeat(1_000_000))), 200],
    ];
    const answers: string[] = [];
    for (const [what, send, status] of cases) {
      const start = Date.now();
      expect(await send(), what).toBe(status);
      expect(Date.now() - start, `${what}: answered within Slack's 3 s`).toBeLessThan(3000);
      answers.push(what);
    }
    await settle(bot);
    expect(answers).toHaveLength(cases.length);
    // The three bad clicks were each told (no such request, or it failed), in the person's language.
    const told = bot.slack.store
      .ephemeralsFor("USA0001")
      .slice(ephemerals)
      .map((e) => e.text);
    expect(told).toHaveLength(3);
    // A value that is not an id finds nothing: "not found", never the generic failure.
    expect([told[0], told[2]]).toEqual([
      t("zh-CN", "error.not_found"),
      t("zh-CN", "error.not_found"),
    ]);
    expect(told).not.toContain(t("zh-CN", "error.failed"));
    expect(await stored()).toEqual(before);

    // Still working: the real click decides.
    expect(await post(click!)).toBe(200);
    await settle(bot);
    expect((await stored()).audit).toBe(before.audit + 1);
    const health = await fetch(bot.eventsUrl.replace("/slack/events", "/healthz"));
    expect(health.status).toBe(200);
  });
});

// What people type: emoji, right-to-left text (with an override character), SQL, mrkdwn.
const injected = {
  order_no: 'SO-🚚-\'; DROP TABLE "Request"; --',
  items: "👍🏽 胶辊 × 2 🇨🇳\nמוצר עברי \u202Eabc\u202C مرحبا بالعالم",
  reason:
    "<!channel> <!here> <!everyone> <@USD0001> <#C0GENERAL> <!subteam^S123|销售部> <https://evil.example/login|点此确认> https://evil.example/bare *urgent* `code` &amp; & < >",
};

/** Every mrkdwn text of a message rendered as Slack would: the mentions and links it shows. */
function rendered(blocks: Block[] | undefined) {
  const texts: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.type === "mrkdwn" && typeof o.text === "string") texts.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  const found = {
    users: [] as string[],
    special: [] as string[],
    links: [] as { href: string; label: string }[],
  };
  for (const text of texts) {
    const html = toHTML(text, {
      slackCallbacks: {
        user: ({ id }) => {
          found.users.push(id);
          return `@${id}`;
        },
        channel: ({ id }) => {
          found.special.push(`#${id}`);
          return `#${id}`;
        },
        usergroup: ({ id }) => {
          found.special.push(`subteam ${id}`);
          return id;
        },
        atHere: () => {
          found.special.push("@here");
          return "@here";
        },
        atChannel: () => {
          found.special.push("@channel");
          return "@channel";
        },
        atEveryone: () => {
          found.special.push("@everyone");
          return "@everyone";
        },
      },
    });
    for (const m of html.matchAll(/<a href="([^"]*)"[^>]*>(.*?)<\/a>/g))
      found.links.push({ href: m[1]!, label: m[2]! });
  }
  return found;
}

describe("modal values", () => {
  it("are refused on their field when too long or not a number, and nothing is stored", async () => {
    const view = await openModal(bot, "USR0002", "/return");
    const before = await stored();
    const res = await bot.slack.submitView({
      userId: "USR0002",
      viewId: view.id,
      values: formValues(
        view,
        returnFormValues({
          order_no: "长".repeat(10_000),
          reason: "x".repeat(10_000),
          amount: "1e400",
        }),
      ),
    });
    expect(res.status).toBe(200);
    expect(res.json?.response_action).toBe("errors");
    const errors = res.json?.errors as Record<string, string>;
    expect(Object.keys(errors).sort()).toEqual(["amount", "order_no", "reason"]);
    expect(errors.order_no).toBe(t("zh-CN", "field.error.too_long", { max: 64 }));
    expect(await stored()).toEqual(before);
  });

  it("a NUL character (which PostgreSQL cannot store) is dropped and the request filed", async () => {
    const view = await openModal(bot, "USR0003", "/return");
    const res = await bot.slack.submitView({
      userId: "USR0003",
      viewId: view.id,
      values: formValues(view, returnFormValues({ items: "A-100\u0000B" })),
    });
    expect(res.status).toBe(200);
    expect(res.json?.response_action).toBeUndefined();
    expect(
      (
        (await bot.world.database.prisma.request.findFirstOrThrow({ orderBy: { id: "desc" } }))
          .form as Record<string, unknown>
      ).items,
    ).toBe("A-100B");
  });

  it("are stored exactly as typed, and injected mrkdwn never becomes a mention or a disguised link", async () => {
    const file = async (values: Record<string, string>) => {
      const view = await openModal(bot, "USR0001", "/return");
      const res = await bot.slack.submitView({
        userId: "USR0001",
        viewId: view.id,
        values: formValues(
          view,
          returnFormValues({ ...values, evidence: "https://files.example.com/质检报告.pdf" }),
        ),
      });
      expect(res.status).toBe(200);
      expect(res.json?.response_action).toBeUndefined();
      const request = await bot.world.database.prisma.request.findFirstOrThrow({
        orderBy: { id: "desc" },
      });
      await actionMessage(bot, request.id, "USA0001");
      await settle(bot);
      return request;
    };
    // The same request with harmless words: what the bot itself mentions and links.
    const control = await file({
      order_no: "SO-CONTROL",
      items: "A-100 胶辊 × 2",
      reason: "运输破损",
    });
    const request = await file(injected);
    const form = request.form as Record<string, unknown>;
    for (const [key, value] of Object.entries(injected)) expect(form[key], key).toBe(value);
    expect(await bot.world.database.prisma.request.count()).toBeGreaterThan(1); // the table survived the SQL

    const byKind = async (id: number) =>
      new Map((await messagesOf(bot, id)).map((m) => [m.key.replace(/:\d+$/, ""), m]));
    const [expected, actual] = [await byKind(control.id), await byKind(request.id)];
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [kind, m] of actual) {
      const shown = rendered(m.blocks);
      const normal = rendered(expected.get(kind)!.blocks);
      // The bot's own mentions (requester, people on the path), none of the typed ones.
      expect(shown.users.sort(), kind).toEqual(normal.users.sort());
      expect(shown.special, kind).toEqual([]);
      // Links show their own address: a typed <url|label> stays text, and so does a bare URL.
      expect(
        shown.links.filter((l) => l.label !== l.href),
        kind,
      ).toEqual(normal.links.filter((l) => l.label !== l.href));
      expect(
        shown.links.filter((l) => l.href.includes("evil.example")),
        kind,
      ).toEqual([]);
      // The text people typed is there to read.
      expect(JSON.stringify(m.blocks), kind).toContain("👍🏽 胶辊");
    }
  });
});

describe("decision texts", () => {
  it("a forged 10,000-character reject reason (past the modal's max_length) is refused on its field; nothing is stored or sent", async () => {
    const [p] = await pendingApprovals(bot, 1);
    const message = bot.slack.store.message(p!.message.channel, p!.message.ts)!;
    const view = await clickForModal(
      bot,
      p!.userId,
      { ...message, channel: p!.message.channel, ts: p!.message.ts },
      ids.action.reject,
    );
    await settle(bot);
    const before = {
      ...(await stored()),
      messages: bot.slack.store.calls.filter((c) => c.method.startsWith("chat.")).length,
    };
    // Slack's client stops at max_length; a forged submission does not.
    const res = await bot.slack.submitView({
      userId: p!.userId,
      viewId: view.id,
      values: formValues(view, { reason: "驳".repeat(10_000) }),
    });
    expect(res.json).toEqual({
      response_action: "errors",
      errors: { reason: t("zh-CN", "field.error.too_long", { max: 1000 }) },
    });
    await settle(bot);
    expect({
      ...(await stored()),
      messages: bot.slack.store.calls.filter((c) => c.method.startsWith("chat.")).length,
    }).toEqual(before);
    expect(
      (await bot.world.database.prisma.request.findUniqueOrThrow({ where: { id: p!.requestId } }))
        .status,
    ).toBe("PENDING");
  });
});
