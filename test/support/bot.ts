// The real Bolt app over HTTP, against the local Slack stand-in and a fresh database.
import { createServer } from "node:net";
import { pino } from "pino";
import { createSlackApp, type SlackApp } from "../../handlers/app.ts";
import { ids } from "../../handlers/ids.ts";
import { createServices, type Services } from "../../src/services.ts";
import { formValues, startLocalSlack, type LocalSlack, type SimpleValue, type StoredMessage } from "../../src/slack-local/server.ts";
import { createWorld, type World } from "./world.ts";

export const signingSecret = "test-signing-secret";

export interface Bot {
  world: World;
  services: Services;
  slack: LocalSlack;
  app: SlackApp;
  eventsUrl: string;
  close(): Promise<void>;
}

export async function startBot(): Promise<Bot> {
  const world = await createWorld();
  const services = createServices({ db: world.database.prisma, directory: world.engine.directory, catalog: world.engine.catalog });
  const users = world.engine.directory.org.people.map((p) => ({ id: p.id, name: p.name, locale: p.locale }));
  const slack = await startLocalSlack({ signingSecret, users });
  const port = await freePort();
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const app = createSlackApp(services, logger, { token: slack.botToken, signingSecret, apiUrl: slack.apiUrl, port });
  await app.start();
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  slack.setEventsUrl(eventsUrl);
  return {
    world,
    services,
    slack,
    app,
    eventsUrl,
    close: async () => {
      await app.stop();
      await slack.close();
      await world.close();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Waits until `check` returns something (the bot works after its ack). */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what = "condition", timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Files a request the way a person does: the command opens the modal, they submit it. */
export async function fileRequest(bot: Bot, userId: string, processKey: string, values: Record<string, SimpleValue>) {
  const before = bot.slack.store.openViewsOf(userId).length;
  const res = await bot.slack.slashCommand({ userId, command: "/approval", text: `new ${processKey}` });
  if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
  const view = await eventually(() => bot.slack.store.openViewsOf(userId).at(before), "the request modal");
  const answer = await bot.slack.submitView({ userId, viewId: view.id, values: formValues(view, values) });
  return { view, answer };
}

/** The message in a person's DM that carries buttons for `actionId`, newest first. */
export function messageWithAction(bot: Bot, userId: string, actionId: string): StoredMessage | undefined {
  return [...bot.slack.store.dmOf(userId)].reverse().find((m) => JSON.stringify(m.blocks ?? []).includes(`"action_id":"${actionId}"`));
}

export async function waitForAction(bot: Bot, userId: string, actionId: string = ids.action.approve): Promise<StoredMessage> {
  return eventually(() => messageWithAction(bot, userId, actionId), `${actionId} for ${userId}`);
}

/** Clicks a button in the newest DM of the person that has it; waits for the bot to finish. */
export async function click(bot: Bot, userId: string, actionId: string = ids.action.approve) {
  const message = await waitForAction(bot, userId, actionId);
  const callsBefore = bot.slack.store.calls.length;
  const res = await bot.slack.clickButton({ userId, actionId, message: { channel: message.channel, ts: message.ts } });
  return { res, message, callsBefore };
}

export function textOf(message: { text?: string; blocks?: unknown } | undefined): string {
  return message ? `${message.text ?? ""}\n${JSON.stringify(message.blocks ?? [])}` : "";
}

export async function requestStatus(bot: Bot, requestId: number) {
  return (await bot.world.database.prisma.request.findUniqueOrThrow({ where: { id: requestId } })).status;
}

export async function latestRequestId(bot: Bot): Promise<number> {
  return (await bot.world.database.prisma.request.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
}
