// What every Slack delivery passes before and after its listener: taken once (a Slack retry
// or a replayed signed request does nothing again), from someone in the org file (anyone
// else is told politely whom to ask, and nothing is read or stored), and answered within 3 s
// even when no listener knows it (an unknown action, shortcut or callback_id).
import { createHash } from "node:crypto";
import type { AllMiddlewareArgs, AnyMiddlewareArgs, BlockAction } from "@slack/bolt";
import { t } from "../src/i18n/index.ts";
import type { Services } from "../src/services.ts";
import { commandText } from "./blocks/command-text.ts";
import { mention } from "./blocks/format.ts";
import { replyToClick } from "./reply-to-click.ts";

export type GuardArgs = AnyMiddlewareArgs & AllMiddlewareArgs;
export type Body = {
  type?: string;
  event_id?: string;
  user?: { id?: string };
  user_id?: string;
  event?: { user?: unknown };
  view?: { blocks?: { type: string; block_id?: string }[] };
};

/** The same for a delivery, its retries and any replay of it: Slack's event id, else the signed payload itself (each click or command has its own trigger_id). */
export function deliveryKey(body: unknown): string {
  const { event_id } = body as Body;
  return event_id ?? createHash("sha256").update(JSON.stringify(body)).digest("base64url");
}

/** Who acted: the clicking, typing or submitting person (undefined for events). */
export function actorOf(body: unknown): string | undefined {
  const b = body as Body;
  const id = b.user?.id ?? b.user_id;
  return typeof id === "string" ? id : undefined;
}

export async function ackOnce(args: GuardArgs, response?: object): Promise<boolean> {
  if (!("ack" in args) || typeof args.ack !== "function") return false;
  try {
    await (args.ack as (r?: object) => Promise<void>)(response);
    return true;
  } catch {
    return false; // acked already
  }
}

/** Delivery keys this process took lately (bounded), so its own retries and replays need no Redis. */
export class RecentKeys {
  private readonly keys = new Map<string, number>();
  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  /** Whether the key was seen within the ttl; records it either way. */
  seen(key: string): boolean {
    const now = Date.now();
    const at = this.keys.get(key);
    this.keys.delete(key);
    this.keys.set(key, now);
    if (this.keys.size > this.max) this.keys.delete(this.keys.keys().next().value!);
    return at !== undefined && now - at < this.ttlMs;
  }

  forget(key: string): void {
    this.keys.delete(key);
  }
}

/** People of the org file, and the bot's admins (who may not be in it), may use the bot. */
export function mayUse(services: Services, userId: string): boolean {
  return (
    services.directory.person(userId) !== undefined || services.settings.admins.includes(userId)
  );
}

/**
 * Someone outside the org file: answered at once, politely, in their Slack's language
 * (asked after the ack), with whom to ask; no listener runs, so nothing is read or stored.
 */
export async function answerOutsider(
  args: GuardArgs,
  services: Services,
  learnLocale: (userId: string) => Promise<void>,
): Promise<void> {
  const body = args.body as Body;
  const userId = actorOf(body)!;
  const admins = services.settings.admins.map(mention).join(" ");
  const say = () =>
    t(services.localeOf(userId), admins ? "error.outsider" : "error.outsider.no_admin", { admins });
  if (body.type === "view_submission") {
    const first = body.view?.blocks?.find((b) => b.type === "input")?.block_id;
    await ackOnce(
      args,
      first ? { response_action: "errors", errors: { [first]: say() } } : undefined,
    );
    return;
  }
  if (body.type === "block_suggestion") return void (await ackOnce(args, { options: [] }));
  await ackOnce(args);
  await learnLocale(userId);
  await answer(args, say());
}

/**
 * After the listeners: a delivery none of them acked (an unknown or expired action, shortcut,
 * callback_id or payload type) is acked now, and the person told it no longer works.
 */
export async function answerUnhandled(args: GuardArgs, services: Services): Promise<boolean> {
  const body = args.body as Body;
  const response = body.type === "block_suggestion" ? { options: [] } : undefined;
  if (!(await ackOnce(args, response))) return false;
  const userId = actorOf(body);
  if (!userId || body.type === "block_suggestion" || body.type === "view_closed") return true;
  const command = (body as { command?: unknown }).command;
  const locale = services.localeOf(userId);
  const help = commandText("help");
  await answer(
    args,
    typeof command === "string"
      ? t(locale, "error.unknown_command", { command, help })
      : t(locale, "error.unknown_interaction", { help }),
  );
  return true;
}

/** An ephemeral answer wherever the delivery can take one (a response_url, else the app's DM). */
export async function answer(args: GuardArgs, text: string): Promise<void> {
  const body = args.body as Body;
  if (body.type === "block_actions")
    return replyToClick(
      {
        body: args.body as BlockAction,
        respond: "respond" in args ? args.respond : undefined,
        client: args.client,
      },
      text,
    );
  if ("respond" in args && args.respond)
    return void (await args.respond({ response_type: "ephemeral", text }));
  const userId = actorOf(body);
  if (!userId) return;
  const dm = await args.client.conversations.open({ users: userId });
  await args.client.chat.postEphemeral({ channel: dm.channel!.id!, user: userId, text });
}
