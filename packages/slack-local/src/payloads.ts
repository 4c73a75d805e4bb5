// Builders for the payloads Slack sends to an app, field for field as Slack
// does, so Bolt's routing (action_id, callback_id, command) and the app's own
// reads (body.user.id, body.view.state, body.message.ts…) see the real shape.

import { type Element, interactiveElements } from "./form-values.ts";
import type { Execution, FunctionParams, FunctionSpec } from "./functions.ts";
import { randomHex } from "./ids.ts";
import { dmChannelOf, type LocalSlackStore } from "./store.ts";
import type { Block, StateValues, StoredEphemeral, StoredMessage, StoredView } from "./types.ts";
import { payloadUser, toSlackEphemeral, toSlackMessage, toSlackView } from "./wire.ts";

export interface PayloadContext {
  store: LocalSlackStore;
  baseUrl: string;
}

/** Where an interaction happened: a message, an ephemeral message, or a view. */
export type Surface =
  | { kind: "message"; message: StoredMessage }
  | { kind: "ephemeral"; message: StoredEphemeral }
  | { kind: "view"; view: StoredView };

export function common(ctx: PayloadContext, userId: string): Record<string, unknown> {
  const id = ctx.store.identity;
  return {
    team: { id: id.teamId, domain: id.teamDomain },
    user: payloadUser(userId, ctx.store.user(userId), id),
    api_app_id: id.appId,
    token: id.verificationToken,
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function responseUrl(ctx: PayloadContext, id: string): string {
  return `${ctx.baseUrl}/response/${id}`;
}

export function channelName(channel: string): string {
  return channel.startsWith("D") ? "directmessage" : channel.toLowerCase();
}

export function slashCommandFields(
  ctx: PayloadContext,
  p: { userId: string; command: string; text: string; channelId: string },
): Record<string, string> {
  const id = ctx.store.identity;
  const rid = ctx.store.issueResponseUrl({ user: p.userId, channel: p.channelId });
  return {
    token: id.verificationToken,
    team_id: id.teamId,
    team_domain: id.teamDomain,
    channel_id: p.channelId,
    channel_name: channelName(p.channelId),
    user_id: p.userId,
    user_name: ctx.store.user(p.userId)?.name ?? p.userId.toLowerCase(),
    command: p.command.startsWith("/") ? p.command : `/${p.command}`,
    text: p.text,
    api_app_id: id.appId,
    is_enterprise_install: "false",
    response_url: responseUrl(ctx, rid),
    trigger_id: ctx.store.issueTrigger(p.userId),
  };
}

export function surfaceBlocks(s: Surface): Block[] {
  return (s.kind === "view" ? s.view.blocks : s.message.blocks) ?? [];
}

/** Locates the element a user would click, as Slack knows it from the rendered blocks. */
export function findElement(
  blocks: Block[],
  actionId: string,
  blockId?: string,
): { block: Block; element: Element } | undefined {
  return interactiveElements(blocks).find(
    (e) =>
      e.element.action_id === actionId && (blockId === undefined || e.block.block_id === blockId),
  );
}

/** A block_actions payload for one action on a surface; `state` is what a message's own inputs hold. */
export function blockActionsPayload(
  ctx: PayloadContext,
  userId: string,
  surface: Surface,
  action: Record<string, unknown>,
  state: StateValues = {},
): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    type: "block_actions",
    ...common(ctx, userId),
    trigger_id: ctx.store.issueTrigger(userId),
    actions: [{ ...action, action_ts: actionTs() }],
  };
  if (surface.kind === "view") return { ...payload, ...viewContainer(surface.view) };
  const rid = ctx.store.issueResponseUrl({
    user: userId,
    channel: surface.message.channel,
    messageTs: surface.message.ts,
    isEphemeral: surface.kind === "ephemeral",
  });
  return {
    ...payload,
    ...messageContainer(ctx, surface),
    state: { values: state },
    response_url: responseUrl(ctx, rid),
  };
}

/** block_suggestion: an external_select asks the app for options matching what was typed. */
export function blockSuggestionPayload(
  ctx: PayloadContext,
  userId: string,
  surface: Surface,
  p: { action_id: string; block_id: string; value: string },
): Record<string, unknown> {
  const where =
    surface.kind === "view" ? viewContainer(surface.view) : messageContainer(ctx, surface);
  return { type: "block_suggestion", ...common(ctx, userId), ...p, ...where };
}

function viewContainer(stored: StoredView): Record<string, unknown> {
  const view = toSlackView(stored);
  return { container: { type: "view", view_id: view.id }, view };
}

function messageContainer(
  ctx: PayloadContext,
  surface: Exclude<Surface, { kind: "view" }>,
): Record<string, unknown> {
  const { channel, ts } = surface.message;
  const isEphemeral = surface.kind === "ephemeral";
  const id = ctx.store.identity;
  return {
    container: { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: isEphemeral },
    channel: { id: channel, name: channelName(channel) },
    message: isEphemeral
      ? toSlackEphemeral(surface.message, id)
      : toSlackMessage(surface.message as StoredMessage, id),
  };
}

export function viewPayload(
  ctx: PayloadContext,
  type: "view_submission" | "view_closed",
  userId: string,
  view: StoredView,
): Record<string, unknown> {
  const base = { type, ...common(ctx, userId), view: toSlackView(view) };
  return type === "view_submission"
    ? { ...base, trigger_id: ctx.store.issueTrigger(userId), response_urls: [] }
    : { ...base, is_cleared: false };
}

/** An Events API body (JSON): the event_callback envelope around `event`, stamped now. */
function eventCallback(
  ctx: PayloadContext,
  event: (now: number) => Record<string, unknown>,
): Record<string, unknown> {
  const id = ctx.store.identity;
  const now = Date.now() / 1000;
  return {
    token: id.verificationToken,
    team_id: id.teamId,
    api_app_id: id.appId,
    event: { ...event(now), event_ts: now.toFixed(6) },
    type: "event_callback",
    event_id: `Ev${randomHex(5).toUpperCase()}`,
    event_time: Math.floor(now),
    authorizations: [
      {
        enterprise_id: null,
        team_id: id.teamId,
        user_id: id.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

/** app_home_opened: the person opened the app's Home or Messages tab. */
export function appHomeOpenedEvent(
  ctx: PayloadContext,
  userId: string,
  tab: "home" | "messages" = "home",
): Record<string, unknown> {
  const home = tab === "home" ? ctx.store.home(userId) : undefined;
  return eventCallback(ctx, () => ({
    type: "app_home_opened",
    user: userId,
    channel: dmChannelOf(userId),
    tab,
    ...(home ? { view: toSlackView(home) } : {}),
  }));
}

/** function_executed, as Slack sends it when a workflow reaches the app's step. */
export function functionExecutedEvent(
  ctx: PayloadContext,
  e: Execution,
  spec?: FunctionSpec,
): Record<string, unknown> {
  const appId = ctx.store.identity.appId;
  const params = (p?: FunctionParams) =>
    Object.entries(p?.properties ?? {}).map(([name, v]) => ({
      name,
      type: v.type,
      is_required: p?.required?.includes(name) ?? false,
    }));
  return eventCallback(ctx, (now) => ({
    type: "function_executed",
    function: {
      id: `Fn${e.callbackId.length}${appId}`,
      callback_id: e.callbackId,
      title: spec?.title ?? e.callbackId,
      type: "app",
      input_parameters: params(spec?.input_parameters),
      output_parameters: params(spec?.output_parameters),
      app_id: appId,
      date_created: Math.floor(now),
      date_updated: Math.floor(now),
      date_deleted: 0,
    },
    inputs: e.inputs,
    function_execution_id: e.id,
    workflow_execution_id: `Wx${e.id.slice(2)}`,
    bot_access_token: e.token,
  }));
}

function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}
