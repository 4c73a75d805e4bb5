import { createHash } from "node:crypto";
import { type ApiContext, type ApiHandler, type ApiResponse, fail } from "./api-types.ts";
import { checkMessage } from "./checks/blocks.ts";
import { str, truthy } from "./http-util.ts";
import { dmChannelOf } from "./store.ts";
import { toSlackMessage } from "./wire.ts";

export interface ChannelRules {
  /**
   * chat.postMessage and chat.postEphemeral take a user id as the channel ("post to the
   * user's DM with the app"). chat.update, chat.delete and chat.getPermalink do not: "For
   * direct messages, ensure that this value is a DM ID (starts with D) instead of a User ID"
   * (docs.slack.dev/reference/methods/chat.update); Slack answers channel_not_found.
   */
  userIdAsChannel: boolean;
  /** Posting to a deactivated person's DM (see deactivated() below); reading and editing are not refused. */
  refuseDeactivated?: boolean;
}

/**
 * Maps the `channel` argument to a stored channel id ("D" + user id for a DM). Unknown users
 * are refused (channel_not_found) when the server was given a user list.
 */
export function resolveChannel(
  raw: unknown,
  ctx: ApiContext,
  rules: ChannelRules,
): { channel: string } | { error: string } {
  const channel = str(raw)?.trim();
  if (!channel) return { error: "channel_not_found" };
  const isUserId = /^[UW]/.test(channel);
  if (isUserId && !rules.userIdAsChannel) return { error: "channel_not_found" };
  const userId = isUserId ? channel : /^D[UW]/.test(channel) ? channel.slice(1) : undefined;
  if (userId === undefined) return { channel };
  if (!ctx.store.isKnownUser(userId)) return { error: "channel_not_found" };
  if (rules.refuseDeactivated && ctx.store.isDeactivated(userId)) return { error: deactivated };
  return { channel: dmChannelOf(userId) };
}

/**
 * The error for a deactivated person. Slack documents `account_inactive` only for a token of a
 * deleted user or workspace, and `user_disabled` ("A specified user has been disabled") for
 * conversations.open; the local Slack answers user_disabled for posts to a deactivated person
 * too. Stricter than Slack, which has been seen to accept chat.postMessage to a deactivated
 * user's DM (slackapi/python-slack-sdk#1156), so that the bot's handling of it can be tested.
 */
const deactivated = "user_disabled";

const POST: ChannelRules = { userIdAsChannel: true, refuseDeactivated: true };
const EXISTING: ChannelRules = { userIdAsChannel: false };

function hasContent(args: Record<string, unknown>): boolean {
  return Boolean(str(args.text)) || Array.isArray(args.blocks) || Array.isArray(args.attachments);
}

/** What Slack refuses in a message's content (checks/blocks.ts), as the Web API answers it. */
function refusedContent(args: Record<string, unknown>): ApiResponse | undefined {
  return checkMessage({ text: args.text, blocks: args.blocks });
}

const postMessage: ApiHandler = (args, ctx) => {
  const target = resolveChannel(args.channel, ctx, POST);
  if ("error" in target) return fail(target.error);
  if (!hasContent(args)) return fail("no_text");
  const refused = refusedContent(args);
  if (refused) return refused;
  const msg = ctx.store.postMessage({
    channel: target.channel,
    text: str(args.text),
    blocks: args.blocks,
    attachments: args.attachments,
    metadata: args.metadata,
    thread_ts: str(args.thread_ts),
  });
  return {
    ok: true,
    channel: msg.channel,
    ts: msg.ts,
    message: toSlackMessage(msg, ctx.store.identity),
  };
};

const update: ApiHandler = (args, ctx) => {
  const target = resolveChannel(args.channel, ctx, EXISTING);
  if ("error" in target) return fail(target.error);
  const ts = str(args.ts);
  if (!ts || !ctx.store.message(target.channel, ts)) return fail("message_not_found");
  if (!hasContent(args)) return fail("no_text");
  const refused = refusedContent(args);
  if (refused) return refused;
  const msg = ctx.store.updateMessage(target.channel, ts, {
    text: str(args.text),
    blocks: args.blocks,
    attachments: args.attachments,
  });
  if (!msg) return fail("message_not_found");
  return {
    ok: true,
    channel: msg.channel,
    ts: msg.ts,
    text: msg.text,
    message: toSlackMessage(msg, ctx.store.identity),
  };
};

const postEphemeral: ApiHandler = (args, ctx) => {
  const target = resolveChannel(args.channel, ctx, POST);
  if ("error" in target) return fail(target.error);
  const user = str(args.user);
  if (!user || !ctx.store.isKnownUser(user)) return fail("user_not_in_channel");
  if (ctx.store.isDeactivated(user)) return fail(deactivated);
  if (!hasContent(args)) return fail("no_text");
  const refused = refusedContent(args);
  if (refused) return refused;
  const eph = ctx.store.addEphemeral({
    channel: target.channel,
    user,
    text: str(args.text),
    blocks: args.blocks,
    thread_ts: str(args.thread_ts),
  });
  return { ok: true, message_ts: eph.ts };
};

const del: ApiHandler = (args, ctx) => {
  const target = resolveChannel(args.channel, ctx, EXISTING);
  if ("error" in target) return fail(target.error);
  const ts = str(args.ts) ?? "";
  const msg = ctx.store.deleteMessage(target.channel, ts);
  return msg ? { ok: true, channel: msg.channel, ts: msg.ts } : fail("message_not_found");
};

const getPermalink: ApiHandler = (args, ctx) => {
  const target = resolveChannel(args.channel, ctx, EXISTING);
  if ("error" in target) return fail(target.error);
  const ts = str(args.message_ts) ?? "";
  if (!ctx.store.message(target.channel, ts)) return fail("message_not_found");
  return {
    ok: true,
    channel: target.channel,
    permalink: permalink(ctx.baseUrl, target.channel, ts),
  };
};

export function permalink(baseUrl: string, channel: string, ts: string): string {
  return `${baseUrl}/archives/${channel}/p${ts.replace(".", "")}`;
}

const conversationsOpen: ApiHandler = (args, ctx) => {
  const existing = str(args.channel);
  if (existing) return { ok: true, channel: { id: existing } };
  const raw = Array.isArray(args.users) ? args.users.join(",") : (str(args.users) ?? "");
  const users = raw
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  if (users.length === 0) return fail("users_list_not_supplied");
  if (users.some((u) => !ctx.store.isKnownUser(u))) return fail("user_not_found");
  if (users.some((u) => ctx.store.isDeactivated(u))) return fail("user_disabled");
  if (users.length === 1) {
    const user = users[0] as string;
    return {
      ok: true,
      channel: { id: dmChannelOf(user), ...(truthy(args.return_im) ? { is_im: true, user } : {}) },
    };
  }
  // Group DMs get a stable id derived from their members.
  const digest = createHash("sha1")
    .update([...users].sort().join(","))
    .digest("hex")
    .slice(0, 8);
  return { ok: true, channel: { id: `G${digest.toUpperCase()}` } };
};

export const chatMethods: Record<string, ApiHandler> = {
  "chat.postMessage": postMessage,
  "chat.update": update,
  "chat.postEphemeral": postEphemeral,
  "chat.delete": del,
  "chat.getPermalink": getPermalink,
  "conversations.open": conversationsOpen,
};
