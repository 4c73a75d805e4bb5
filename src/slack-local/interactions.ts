import { selectedOption } from "./form-values.ts";
import {
  appHomeOpenedEvent, blockActionsPayload, findElement, slashCommandFields, surfaceBlocks, viewPayload,
  type PayloadContext, type Surface,
} from "./payloads.ts";
import { signedHeaders } from "./signing.ts";
import { dmChannelOf } from "./store.ts";
import type { StateValues } from "./types.ts";

export interface InteractionResult {
  status: number;
  body: string;
  /** The parsed body when it is JSON (e.g. a view_submission response_action). */
  json: Record<string, unknown> | undefined;
}

export interface MessageRef { channel: string; ts: string }
export interface SurfaceRef { message?: MessageRef; viewId?: string }

export interface InteractionDeps extends PayloadContext {
  signingSecret: string;
  eventsUrl: () => string | undefined;
}

/** Sends signed requests to the bot's /slack/events endpoint exactly as Slack would. */
export class InteractionClient {
  constructor(private readonly deps: InteractionDeps) {}

  slashCommand(p: { userId: string; command: string; text?: string; channelId?: string }): Promise<InteractionResult> {
    const fields = slashCommandFields(this.deps, {
      userId: p.userId, command: p.command, text: p.text ?? "", channelId: p.channelId ?? dmChannelOf(p.userId),
    });
    return this.post(new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded");
  }

  /** block_actions for a button; block_id and value default to what the stored blocks say. */
  clickButton(p: SurfaceRef & { userId: string; actionId: string; value?: string; blockId?: string }): Promise<InteractionResult> {
    const surface = this.surface(p);
    const found = findElement(surfaceBlocks(surface), p.actionId);
    if (!found && !p.blockId) throw new Error(`clickButton: no element with action_id "${p.actionId}"`);
    const el = found?.element;
    const action = {
      type: el?.type ?? "button", action_id: p.actionId, block_id: p.blockId ?? found?.block.block_id,
      ...(el?.text ? { text: el.text } : {}),
      value: p.value ?? (typeof el?.value === "string" ? el.value : undefined),
      ...(el?.style ? { style: el.style } : {}),
    };
    return this.sendActions(p.userId, surface, action);
  }

  /** block_actions for a (dispatch_action) select: `selected` is the option value. */
  selectOption(p: SurfaceRef & { userId: string; actionId: string; selected: string }): Promise<InteractionResult> {
    const surface = this.surface(p);
    const found = findElement(surfaceBlocks(surface), p.actionId);
    if (!found) throw new Error(`selectOption: no element with action_id "${p.actionId}"`);
    const blockId = found.block.block_id ?? "";
    const value = { type: found.element.type, selected_option: selectedOption(found.element, p.selected) };
    // Slack records the choice in the view's state before telling the app.
    if (surface.kind === "view") {
      const values = surface.view.state.values;
      values[blockId] = { ...values[blockId], [p.actionId]: value };
    }
    return this.sendActions(p.userId, surface, { ...value, action_id: p.actionId, block_id: blockId });
  }

  /**
   * view_submission. Applies the answer like Slack: empty → close this view,
   * "clear" → close the stack, "update"/"push" → new view, "errors" → stay open.
   */
  async submitView(p: { userId: string; viewId: string; values: StateValues }): Promise<InteractionResult> {
    const view = this.openView(p.viewId);
    view.state = { values: p.values };
    const res = await this.sendPayload(viewPayload(this.deps, "view_submission", p.userId, view));
    if (res.status !== 200) return res; // Slack shows an error and leaves the modal open
    const views = this.deps.store.views;
    const action = res.json?.response_action;
    if (action === "errors") view.errors = (res.json?.errors ?? {}) as Record<string, string>;
    else if (action === "update") views.update({ viewId: view.id }, res.json?.view);
    else if (action === "push") views.push(view.user, res.json?.view);
    else views.close(view.id, action === "clear");
    return res;
  }

  /** The user dismisses a modal; the app only hears about it with notify_on_close. */
  async closeView(p: { userId: string; viewId: string }): Promise<InteractionResult | undefined> {
    const view = this.openView(p.viewId);
    this.deps.store.views.close(view.id);
    if (!view.notify_on_close) return undefined;
    return this.sendPayload(viewPayload(this.deps, "view_closed", p.userId, view));
  }

  openHome(p: { userId: string }): Promise<InteractionResult> {
    return this.post(JSON.stringify(appHomeOpenedEvent(this.deps, p.userId)), "application/json");
  }

  private openView(viewId: string) {
    const view = this.deps.store.view(viewId);
    if (!view?.open) throw new Error(`view ${viewId} is not open`);
    return view;
  }

  private surface(p: SurfaceRef): Surface {
    const { store } = this.deps;
    if (p.viewId) {
      const view = store.view(p.viewId);
      if (!view) throw new Error(`no view ${p.viewId}`);
      return { kind: "view", view };
    }
    if (!p.message) throw new Error("pass message or viewId");
    const msg = store.message(p.message.channel, p.message.ts);
    if (msg) return { kind: "message", message: msg };
    const eph = store.ephemeral(p.message.ts);
    if (eph) return { kind: "ephemeral", message: eph };
    throw new Error(`no message ${p.message.ts} in ${p.message.channel}`);
  }

  private sendActions(userId: string, surface: Surface, action: Record<string, unknown>): Promise<InteractionResult> {
    return this.sendPayload(blockActionsPayload(this.deps, userId, surface, action));
  }

  /** Interactivity payloads travel as a form field named `payload` holding JSON. */
  private sendPayload(payload: Record<string, unknown>): Promise<InteractionResult> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(body, "application/x-www-form-urlencoded");
  }

  private async post(body: string, contentType: string): Promise<InteractionResult> {
    const url = this.deps.eventsUrl();
    if (!url) throw new Error("local Slack: no eventsUrl; call setEventsUrl() first");
    const res = await fetch(url, {
      method: "POST",
      // Bolt compares the content type exactly, so no "; charset" suffix here.
      headers: {
        "content-type": contentType,
        "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        ...signedHeaders(this.deps.signingSecret, body),
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text, json: parseJson(text) };
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  if (!text.trim()) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
