import { checkMessage } from "./checks/blocks.ts";
import { str, truthy } from "./http-util.ts";
import { isObject } from "./ids.ts";
import type { LocalSlackStore } from "./store.ts";
import type { StoredEphemeral } from "./types.ts";

/** Slack: a response_url can be used "up to 5 times within 30 minutes" (docs.slack.dev, handling user interaction). */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export interface ResponseUrlResult {
  status: number;
  json: Record<string, unknown>;
}

/**
 * Handles a POST to `${baseUrl}/response/<id>` the way Slack does: a new
 * ephemeral (default) or in-channel message, or a replace/delete of the
 * message the interaction came from.
 */
export function handleResponseUrl(
  store: LocalSlackStore,
  id: string,
  body: unknown,
  source: StoredEphemeral["source"] = "response_url",
): ResponseUrlResult {
  const ctx = store.responseContext(id);
  if (!ctx || store.now() - ctx.issuedAt > RESPONSE_URL_TTL_MS)
    return { status: 404, json: { ok: false, error: "expired_url" } };
  if (ctx.uses >= RESPONSE_URL_MAX_USES)
    return { status: 404, json: { ok: false, error: "used_url" } };
  if (!isObject(body)) return { status: 400, json: { ok: false, error: "invalid_payload" } };
  ctx.uses += 1;
  // The same block and text limits as chat.postMessage, but not the undocumented cumulative
  // one: slackapi/bolt-js#2867 saw blocks refused by chat.postMessage go through respond().
  const refused = truthy(body.delete_original)
    ? undefined
    : checkMessage({ text: body.text, blocks: body.blocks }, { countBlocksText: false });
  if (refused) {
    store.recordRefusal({
      source: "response_url",
      error: refused.error,
      messages: refused.response_metadata?.messages ?? [],
      about: ctx.user,
    });
    return { status: 200, json: refused };
  }

  const text = str(body.text);
  const blocks = body.blocks;
  const original = ctx.messageTs;
  if (original && truthy(body.delete_original)) {
    if (ctx.isEphemeral) store.updateEphemeral(original, { deleted: true });
    else store.deleteMessage(ctx.channel, original);
    return { status: 200, json: { ok: true } };
  }
  if (original && truthy(body.replace_original)) {
    if (ctx.isEphemeral) store.updateEphemeral(original, { text, blocks });
    else store.updateMessage(ctx.channel, original, { text, blocks });
    return { status: 200, json: { ok: true } };
  }
  if (text === undefined && !Array.isArray(blocks))
    return { status: 400, json: { ok: false, error: "no_text" } };
  const thread_ts = str(body.thread_ts);
  if (body.response_type === "in_channel") {
    store.postMessage({ channel: ctx.channel, text, blocks, thread_ts, source });
  } else {
    store.addEphemeral({ channel: ctx.channel, user: ctx.user, text, blocks, thread_ts, source });
  }
  return { status: 200, json: { ok: true } };
}
