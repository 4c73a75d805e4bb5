import { refuseView } from "./checks/views.ts";
import { isObject, normalizeBlocks, Sequence, viewHash } from "./ids.ts";
import type { LocalIdentity, SlackView, StoredView, ViewAction } from "./types.ts";

/** A refused view: Slack's error name, and for invalid_arguments what was wrong. */
export interface ViewRefusal {
  ok: false;
  error: string;
  response_metadata?: { messages: string[] };
}

export type ViewResult = { ok: true; view: StoredView } | ViewRefusal;

/** Slack allows at most three modals stacked on top of each other. */
const MAX_STACK = 3;

/**
 * Modals (a stack per user, like Slack's) and App Home tabs. Errors use
 * Slack's codes so the API layer can pass them straight through.
 */
export class ViewStore {
  private readonly views = new Map<string, StoredView>();
  private readonly stacks = new Map<string, string[]>();
  private readonly homes = new Map<string, string>();
  private readonly ids = new Sequence("V");

  constructor(
    private readonly identity: LocalIdentity,
    private readonly emit: (action: ViewAction, view: StoredView) => void,
  ) {}

  /** views.open: a fresh stack; any modal the user still had open goes away. */
  open(user: string, spec: unknown): ViewResult {
    const checked = this.checkSpec(spec, "modal");
    if ("error" in checked) return checked;
    this.clearStack(user);
    const view = this.create(user, checked, null);
    this.stacks.set(user, [view.id]);
    this.emit("opened", view);
    return { ok: true, view };
  }

  /** views.push (or response_action "push"): on top of the user's open modal. */
  push(user: string, spec: unknown): ViewResult {
    const stack = this.stacks.get(user) ?? [];
    // Slack pushes onto the root view of an open modal; with none open there is nothing to push onto.
    if (stack.length === 0) return { ok: false, error: "not_found" };
    if (stack.length >= MAX_STACK) return { ok: false, error: "push_limit_reached" };
    const checked = this.checkSpec(spec, "modal");
    if ("error" in checked) return checked;
    const view = this.create(user, checked, stack.at(-1) ?? null, stack[0] ?? null);
    stack.push(view.id);
    this.emit("pushed", view);
    return { ok: true, view };
  }

  update(ref: { viewId?: string; externalId?: string }, spec: unknown, hash?: string): ViewResult {
    const view = ref.viewId ? this.views.get(ref.viewId) : this.byExternalId(ref.externalId);
    if (!view) return { ok: false, error: "not_found" };
    if (hash && hash !== view.hash) return { ok: false, error: "hash_conflict" };
    const checked = this.checkSpec(spec, view.type, view.external_id);
    if ("error" in checked) return checked;
    const blockIds = new Set(checked.blocks.map((b) => b.block_id));
    // Slack keeps typed input only for blocks that survive the update.
    const values = Object.fromEntries(
      Object.entries(view.state.values).filter(([id]) => blockIds.has(id)),
    );
    Object.assign(view, checked, { hash: viewHash(), state: { values } });
    delete view.errors;
    this.emit("updated", view);
    return { ok: true, view };
  }

  publishHome(user: string, spec: unknown, hash?: string): ViewResult {
    const existing = this.home(user);
    if (existing) return this.update({ viewId: existing.id }, spec, hash);
    const checked = this.checkSpec(spec, "home");
    if ("error" in checked) return checked;
    const view = this.create(user, checked, null);
    this.homes.set(user, view.id);
    this.emit("published", view);
    return { ok: true, view };
  }

  /** Closes a modal and everything stacked above it; `clear` closes the whole stack. */
  close(viewId: string, clear = false): void {
    const view = this.views.get(viewId);
    if (view?.type !== "modal") return;
    const stack = this.stacks.get(view.user) ?? [];
    const at = clear ? 0 : stack.indexOf(viewId);
    if (at < 0) return;
    for (const id of stack.splice(at).reverse()) this.markClosed(id);
  }

  get(id: string): StoredView | undefined {
    return this.views.get(id);
  }

  /** The user's open modals, bottom of the stack first. */
  openViewsOf(user: string): StoredView[] {
    return (this.stacks.get(user) ?? []).flatMap((id) => this.views.get(id) ?? []);
  }

  home(user: string): StoredView | undefined {
    const id = this.homes.get(user);
    return id ? this.views.get(id) : undefined;
  }

  private clearStack(user: string): void {
    const stack = this.stacks.get(user);
    if (stack?.[0]) this.close(stack[0], true);
  }

  private markClosed(id: string): void {
    const view = this.views.get(id);
    if (!view?.open) return;
    view.open = false;
    this.emit("closed", view);
  }

  private byExternalId(externalId: string | undefined): StoredView | undefined {
    if (!externalId) return undefined;
    return [...this.views.values()].find((v) => v.external_id === externalId);
  }

  private create(
    user: string,
    spec: ViewSpec,
    previous: string | null,
    root?: string | null,
  ): StoredView {
    const id = this.ids.next();
    const view: StoredView = {
      id,
      team_id: this.identity.teamId,
      app_id: this.identity.appId,
      bot_id: this.identity.botId,
      app_installed_team_id: this.identity.teamId,
      state: { values: {} },
      hash: viewHash(),
      previous_view_id: previous,
      root_view_id: root ?? id,
      ...spec,
      user,
      open: true,
    };
    this.views.set(id, view);
    return view;
  }

  /** Validates the app-supplied view as Slack does (checks/views.ts); a refusal names what was wrong. */
  private checkSpec(
    raw: unknown,
    type: SlackView["type"],
    ownExternalId = "",
  ): ViewSpec | ViewRefusal {
    const refused = refuseView(raw, type);
    if (refused || !isObject(raw)) return refused ?? { ok: false, error: "invalid_arguments" };
    const externalId = typeof raw.external_id === "string" ? raw.external_id : "";
    if (externalId && externalId !== ownExternalId && this.byExternalId(externalId)) {
      return { ok: false, error: "duplicate_external_id" };
    }
    return {
      type,
      title: raw.title,
      submit: raw.submit,
      close: raw.close,
      blocks: normalizeBlocks(raw.blocks) ?? [],
      callback_id: typeof raw.callback_id === "string" ? raw.callback_id : "",
      private_metadata: typeof raw.private_metadata === "string" ? raw.private_metadata : "",
      external_id: externalId,
      clear_on_close: raw.clear_on_close === true,
      notify_on_close: raw.notify_on_close === true,
    };
  }
}

type ViewSpec = Pick<
  SlackView,
  | "type"
  | "title"
  | "submit"
  | "close"
  | "blocks"
  | "callback_id"
  | "private_metadata"
  | "external_id"
  | "clear_on_close"
  | "notify_on_close"
>;
