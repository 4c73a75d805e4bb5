import { randomBytes } from "node:crypto";
// The real Bolt app over HTTP, against the local Slack stand-in and a fresh database.
import { createServer } from "node:net";
import {
  type Block,
  formValues,
  type LocalSlack,
  type SimpleValue,
  type StoredEphemeral,
  type StoredMessage,
  type StoredView,
  startLocalSlack,
} from "@approvals/slack-local";
import { pino } from "pino";
import { afterAll, beforeAll, expect } from "vitest";
import { createSlackApp, type SlackApp } from "../../handlers/app.ts";
import { ids } from "../../handlers/ids.ts";
import { type Background, createBackground } from "../../jobs/background.ts";
import type { WebhookRetry } from "../../jobs/scheduler.ts";
import { type Settings, settingsSchema } from "../../src/config/settings.ts";
import type { ProcessDef } from "../../src/definitions/schema.ts";
import { type RedisHandle, startRedis } from "../../src/infra/redis.ts";
import { toSlackLocale } from "../../src/people/slack-locale.ts";
import { createServices, type Services } from "../../src/services.ts";
import { createWorld, type World } from "./world.ts";

export const signingSecret = "test-signing-secret";

export interface Bot {
  world: World;
  services: Services;
  slack: LocalSlack;
  app: SlackApp;
  background: Background;
  redis: RedisHandle;
  /** The Redis key prefix of this bot's queues (unique per bot). */
  prefix: string;
  eventsUrl: string;
  /** How long the bot took to answer every slash command, click and submission sent through `slack`. */
  timings: Timing[];
  close(): Promise<void>;
}

export type InteractionKind = "slash_command" | "block_actions" | "view_submission";

export interface Timing {
  kind: InteractionKind;
  what: string;
  status: number;
  ms: number;
}

export interface BotOptions {
  /** Test-only process definitions added to the shipped ones. */
  extra?: ProcessDef[];
  /** config/settings.yaml content (defaults: the schema's). */
  settings?: unknown;
  secrets?: Record<string, string>;
  webhookRetry?: WebhookRetry;
  /** Start the BullMQ workers in this process (default true). */
  workers?: boolean;
  /** An already built world (another org or database) instead of a fresh one; `extra` is then ignored. */
  world?: World;
  /**
   * Scales Slack's rate limits for this bot: the local Slack's (its `rateScale`, Slack's own by
   * default) and the budgets the bot paces itself to. Only for a test that makes more calls a
   * minute than any real workspace allows (a load or scale test), with a comment saying why;
   * never to hide a bot that calls Slack too often.
   */
  slackRateScale?: number;
  /** The bot's HTTP timeout per Slack call (default 10 s), shortened by tests of a hung Slack. */
  slackTimeoutMs?: number;
  /** How often the schedule keeper compares Redis with PostgreSQL (default three minutes). */
  scheduleCheckMs?: number;
  /** How long a delivery waits for Redis's replay record (the bot's default 100 ms). */
  replayCheckMs?: number;
}

/** Round-the-clock calendar: second-scale SLAs fire on time whenever the tests run. */
export const alwaysWorking = {
  working_hours: { start: "00:00", end: "24:00" },
  weekdays: [1, 2, 3, 4, 5, 6, 7],
};

/**
 * This file's bot, started before its tests and closed after. The returned object forwards
 * to the running bot, so tests write `bot.slack…` as with one they started themselves.
 */
export function useBot(opts: BotOptions = {}): Bot {
  let running: Bot | undefined;
  beforeAll(async () => {
    running = await startBot(opts);
  });
  afterAll(async () => running?.close());
  return new Proxy({} as Bot, {
    get(_, key) {
      if (!running) throw new Error("the bot is not started yet (use it inside a test or hook)");
      return Reflect.get(running, key);
    },
  });
}

export async function startBot(opts: BotOptions = {}): Promise<Bot> {
  const world = opts.world ?? (await createWorld({ extra: opts.extra }));
  const settings: Settings = settingsSchema.parse(opts.settings ?? {});
  const services = createServices({
    db: world.database.prisma,
    decisionsDb: world.database.decisions,
    directory: world.directory,
    catalog: world.catalog,
    settings,
  });
  // Each person's Slack is in their org-file language, else the company's; a test may change one (slack.store.addUser).
  const users = world.directory.org.people.map((p) => ({
    id: p.id,
    name: p.name,
    locale: toSlackLocale(p.locale ?? world.directory.defaultLocale),
  }));
  const slack = await startLocalSlack({ signingSecret, users, rateScale: opts.slackRateScale });
  const port = await freePort();
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const redis = await startRedis(process.env.REDIS_URL);
  const prefix = `t${randomBytes(4).toString("hex")}`;
  const background = createBackground({
    services,
    slack: {
      token: slack.botToken,
      apiUrl: slack.apiUrl,
      timeoutMs: opts.slackTimeoutMs,
      options: { retryConfig: { retries: 3, factor: 1, minTimeout: 50, maxTimeout: 200 } },
    },
    redis: redis.connection,
    logger,
    secrets: opts.secrets ?? {},
    prefix,
    webhookRetry: opts.webhookRetry,
    // Retries come quickly here, so a test of "Slack fails, then recovers" does not wait minutes.
    workers: { slackRateScale: opts.slackRateScale ?? 1, backoff: { firstMs: 100, maxMs: 2000 } },
  });
  // No daily-digest tick: it would DM the test org at whatever time the tests run.
  if (opts.workers !== false)
    await background.startWorkers({ digestTick: false, checkEveryMs: opts.scheduleCheckMs });
  const app = createSlackApp(
    services,
    logger,
    {
      token: slack.botToken,
      signingSecret,
      apiUrl: slack.apiUrl,
      port,
      replayCheckMs: opts.replayCheckMs,
    },
    background,
  );
  await app.start();
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  slack.setEventsUrl(eventsUrl);
  const timings = timeInteractions(slack);
  return {
    world,
    services,
    slack,
    app,
    background,
    redis,
    prefix,
    eventsUrl,
    timings,
    close: async () => {
      // Listeners keep working after their ack (engine, Slack messages); closing the database
      // under them can strand a transaction and hang pool.end().
      await app.stop();
      await background.close();
      await dropQueues(redis, prefix);
      await redis.close();
      await slack.close();
      await world.close();
      // The bot may log a failed post and carry on; a test must not pass because of that.
      const refused = refusedContent(slack);
      if (refused.length > 0)
        throw new Error(`Slack refused what the bot sent:\n${refused.join("\n")}`);
    },
  };
}

/** Errors Slack gives for content it will not show: the bot sent something Slack refuses. */
const CONTENT_ERRORS = new Set([
  "invalid_blocks",
  "invalid_arguments",
  "msg_too_long",
  "msg_blocks_too_long",
]);

/** Every Web API call and interaction answer the local Slack refused for its content, with Slack's reasons. */
function refusedContent(slack: LocalSlack): string[] {
  const calls = slack.store.calls
    .filter((c) => CONTENT_ERRORS.has(String(c.response.error)))
    .map(
      (c) =>
        `${c.method}: ${String(c.response.error)} ${JSON.stringify((c.response.response_metadata as { messages?: string[] } | undefined)?.messages ?? [])}`,
    );
  const answers = slack.store.refusals.map(
    (r) => `${r.source} (${r.about ?? ""}): ${r.error} ${JSON.stringify(r.messages)}`,
  );
  return [...calls, ...answers];
}

/** Wraps the interaction client so every HTTP round trip to the bot is measured (Slack gives up after 3 s). */
function timeInteractions(slack: LocalSlack): Timing[] {
  const timings: Timing[] = [];
  const timed = async <T extends { status: number }>(
    kind: InteractionKind,
    what: string,
    call: () => Promise<T>,
  ): Promise<T> => {
    const start = performance.now();
    const res = await call();
    timings.push({ kind, what, status: res.status, ms: performance.now() - start });
    return res;
  };
  const { slashCommand, clickButton, submitView } = slack;
  slack.slashCommand = (p) =>
    timed("slash_command", `${p.command} ${p.text ?? ""}`.trim(), () => slashCommand(p));
  slack.clickButton = (p) =>
    timed("block_actions", `${p.actionId} by ${p.userId}`, () => clickButton(p));
  slack.submitView = (p) =>
    timed(
      "view_submission",
      `${slack.store.view(p.viewId)?.callback_id ?? p.viewId} by ${p.userId}`,
      () => submitView(p),
    );
  return timings;
}

/** Removes this bot's keys from a shared Redis. */
async function dropQueues(redis: RedisHandle, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.connection.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    if (keys.length > 0) await redis.connection.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Waits until `check` returns something (the bot works after its ack); generous, as a loaded CI machine is slow. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what = "condition",
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Files a request the way a person does: the command opens the modal, they submit it. */
export async function fileRequest(
  bot: Bot,
  userId: string,
  processKey: string,
  values: Record<string, SimpleValue>,
) {
  const before = openBefore(bot, userId);
  const res = await bot.slack.slashCommand({
    userId,
    command: "/approval",
    text: `new ${processKey}`,
  });
  if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
  const view = await openedModal(bot, userId, before, "the request modal");
  const answer = await bot.slack.submitView({
    userId,
    viewId: view.id,
    values: formValues(view, values),
  });
  return { view, answer };
}

/** The message in a person's DM that carries buttons for `actionId`, newest first. */
export function messageWithAction(
  bot: Bot,
  userId: string,
  actionId: string,
): StoredMessage | undefined {
  return [...bot.slack.store.dmOf(userId)]
    .reverse()
    .find((m) => JSON.stringify(m.blocks ?? []).includes(`"action_id":"${actionId}"`));
}

export async function waitForAction(
  bot: Bot,
  userId: string,
  actionId: string = ids.action.approve,
): Promise<StoredMessage> {
  return eventually(() => messageWithAction(bot, userId, actionId), `${actionId} for ${userId}`);
}

/** Clicks a button in the newest DM of the person that has it; waits for the bot to finish. */
export async function click(bot: Bot, userId: string, actionId: string = ids.action.approve) {
  const message = await waitForAction(bot, userId, actionId);
  const callsBefore = bot.slack.store.calls.length;
  const res = await bot.slack.clickButton({
    userId,
    actionId,
    message: { channel: message.channel, ts: message.ts },
  });
  return { res, message, callsBefore };
}

export function textOf(message: { text?: string; blocks?: unknown } | undefined): string {
  return message ? `${message.text ?? ""}\n${JSON.stringify(message.blocks ?? [])}` : "";
}

export async function requestStatus(bot: Bot, requestId: number) {
  return (await bot.world.database.prisma.request.findUniqueOrThrow({ where: { id: requestId } }))
    .status;
}

export async function latestRequestId(bot: Bot): Promise<number> {
  return (await bot.world.database.prisma.request.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
}

/**
 * The modal a person's click or command opened (the `before`-th of their stack), once filled:
 * a modal that reads the database opens at once with a title only, then becomes the form.
 */
export async function openedModal(
  bot: Bot,
  userId: string,
  before: OpenBefore,
  what: string,
): Promise<StoredView> {
  return eventually(() => {
    const view = bot.slack.store.openViewsOf(userId).find((v) => !before.has(v.id));
    return view?.callback_id ? view : undefined;
  }, what);
}

export type OpenBefore = ReadonlySet<string>;

/** The modals a person has open now: a modal opened after this is a new one. */
export const openBefore = (bot: Bot, userId: string): OpenBefore =>
  new Set(bot.slack.store.openViewsOf(userId).map((v) => v.id));

/** Runs a slash command that opens a modal and returns the modal. */
export async function openModal(
  bot: Bot,
  userId: string,
  command: string,
  text = "",
): Promise<StoredView> {
  const before = openBefore(bot, userId);
  const res = await bot.slack.slashCommand({ userId, command, text });
  if (res.status !== 200) throw new Error(`${command} answered ${res.status}`);
  if (res.body.trim())
    throw new Error(`${command} answered with a message instead of a modal: ${res.body}`);
  return openedModal(bot, userId, before, `the modal of ${command}`);
}

/** Files a request through a process's own command (/credit, /rebate, …). */
export async function fileVia(
  bot: Bot,
  userId: string,
  command: string,
  values: Record<string, SimpleValue>,
) {
  const view = await openModal(bot, userId, command);
  const answer = await bot.slack.submitView({
    userId,
    viewId: view.id,
    values: formValues(view, values),
  });
  if (answer.status !== 200 || answer.json?.response_action)
    throw new Error(`submission refused: ${answer.status} ${answer.body}`);
  const id = await latestRequestId(bot);
  return { view, answer, id };
}

/** Clicks a button that opens a modal (reject, return, transfer, resubmit) and returns the modal. */
export async function clickForModal(
  bot: Bot,
  userId: string,
  message: StoredMessage,
  actionId: string,
): Promise<StoredView> {
  const before = openBefore(bot, userId);
  const res = await bot.slack.clickButton({
    userId,
    actionId,
    message: { channel: message.channel, ts: message.ts },
  });
  if (res.status !== 200) throw new Error(`${actionId} answered ${res.status}`);
  return openedModal(bot, userId, before, `the modal of ${actionId}`);
}

/** What Slack would submit for a modal nobody touched: every element's initial value. */
export function prefilledValues(view: { blocks: Block[] }): Record<string, SimpleValue> {
  const out: Record<string, SimpleValue> = {};
  for (const block of view.blocks) {
    const el = block.element as Record<string, unknown> | undefined;
    if (block.type !== "input" || !el || typeof el.action_id !== "string") continue;
    const key = el.action_id;
    const option = el.initial_option as { value: string } | undefined;
    const options = el.initial_options as { value: string }[] | undefined;
    if (option) out[key] = { option: option.value };
    else if (options) out[key] = { options: options.map((o) => o.value) };
    else if (typeof el.initial_user === "string") out[key] = { user: el.initial_user };
    else if (typeof el.initial_date === "string") out[key] = { date: el.initial_date };
    else if (el.initial_value !== undefined) out[key] = String(el.initial_value);
  }
  return out;
}

/** Every action_id on a message, e.g. ["approval.approve", "approval.reject", …]. */
export function actionIds(message: { blocks?: Block[] } | undefined): string[] {
  return (message?.blocks ?? []).flatMap((b) =>
    b.type === "actions" && Array.isArray(b.elements)
      ? b.elements.map((e) => String((e as { action_id?: string }).action_id))
      : [],
  );
}

/** The current version of every Slack message the bot posted for a request. */
export async function messagesOf(
  bot: Bot,
  requestId: number,
): Promise<(StoredMessage & { key: string; userId: string })[]> {
  const rows = await bot.world.database.prisma.slackMessage.findMany({
    where: { requestId },
    orderBy: { id: "asc" },
  });
  // A row without ts is a post still in flight.
  return rows.flatMap((r) => {
    if (!r.channel || !r.ts) return [];
    const m = bot.slack.store.message(r.channel, r.ts);
    if (!m) throw new Error(`message ${r.key} of request ${requestId} is not in the local Slack`);
    return [{ ...m, key: r.key, userId: r.userId }];
  });
}

/** The message of a request in a person's DM that carries `actionId`. */
export async function actionMessage(
  bot: Bot,
  requestId: number,
  userId: string,
  actionId: string = ids.action.approve,
) {
  return eventually(
    async () =>
      (await messagesOf(bot, requestId)).find(
        (m) => m.userId === userId && actionIds(m).includes(actionId),
      ),
    `${actionId} for ${userId} on #${requestId}`,
  );
}

/** Clicks `actionId` on the person's message of this request (waits for it to arrive). */
export async function clickOn(
  bot: Bot,
  requestId: number,
  userId: string,
  actionId: string = ids.action.approve,
) {
  const message = await actionMessage(bot, requestId, userId, actionId);
  const res = await bot.slack.clickButton({
    userId,
    actionId,
    message: { channel: message.channel, ts: message.ts },
  });
  if (res.status !== 200) throw new Error(`${actionId} by ${userId} answered ${res.status}`);
  return { res, message };
}

/** The readable text of a message's blocks (header, sections, fields, context), one block per line. */
export function plainText(message: { blocks?: Block[] } | undefined): string {
  const texts: string[] = [];
  const textOfObj = (o: unknown) =>
    typeof o === "object" && o !== null && typeof (o as { text?: unknown }).text === "string"
      ? [(o as { text: string }).text]
      : [];
  for (const b of message?.blocks ?? []) {
    const parts = [
      ...textOfObj(b.text),
      ...(Array.isArray(b.fields) ? b.fields.flatMap(textOfObj) : []),
      ...(b.type === "context" && Array.isArray(b.elements) ? b.elements.flatMap(textOfObj) : []),
    ];
    if (parts.length > 0) texts.push(parts.join("\n"));
  }
  return texts.join("\n");
}

/** Interactions the bot answered too slowly or not with 200. */
export function slowInteractions(bot: Bot): Timing[] {
  return bot.timings.filter((t) => t.ms >= slackAckLimitMs || t.status !== 200);
}

/** "ACTION:actor" for each audit row of a request, oldest first. */
export async function auditTrail(bot: Bot, requestId: number): Promise<string[]> {
  const rows = await bot.world.database.prisma.auditEntry.findMany({
    where: { requestId },
    orderBy: { id: "asc" },
  });
  return rows.map((a) => `${a.action}:${a.actorId}`);
}

/** "stepKey:assignee:STATUS" for each assignment of a request, oldest first. */
export async function assignmentsOf(bot: Bot, requestId: number): Promise<string[]> {
  const rows = await bot.world.database.prisma.assignment.findMany({
    where: { requestId },
    orderBy: { id: "asc" },
  });
  return rows.map((a) => `${a.stepKey}:${a.assigneeId}:${a.status}`);
}

/** Waits for a new ephemeral message to a person (slash command answers and button errors go to the response_url). */
export async function nextEphemeral(
  bot: Bot,
  userId: string,
  before: number,
  what = "an ephemeral message",
): Promise<StoredEphemeral> {
  return eventually(
    () => bot.slack.store.ephemeralsFor(userId).at(before),
    `${what} for ${userId}`,
  );
}

/** Waits until the bot has made no Slack call for `quietMs` (its work after an ack is done). */
export async function settle(bot: Bot, quietMs = 150, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  // Listeners work on after their ack (messages, App Homes): a quiet spell alone can come too soon.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    bot.app.idle().then(() => bot.background.idle()),
    new Promise((r) => (timer = setTimeout(r, timeoutMs))),
  ]);
  clearTimeout(timer);
  let count = bot.slack.store.calls.length;
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 25));
    const now = bot.slack.store.calls.length;
    if (now !== count) {
      count = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
  throw new Error("the bot kept calling Slack");
}

export async function waitForStatus(bot: Bot, requestId: number, status: string): Promise<void> {
  await eventually(
    async () => (await requestStatus(bot, requestId)) === status || undefined,
    `request #${requestId} to be ${status}`,
  );
}

/** Slack retries (and shows an error) when the bot does not answer within 3 s. */
export const slackAckLimitMs = 3000;

/** Runs `/approval <text>` and returns the ephemeral the bot sends to the response_url (the HTTP answer must be empty). */
export async function askApproval(
  bot: Bot,
  userId: string,
  text: string,
): Promise<StoredEphemeral> {
  const seen = bot.slack.store.ephemeralsFor(userId).length;
  const res = await bot.slack.slashCommand({ userId, command: "/approval", text });
  expect(res.status).toBe(200);
  expect(res.body).toBe("");
  return nextEphemeral(bot, userId, seen, `the answer to /approval ${text}`);
}

/** Runs `/approval <text>` as the person and returns the answer: the HTTP body's text, or the ephemeral sent after the ack. */
export async function approvalAnswer(bot: Bot, userId: string, text: string): Promise<string> {
  const before = bot.slack.store.ephemeralsFor(userId).length;
  const res = await bot.slack.slashCommand({ userId, command: "/approval", text });
  if (res.status !== 200) throw new Error(`/approval ${text} answered ${res.status}`);
  const inline = (res.json as { text?: string } | undefined)?.text;
  return (
    inline ??
    (await eventually(() => bot.slack.store.ephemeralsFor(userId).at(before), "an answer")).text
  );
}
