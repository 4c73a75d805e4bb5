import { createHash } from "node:crypto";
import { fail, type ApiContext, type ApiHandler } from "./api-types.ts";
import { str, truthy } from "./http-util.ts";
import { dmChannelOf } from "./store.ts";
import { toSlackMessage } from "./wire.ts";

/**
 * Maps the `channel` argument to a stored channel id. A user id means "DM that
 * user" (Slack accepts that for chat.postMessage); unknown users are rejected
 * only when the server was given a user list.
 */
export function resolveChannel(raw: unknown, ctx: ApiContext): { channel: string } | { error: string } {
  const channel = str(raw)?.trim();
  if (!channel) return { error: "channel_not_found" };
  const userId = /^[UW]/.test(channel) ? channel : /^D[UW]/.test(channel) ? channel.slice(1) : undefined;
  if (userId === undefined) return { channel };
  return ctx.store.isKnownUser(userId) ? { channel: dmChannelOf(userId) } : { error: "channel_not_found" };
}

function hasContent(args: Record<string, unknown>): boolean {
  return Boolean(str(args.text)) || Array.isArray(args.blocks) || Array.isArray(args.attachments);
}

const postMessage: ApiHandler = (args, ctx) => {
  const target = resolveChannel(args.channel, ctx);
  if ("error" in target) return fail(target.error);
  if (!hasContent(args)) return fail("no_text");
  const msg = ctx.store.postMessage({
    channel: target.channel, text: str(args.text), blocks: args.blocks, attachments: args.attachments,
    metadata: args.metadata, thread_ts: str(args.thread_ts),
  });
  return { ok: true, channel: msg.channel, ts: msg.ts, message: toSlackMessage(msg, ctx.store.identity) };
};

const update: ApiHandler = (args, ctx) => {
  const target = resolveChannel(args.channel, ctx);
  if ("error" in target) return fail(target.error);
  const ts = str(args.ts);
  if (!ts || !ctx.store.message(target.channel, ts)) return fail("message_not_found");
  if (!hasContent(args)) return fail("no_text");
  const msg = ctx.store.updateMessage(target.channel, ts, {
    text: str(args.text), blocks: args.blocks, attachments: args.attachments,
  });
  if (!msg) return fail("message_not_found");
  return { ok: true, channel: msg.channel, ts: msg.ts, text: msg.text, message: toSlackMessage(msg, ctx.store.identity) };
};

const postEphemeral: ApiHandler = (args, ctx) => {
  const target = resolveChannel(args.channel, ctx);
  if ("error" in target) return fail(target.error);
  const user = str(args.user);
  if (!user || !ctx.store.isKnownUser(user)) return fail("user_not_in_channel");
  if (!hasContent(args)) return fail("no_text");
  const eph = ctx.store.addEphemeral({
    channel: target.channel, user, text: str(args.text), blocks: args.blocks, thread_ts: str(args.thread_ts),
  });
  return { ok: true, message_ts: eph.ts };
};

const del: ApiHandler = (args, ctx) => {
  const target = resolveChannel(args.channel, ctx);
  if ("error" in target) return fail(target.error);
  const ts = str(args.ts) ?? "";
  const msg = ctx.store.deleteMessage(target.channel, ts);
  return msg ? { ok: true, channel: msg.channel, ts: msg.ts } : fail("message_not_found");
};

const getPermalink: ApiHandler = (args, ctx) => {
  const target = resolveChannel(args.channel, ctx);
  if ("error" in target) return fail(target.error);
  const ts = str(args.message_ts) ?? "";
  if (!ctx.store.message(target.channel, ts)) return fail("message_not_found");
  return { ok: true, channel: target.channel, permalink: permalink(ctx.baseUrl, target.channel, ts) };
};

export function permalink(baseUrl: string, channel: string, ts: string): string {
  return `${baseUrl}/archives/${channel}/p${ts.replace(".", "")}`;
}

const conversationsOpen: ApiHandler = (args, ctx) => {
  const existing = str(args.channel);
  if (existing) return { ok: true, channel: { id: existing } };
  const raw = Array.isArray(args.users) ? args.users.join(",") : (str(args.users) ?? "");
  const users = raw.split(",").map((u) => u.trim()).filter(Boolean);
  if (users.length === 0) return fail("users_list_not_supplied");
  if (users.some((u) => !ctx.store.isKnownUser(u))) return fail("user_not_found");
  if (users.length === 1) {
    const user = users[0] as string;
    return { ok: true, channel: { id: dmChannelOf(user), ...(truthy(args.return_im) ? { is_im: true, user } : {}) } };
  }
  // Group DMs get a stable id derived from their members.
  const digest = createHash("sha1").update([...users].sort().join(",")).digest("hex").slice(0, 8);
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
