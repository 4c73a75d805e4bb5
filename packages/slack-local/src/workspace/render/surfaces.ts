// The three surfaces a person sees: the DM with the app (messages and ephemeral replies),
// the App Home, and the top modal of their stack.
import type { StoredEphemeral, StoredMessage, StoredView } from "../../types.ts";
import { t } from "../messages.ts";
import { renderBlocks } from "./blocks.ts";
import { attrs, type Html, html } from "./html.ts";
import { mrkdwn, plain, type RenderContext, userName } from "./text.ts";

export interface AppLook {
  /** Shown as the sender of the app's messages (the manifest's display name). */
  name: string;
  botUserId: string;
}

type Item = { kind: "message"; m: StoredMessage } | { kind: "ephemeral"; m: StoredEphemeral };

export function renderConversation(
  messages: StoredMessage[],
  ephemerals: StoredEphemeral[],
  ctx: RenderContext,
  app: AppLook,
): Html {
  const items: Item[] = [
    ...messages.map((m) => ({ kind: "message" as const, m })),
    ...ephemerals.map((m) => ({ kind: "ephemeral" as const, m })),
  ].sort((a, b) => Number(a.m.ts) - Number(b.m.ts));
  if (items.length === 0)
    return html`<div class="empty">${mrkdwn(t(ctx.locale, "dm.empty"), ctx)}</div>`;
  return html`${items.map((item) => renderItem(item, ctx, app))}`;
}

function renderItem(item: Item, ctx: RenderContext, app: AppLook): Html {
  const { m } = item;
  const ephemeral = item.kind === "ephemeral";
  const sender =
    ephemeral || m.user === app.botUserId || (item.kind === "message" && item.m.bot_id)
      ? app.name
      : userName(ctx, m.user);
  const edited = item.kind === "message" && item.m.versions.length > 1;
  const body = m.blocks?.length
    ? renderBlocks(m.blocks, ctx)
    : html`<div class="b-text">${mrkdwn(m.text, ctx)}</div>`;
  const files = item.kind === "message" ? (item.m.files ?? []) : [];
  return html`<article${attrs({ class: `msg${ephemeral ? " ephemeral" : ""}`, id: `msg-${m.ts.replace(".", "")}`, "data-ts": m.ts, "data-channel": m.channel, "data-ephemeral": ephemeral })}>
    <div class="avatar">${[...sender][0] ?? "?"}</div>
    <div class="msg-body">
      <div class="msg-meta"><b>${sender}</b>${sender === app.name ? html`<span class="app-tag">${t(ctx.locale, "app_tag")}</span>` : ""}
        <time>${clock(m.ts, ctx)}</time>${edited ? html`<span class="edited">${t(ctx.locale, "edited")}</span>` : ""}</div>
      <div class="msg-content">${body}</div>
      ${files.length ? html`<div class="files">${files.map((f) => html`<a class="file"${attrs({ href: `/workspace/files/${f.id}`, download: f.name })}>📎 ${f.title || f.name}</a>`)}</div>` : ""}
      ${ephemeral ? html`<div class="eph-note">👁 ${t(ctx.locale, "ephemeral")} · <button type="button" class="link dismiss"${attrs({ "data-ts": m.ts })}>${t(ctx.locale, "ephemeral.dismiss")}</button></div>` : ""}
    </div>
  </article>`;
}

export function renderHome(view: StoredView | undefined, ctx: RenderContext): Html {
  if (!view) return html`<div class="empty">${t(ctx.locale, "home.empty")}</div>`;
  return html`<div class="home" data-view-id="${view.id}">${renderBlocks(view.blocks, ctx, { values: view.state.values })}</div>`;
}

/** What decides whether the page must redraw an open modal: another view, an update, new errors. */
export function modalSignature(view: StoredView): string {
  return `${view.id}:${view.hash}:${JSON.stringify(view.errors ?? {})}`;
}

export function renderModal(view: StoredView, depth: number, ctx: RenderContext): Html {
  const close = plain(view.close) || t(ctx.locale, "modal.close");
  return html`<div class="modal-backdrop">
    <form class="modal" novalidate${attrs({ "data-view-id": view.id, "data-signature": modalSignature(view), "data-depth": depth })}>
      <header class="modal-head">
        ${depth > 1 ? html`<button type="button" class="modal-back" data-close aria-label="${close}">‹</button>` : ""}
        <h2>${plain(view.title)}</h2>
        <button type="button" class="modal-x" data-close aria-label="${close}">×</button>
      </header>
      <div class="modal-body">${renderBlocks(view.blocks, ctx, { values: view.state.values, errors: view.errors })}</div>
      <footer class="modal-foot">
        <button type="button" class="btn" data-close>${close}</button>
        ${view.submit ? html`<button type="submit" class="btn btn-primary" data-submit>${plain(view.submit)}</button>` : ""}
      </footer>
    </form>
  </div>`;
}

function clock(ts: string, ctx: RenderContext): string {
  const at = new Date(Number(ts) * 1000);
  return new Intl.DateTimeFormat(ctx.locale, {
    timeZone: ctx.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
}
