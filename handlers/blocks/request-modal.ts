// The form of a process as a modal: one input block per field, block_id = action_id = field key.
import { Bits, Blocks, Elements, Modal } from "slack-block-builder";
import type { KnownBlock, View } from "@slack/types";
import type { FormValues } from "../../src/definitions/condition.ts";
import type { FieldDef, ProcessDef } from "../../src/definitions/schema.ts";
import { pick, t, type Locale } from "../../src/i18n/index.ts";
import { requestCallbackId } from "../ids.ts";
import type { CustomerSummary } from "../../src/requests/load-request-view.ts";

export interface RequestModalMeta {
  /** Set when the modal edits a returned request. */
  requestId?: number;
}

export interface RequestModalInput {
  def: ProcessDef;
  locale: Locale;
  /** Prefill (resubmission). */
  values?: FormValues;
  customers?: Map<string, CustomerSummary>;
  meta?: RequestModalMeta;
  /** A line shown above the fields (e.g. why it was returned). */
  intro?: string;
  /** Fields that change the approval path: editing one tells the app (dispatch_action) to refresh the preview. */
  dispatch?: ReadonlySet<string>;
  /** The path preview (handlers/blocks/path-preview.ts), shown under the fields. */
  preview?: KnownBlock[];
}

/** Slack limits modal titles to 24 characters. */
const title = (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s);

export function buildRequestModal(input: RequestModalInput): View {
  const { def, locale, values = {}, customers = new Map() } = input;
  const view = Modal({
    title: title(input.meta?.requestId ? t(locale, "modal.resubmit.title") : pick(locale, def.name)),
    callbackId: requestCallbackId(def.key),
    submit: t(locale, "modal.submit"),
    close: t(locale, "modal.cancel"),
    privateMetaData: JSON.stringify(input.meta ?? {}),
  })
    .blocks(
      input.intro ? Blocks.Section({ text: input.intro }) : undefined,
      def.description && !input.intro ? Blocks.Context().elements(pick(locale, def.description)) : undefined,
      ...def.fields.map((f) => inputBlock(f, locale, values[f.key], customers, input.dispatch?.has(f.key) ?? false)),
    )
    .buildToObject() as View;
  // The preview is plain Block Kit (sections with fixed block ids), appended as is.
  return input.preview?.length ? { ...view, blocks: [...view.blocks, ...input.preview] } : view;
}

/** One form field as an input block (also used for an approver's inputs and amended values). */
export function inputBlock(field: FieldDef, locale: Locale, value: FormValues[string] | undefined, customers: Map<string, CustomerSummary>, dispatch: boolean) {
  const block = Blocks.Input({ label: pick(locale, field.label), blockId: field.key, hint: field.hint ? pick(locale, field.hint) : undefined });
  if (dispatch) block.dispatchAction(true);
  // A checkbox left unticked is an answer, so it is never "required" to Slack.
  block.optional(!field.required || field.type === "checkbox");
  const v = value === null || value === undefined ? undefined : value;
  return block.element(element(field, locale, v, customers, dispatch));
}

function element(field: FieldDef, locale: Locale, value: string | boolean | undefined, customers: Map<string, CustomerSummary>, dispatch: boolean) {
  const actionId = field.key;
  const s = typeof value === "string" ? value : undefined;
  // Typed inputs report each change (Enter would not be pressed in a form); selects and pickers report a choice anyway.
  const typed = <T extends { dispatchActionOnCharacterEntered(on?: boolean): T }>(el: T) => (dispatch ? el.dispatchActionOnCharacterEntered(true) : el);
  switch (field.type) {
    case "text":
      return typed(Elements.TextInput({ actionId, maxLength: field.max_length, initialValue: s }));
    case "textarea":
      return typed(Elements.TextInput({ actionId, maxLength: field.max_length, initialValue: s }).multiline(true));
    case "money":
      return typed(Elements.TextInput({ actionId, placeholder: t(locale, "modal.money.placeholder"), initialValue: s }));
    case "number":
      return typed(Elements.NumberInput({ actionId, isDecimalAllowed: !field.integer, minValue: field.min, maxValue: field.max, initialValue: s === undefined ? undefined : Number(s) }));
    case "select": {
      const options = field.options.map((o) => Bits.Option({ text: pick(locale, o.label), value: o.value }));
      const initial = options.find((_, i) => field.options[i]!.value === s);
      return Elements.StaticSelect({ actionId }).options(options).initialOption(initial);
    }
    case "date":
      return Elements.DatePicker({ actionId, initialDate: calendarDate(s) });
    case "user":
      return Elements.UserSelect({ actionId, initialUser: s });
    case "customer": {
      const c = s ? customers.get(s) : undefined;
      return Elements.ExternalSelect({ actionId, minQueryLength: 0, placeholder: t(locale, "modal.customer.placeholder") }).initialOption(
        s ? Bits.Option({ text: (c ? `${c.code} ${c.name}` : s).slice(0, 75), value: s }) : undefined,
      );
    }
    case "link":
      return typed(Elements.URLInput({ actionId, initialValue: s }));
    case "checkbox": {
      const yes = Bits.Option({ text: t(locale, "modal.checkbox.yes"), value: "true" });
      return Elements.Checkboxes({ actionId }).options(yes).initialOptions(value === true ? yes : undefined);
    }
  }
}

/**
 * A stored date ("2026-12-01") as the Date slack-block-builder wants: it writes initial_date
 * with toISOString (UTC), so the day must be UTC midnight. Local midnight would shift it a day
 * back wherever the server runs ahead of UTC (Asia/Shanghai). Anything else is not offered.
 */
function calendarDate(s: string | undefined): Date | undefined {
  const m = s?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().startsWith(s!) ? d : undefined;
}
