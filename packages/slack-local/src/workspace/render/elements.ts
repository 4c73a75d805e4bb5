// Block Kit elements as HTML controls. Each control carries what the page script needs to
// report it back as Slack would: data-type, data-action-id, data-block-id, and, for
// options, the option object itself (data-option) so selected_option is exact.
import { t } from "../messages.ts";
import { attrs, type Html, html } from "./html.ts";
import { plain, type RenderContext, textObject } from "./text.ts";

export type Element = Record<string, unknown> & { type: string; action_id?: string };
type Option = { text?: unknown; value?: string; description?: unknown };
type Value = Record<string, unknown> | undefined;

export interface Placement {
  blockId: string;
  /**
   * When the element tells the app about a change: always outside input blocks, only with
   * dispatch_action inside them ("on_enter_pressed" / "on_character_entered" for text).
   */
  dispatch?: string;
  /** Its entry in the view's state (what was typed or chosen), which wins over initial_*. */
  value?: Value;
  /** For the input block's <label for>. */
  id?: string;
}

export function renderElement(el: Element, at: Placement, ctx: RenderContext): Html {
  const base = {
    id: at.id,
    "data-type": el.type,
    "data-action-id": el.action_id,
    "data-block-id": at.blockId,
    "data-dispatch": at.dispatch,
    autofocus: el.focus_on_load === true,
  };
  const placeholder = plain(el.placeholder);
  switch (el.type) {
    case "button":
      return button(el, base, ctx);
    case "static_select":
    case "multi_static_select":
    case "overflow":
      return staticSelect(
        el,
        at.value,
        base,
        placeholder || t(ctx.locale, el.type === "overflow" ? "overflow" : "select.placeholder"),
      );
    case "external_select":
      return externalSelect(el, at.value, base, placeholder || t(ctx.locale, "search.placeholder"));
    case "users_select":
    case "multi_users_select":
      return usersSelect(
        el,
        at.value,
        base,
        placeholder || t(ctx.locale, "users.placeholder"),
        ctx,
      );
    case "datepicker":
      return html`<input class="el" type="date"${attrs({ ...base, value: str(at.value?.selected_date ?? el.initial_date) })}>`;
    case "timepicker":
      return html`<input class="el" type="time"${attrs({ ...base, value: str(at.value?.selected_time ?? el.initial_time) })}>`;
    case "checkboxes":
    case "radio_buttons":
      return choices(el, at.value, base, ctx);
    case "plain_text_input":
    case "url_text_input":
    case "email_text_input":
    case "number_input":
      return textInput(el, at.value, base, placeholder);
    case "image":
      return html`<img class="el-image"${attrs({ src: str(el.image_url), alt: str(el.alt_text) })}>`;
    default:
      return html`<span class="unsupported">${t(ctx.locale, "unsupported", { type: el.type })}</span>`;
  }
}

function button(
  el: Element,
  base: Record<string, string | boolean | undefined>,
  ctx: RenderContext,
): Html {
  const style = el.style === "primary" || el.style === "danger" ? ` btn-${el.style}` : "";
  const confirm = isObject(el.confirm) ? confirmJson(el.confirm, ctx) : undefined;
  return html`<button type="button" class="el btn${style}"${attrs({ ...base, "data-url": str(el.url), "data-confirm": confirm })}>${plain(el.text)}</button>`;
}

/** The confirmation dialog, rendered here (its text may be mrkdwn) and shown by the page script. */
function confirmJson(c: Record<string, unknown>, ctx: RenderContext): string {
  return JSON.stringify({
    title: plain(c.title),
    html: textObject(c.text, ctx).value,
    confirm: plain(c.confirm) || t(ctx.locale, "confirm.ok"),
    deny: plain(c.deny) || t(ctx.locale, "confirm.cancel"),
    style: c.style === "danger" ? "danger" : "primary",
  });
}

function staticSelect(
  el: Element,
  value: Value,
  base: Record<string, string | boolean | undefined>,
  placeholder: string,
): Html {
  const multi = el.type === "multi_static_select";
  const chosen = new Set(selectedValues(value, multi ? el.initial_options : el.initial_option));
  const option = (o: Option) =>
    html`<option${attrs({ value: o.value, "data-option": JSON.stringify(o), selected: chosen.has(o.value ?? "") })}>${plain(o.text)}</option>`;
  const groups = Array.isArray(el.option_groups)
    ? (el.option_groups as { label?: unknown; options?: Option[] }[])
    : [];
  return html`<select class="el"${attrs({ ...base, multiple: multi })}>
    ${multi ? "" : html`<option value="">${placeholder}</option>`}
    ${options(el.options).map(option)}
    ${groups.map((g) => html`<optgroup${attrs({ label: plain(g.label) })}>${options(g.options).map(option)}</optgroup>`)}
  </select>`;
}

/** A search box whose menu the page fills from the app's options answer (block_suggestion). */
function externalSelect(
  el: Element,
  value: Value,
  base: Record<string, string | boolean | undefined>,
  placeholder: string,
): Html {
  const selected = (value ? value.selected_option : el.initial_option) as Option | null | undefined;
  return html`<div class="el combo"${attrs({ ...base, "data-min-query": Number(el.min_query_length ?? 3), "data-option": selected ? JSON.stringify(selected) : "" })}>
    <input type="text" class="combo-input" autocomplete="off"${attrs({ placeholder, value: selected ? plain(selected.text) : "" })}>
    <ul class="combo-list" role="listbox" hidden></ul>
  </div>`;
}

function usersSelect(
  el: Element,
  value: Value,
  base: Record<string, string | boolean | undefined>,
  placeholder: string,
  ctx: RenderContext,
): Html {
  const multi = el.type === "multi_users_select";
  const current = value
    ? multi
      ? value.selected_users
      : value.selected_user
    : multi
      ? el.initial_users
      : el.initial_user;
  const chosen = new Set(
    Array.isArray(current) ? current.map(String) : current ? [String(current)] : [],
  );
  return html`<select class="el"${attrs({ ...base, multiple: multi })}>
    ${multi ? "" : html`<option value="">${placeholder}</option>`}
    ${ctx.users.map((u) => html`<option${attrs({ value: u.id, selected: chosen.has(u.id) })}>${u.name}</option>`)}
  </select>`;
}

function choices(
  el: Element,
  value: Value,
  base: Record<string, string | boolean | undefined>,
  ctx: RenderContext,
): Html {
  const radio = el.type === "radio_buttons";
  const chosen = new Set(selectedValues(value, radio ? el.initial_option : el.initial_options));
  const name = `${base["data-block-id"]}/${el.action_id}`;
  return html`<div class="el choices"${attrs(base)}>${options(el.options).map(
    (
      o,
    ) => html`<label class="choice"><input${attrs({ type: radio ? "radio" : "checkbox", name, value: o.value, "data-option": JSON.stringify(o), checked: chosen.has(o.value ?? "") })}>
      <span>${textObject(o.text, ctx)}${o.description ? html`<small class="choice-desc">${textObject(o.description, ctx)}</small>` : ""}</span></label>`,
  )}</div>`;
}

function textInput(
  el: Element,
  value: Value,
  base: Record<string, string | boolean | undefined>,
  placeholder: string,
): Html {
  const current = str(value ? value.value : el.initial_value) ?? "";
  const limits = {
    placeholder: placeholder || undefined,
    maxlength: num(el.max_length),
    minlength: num(el.min_length),
  };
  if (el.type === "plain_text_input" && el.multiline === true) {
    return html`<textarea class="el" rows="4"${attrs({ ...base, ...limits })}>${current}</textarea>`;
  }
  const type =
    { url_text_input: "url", email_text_input: "email", number_input: "number" }[el.type] ?? "text";
  const number =
    el.type === "number_input"
      ? {
          step: el.is_decimal_allowed === true ? "any" : "1",
          min: str(el.min_value),
          max: str(el.max_value),
          inputmode: el.is_decimal_allowed === true ? "decimal" : "numeric",
        }
      : {};
  return html`<input class="el"${attrs({ type, ...base, ...limits, ...number, value: current })}>`;
}

function options(list: unknown): Option[] {
  return Array.isArray(list) ? (list.filter(isObject) as Option[]) : [];
}

/** Option values from a state entry (selected_option(s)) or, without one, the initial option(s). */
function selectedValues(value: Value, initial: unknown): string[] {
  const source = value ? (value.selected_options ?? value.selected_option) : initial;
  const list = Array.isArray(source) ? source : source ? [source] : [];
  return list.filter(isObject).map((o) => String(o.value));
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === "number" ? v : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
