import { selectedOption } from "./form-values.ts";
import type { Execution, FunctionSpec } from "./functions.ts";
import {
  appHomeOpenedEvent,
  blockActionsPayload,
  blockSuggestionPayload,
  findElement,
  functionExecutedEvent,
  type PayloadContext,
  type Surface,
  slashCommandFields,
  surfaceBlocks,
  viewPayload,
} from "./payloads.ts";
import { handleResponseUrl } from "./response-url.ts";
import { signedHeaders } from "./signing.ts";
import { dmChannelOf } from "./store.ts";
import type { Refusal, StateValues } from "./types.ts";

export interface InteractionResult {
  status: number;
  body: string;
  /** The parsed body when it is JSON (e.g. a view_submission response_action). */
  json: Record<string, unknown> | undefined;
  /** Set when Slack would not apply the answer (a response_action view it refuses); also in store.refusals. */
  refused?: Refusal;
}

export interface MessageRef {
  channel: string;
  ts: string;
}
export interface SurfaceRef {
  message?: MessageRef;
  viewId?: string;
}

/** An element's value as Slack keeps it in `view.state.values`, e.g. `{ type: "datepicker", selected_date: "2026-01-31" }`. */
export type TypedValue = Record<string, unknown> & { type: string };

/** One thing a person does to one element of a message or a view. */
export interface ActInput extends SurfaceRef {
  userId: string;
  actionId: string;
  /** Tells apart elements that share an action_id (one approve button per listed request). */
  blockId?: string;
  /** A button's value; the stored one when not given. */
  value?: string;
  /** What was chosen or entered (selects, pickers, dispatch_action inputs); absent for a click. */
  selection?: TypedValue;
  /** Everything entered in the view so far: Slack sends the whole state with each action. */
  state?: StateValues;
}

export interface InteractionDeps extends PayloadContext {
  signingSecret: string;
  eventsUrl: () => string | undefined;
}

/** Sends signed requests to the bot's /slack/events endpoint exactly as Slack would. */
export class InteractionClient {
  constructor(private readonly deps: InteractionDeps) {}

  slashCommand(p: {
    userId: string;
    command: string;
    text?: string;
    channelId?: string;
  }): Promise<InteractionResult> {
    const fields = slashCommandFields(this.deps, {
      userId: p.userId,
      command: p.command,
      text: p.text ?? "",
      channelId: p.channelId ?? dmChannelOf(p.userId),
    });
    return this.post(new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded");
  }

  /**
   * What typing a command in Slack's composer does: sends it, then shows an answer
   * given in the HTTP response the way Slack does (ephemeral unless `in_channel`).
   */
  async typeCommand(p: {
    userId: string;
    command: string;
    text?: string;
    channelId?: string;
  }): Promise<InteractionResult> {
    const res = await this.slashCommand(p);
    const answer = res.status === 200 ? commandAnswer(res) : undefined;
    if (answer) {
      const { store } = this.deps;
      const rid = store.issueResponseUrl({
        user: p.userId,
        channel: p.channelId ?? dmChannelOf(p.userId),
      });
      handleResponseUrl(store, rid, answer, "ack");
    }
    return res;
  }

  /** block_actions for a button; block_id and value default to what the stored blocks say. */
  clickButton(
    p: SurfaceRef & { userId: string; actionId: string; value?: string; blockId?: string },
  ): Promise<InteractionResult> {
    return this.act(p);
  }

  /** block_actions for a (dispatch_action) select: `selected` is the option value. */
  selectOption(
    p: SurfaceRef & { userId: string; actionId: string; selected: string },
  ): Promise<InteractionResult> {
    const found = findElement(surfaceBlocks(this.surface(p)), p.actionId);
    if (!found) throw new Error(`selectOption: no element with action_id "${p.actionId}"`);
    return this.act({
      ...p,
      selection: {
        type: found.element.type,
        selected_option: selectedOption(found.element, p.selected),
      },
    });
  }

  /**
   * block_actions for any element: a click without `selection`, otherwise a choice or
   * an entry. In a view, Slack records the state (and the new value) before telling the app.
   */
  act(p: ActInput): Promise<InteractionResult> {
    const surface = this.surface(p);
    const found = findElement(surfaceBlocks(surface), p.actionId, p.blockId);
    if (!found && !p.blockId) throw new Error(`no element with action_id "${p.actionId}"`);
    const el = found?.element;
    const blockId = p.blockId ?? found?.block.block_id ?? "";
    if (surface.kind === "view") {
      if (p.state) surface.view.state = { values: structuredClone(p.state) };
      const values = surface.view.state.values;
      if (p.selection) values[blockId] = { ...values[blockId], [p.actionId]: p.selection };
    }
    const action = p.selection
      ? {
          ...p.selection,
          type: el?.type ?? p.selection.type,
          action_id: p.actionId,
          block_id: blockId,
        }
      : {
          type: el?.type ?? "button",
          action_id: p.actionId,
          block_id: blockId,
          ...(el?.text ? { text: el.text } : {}),
          value: p.value ?? (typeof el?.value === "string" ? el.value : undefined),
          ...(el?.style ? { style: el.style } : {}),
        };
    return this.sendPayload(blockActionsPayload(this.deps, p.userId, surface, action, p.state));
  }

  /**
   * block_suggestion: the person typed `value` into an external_select. The bot's
   * answer (`json.options` or `json.option_groups`) is what the menu lists.
   */
  suggestOptions(
    p: SurfaceRef & { userId: string; actionId: string; blockId?: string; value: string },
  ): Promise<InteractionResult> {
    const surface = this.surface(p);
    const found = findElement(surfaceBlocks(surface), p.actionId, p.blockId);
    if (!found) throw new Error(`suggestOptions: no element with action_id "${p.actionId}"`);
    return this.sendPayload(
      blockSuggestionPayload(this.deps, p.userId, surface, {
        action_id: p.actionId,
        block_id: found.block.block_id ?? "",
        value: p.value,
      }),
    );
  }

  /**
   * view_submission. Applies the answer like Slack: empty → close this view,
   * "clear" → close the stack, "update"/"push" → new view, "errors" → stay open.
   * A view Slack would refuse (checks/views.ts) is not applied: the modal stays as it was,
   * and the refusal is recorded (`refused`, store.refusals), where Slack shows the person an error.
   */
  async submitView(p: {
    userId: string;
    viewId: string;
    values: StateValues;
  }): Promise<InteractionResult> {
    const view = this.openView(p.viewId);
    view.state = { values: p.values };
    const res = await this.sendPayload(viewPayload(this.deps, "view_submission", p.userId, view));
    if (res.status !== 200) return res; // Slack shows an error and leaves the modal open
    const { store } = this.deps;
    const action = res.json?.response_action;
    if (action === "errors") view.errors = (res.json?.errors ?? {}) as Record<string, string>;
    else if (action === "update" || action === "push") {
      const result =
        action === "update"
          ? store.views.update({ viewId: view.id }, res.json?.view)
          : store.views.push(view.user, res.json?.view);
      if (!result.ok) {
        const refused = {
          source: "view_submission" as const,
          error: result.error,
          messages: result.response_metadata?.messages ?? [],
          about: view.callback_id,
        };
        store.recordRefusal(refused);
        return { ...res, refused: store.refusals.at(-1) };
      }
    } else store.views.close(view.id, action === "clear");
    return res;
  }

  /** The user dismisses a modal; the app only hears about it with notify_on_close. */
  async closeView(p: { userId: string; viewId: string }): Promise<InteractionResult | undefined> {
    const view = this.openView(p.viewId);
    // clear_on_close: closing this one closes the whole stack.
    this.deps.store.views.close(view.id, view.clear_on_close);
    if (!view.notify_on_close) return undefined;
    return this.sendPayload(viewPayload(this.deps, "view_closed", p.userId, view));
  }

  /** The person opens the app's Home tab (default) or its Messages tab; Slack tells the app either way. */
  openHome(p: { userId: string; tab?: "home" | "messages" }): Promise<InteractionResult> {
    return this.post(
      JSON.stringify(appHomeOpenedEvent(this.deps, p.userId, p.tab)),
      "application/json",
    );
  }

  /** Slack tells the app its step was reached in a workflow (an event, with the step's token). */
  functionExecuted(e: Execution, spec?: FunctionSpec): Promise<InteractionResult> {
    return this.post(JSON.stringify(functionExecutedEvent(this.deps, e, spec)), "application/json");
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

/** A slash command's HTTP answer as a message body: JSON as given, plain text as `{ text }`. */
function commandAnswer(res: InteractionResult): Record<string, unknown> | undefined {
  if (res.json) return res.json;
  return res.body.trim() ? { text: res.body } : undefined;
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
