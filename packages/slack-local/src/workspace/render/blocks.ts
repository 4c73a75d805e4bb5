// Block Kit blocks as HTML, close enough to Slack's look to use: header, section (text,
// fields, accessory), context, divider, actions, input, image; others are named, not hidden.
import type { Block, StateValues } from "../../types.ts";
import { t } from "../messages.ts";
import { type Element, renderElement } from "./elements.ts";
import { attrs, type Html, html } from "./html.ts";
import { plain, type RenderContext, textObject } from "./text.ts";

/** A view's state and field errors; messages have neither. */
export interface SurfaceState {
  values?: StateValues;
  errors?: Record<string, string>;
}

const TEXT_INPUTS = new Set([
  "plain_text_input",
  "number_input",
  "url_text_input",
  "email_text_input",
]);

export function renderBlocks(
  blocks: readonly Block[],
  ctx: RenderContext,
  state: SurfaceState = {},
): Html {
  return html`${blocks.map((b) => renderBlock(b, ctx, state))}`;
}

function renderBlock(block: Block, ctx: RenderContext, state: SurfaceState): Html {
  const blockId = block.block_id ?? "";
  const valueFor = (el: Element) => state.values?.[blockId]?.[el.action_id ?? ""];
  const element = (el: unknown, dispatch = "change") =>
    isElement(el) ? renderElement(el, { blockId, dispatch, value: valueFor(el) }, ctx) : html``;
  switch (block.type) {
    case "header":
      return html`<div class="b b-header"${attrs({ "data-block-id": blockId })}>${plain(block.text)}</div>`;
    case "section": {
      const fields = Array.isArray(block.fields) ? block.fields : [];
      return html`<div class="b b-section"${attrs({ "data-block-id": blockId })}>
        <div class="b-section-main">
          ${block.text ? html`<div class="b-text">${textObject(block.text, ctx)}</div>` : ""}
          ${fields.length ? html`<div class="b-fields">${fields.map((f) => html`<div class="b-field">${textObject(f, ctx)}</div>`)}</div>` : ""}
        </div>
        ${block.accessory ? html`<div class="b-accessory">${element(block.accessory)}</div>` : ""}
      </div>`;
    }
    case "context": {
      const items = Array.isArray(block.elements) ? block.elements : [];
      return html`<div class="b b-context"${attrs({ "data-block-id": blockId })}>${items.map((e) =>
        isElement(e) && e.type === "image" ? element(e) : html`<span>${textObject(e, ctx)}</span>`,
      )}</div>`;
    }
    case "divider":
      return html`<hr class="b b-divider">`;
    case "actions": {
      const items = Array.isArray(block.elements) ? block.elements : [];
      return html`<div class="b b-actions"${attrs({ "data-block-id": blockId })}>${items.map((e) => element(e))}</div>`;
    }
    case "input":
      return input(block, ctx, state);
    case "image":
      return html`<figure class="b b-image">${block.title ? html`<figcaption>${plain(block.title)}</figcaption>` : ""}<img${attrs({ src: String(block.image_url ?? ""), alt: String(block.alt_text ?? "") })}></figure>`;
    case "rich_text":
      return html`<div class="b b-text">${richText(block.elements)}</div>`;
    default:
      return html`<div class="b unsupported">${t(ctx.locale, "unsupported", { type: block.type })}</div>`;
  }
}

function input(block: Block, ctx: RenderContext, state: SurfaceState): Html {
  const blockId = block.block_id ?? "";
  const el = isElement(block.element) ? block.element : undefined;
  const id = `in-${blockId}`;
  // With dispatch_action, text inputs tell the app on Enter (or per character); other elements on change.
  const triggers = (el?.dispatch_action_config as { trigger_actions_on?: string[] } | undefined)
    ?.trigger_actions_on ?? ["on_enter_pressed"];
  const dispatch =
    block.dispatch_action === true && el
      ? TEXT_INPUTS.has(el.type)
        ? triggers.join(" ")
        : "change"
      : undefined;
  const error = state.errors?.[blockId];
  const optional = block.optional === true;
  return html`<div${attrs({ class: `b b-input${error ? " has-error" : ""}`, "data-block-id": blockId, "data-optional": optional })}>
    <label class="b-label"${attrs({ for: id })}>${plain(block.label)}${optional ? html` <span class="optional">${t(ctx.locale, "optional")}</span>` : ""}</label>
    ${el ? renderElement(el, { blockId, dispatch, value: state.values?.[blockId]?.[el.action_id ?? ""], id }, ctx) : ""}
    ${block.hint ? html`<div class="b-hint">${plain(block.hint)}</div>` : ""}
    <div class="b-error" role="alert">${error ?? ""}</div>
  </div>`;
}

/** rich_text: its text runs, without the styling (the bot sends none). */
function richText(elements: unknown): string {
  if (!Array.isArray(elements)) return "";
  return elements
    .map((e) => {
      const o = e as { text?: unknown; elements?: unknown };
      return typeof o.text === "string" ? o.text : richText(o.elements);
    })
    .join("");
}

function isElement(v: unknown): v is Element {
  return typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string";
}
