// The form of a process as a modal: one input block per field, block_id = action_id = field key.

import type { KnownBlock, View } from "@slack/types";
import { Bits, Blocks, Elements, Modal } from "slack-block-builder";
import type { FormValues } from "../../src/definitions/condition.ts";
import type { FieldDef, ProcessDef } from "../../src/definitions/schema.ts";
import { type Locale, pick, stripBidi, t } from "../../src/i18n/index.ts";
import type { CustomerSummary } from "../../src/requests/load-request-view.ts";
import { ids, requestCallbackId } from "../ids.ts";
import { commandText } from "./command-text.ts";
import { fitView, metadata } from "./fit-view.ts";
import { limits } from "./limits.ts";
import { cutPlain } from "./slack-text.ts";

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

export function buildRequestModal(input: RequestModalInput): View {
  const { def, locale, values = {}, customers = new Map() } = input;
  const view = Modal({
    title: input.meta?.requestId ? t(locale, "modal.resubmit.title") : pick(locale, def.name),
    callbackId: requestCallbackId(def.key),
    submit: t(locale, "modal.submit"),
    close: t(locale, "modal.cancel"),
    privateMetaData: metadata(input.meta ?? {}),
  })
    .blocks(
      input.intro ? Blocks.Section({ text: input.intro }) : undefined,
      def.description && !input.intro
        ? Blocks.Context().elements(pick(locale, def.description))
        : undefined,
      ...def.fields.map((f) =>
        inputBlock(f, locale, values[f.key], customers, input.dispatch?.has(f.key) ?? false),
      ),
    )
    .buildToObject() as View;
  // The preview is plain Block Kit (sections with fixed block ids), appended as is, in what room the form leaves.
  const preview = fitPreview(
    input.preview ?? [],
    limits.viewBlocks - view.blocks.length,
    def.key,
    locale,
  );
  return fitView({ ...view, blocks: [...view.blocks, ...preview] });
}

/**
 * The path preview in `room` blocks: a process with many fields leaves little, so the preview
 * keeps its first steps and says where to see the rest (the form itself never gives way).
 */
function fitPreview(
  preview: KnownBlock[],
  room: number,
  processKey: string,
  locale: Locale,
): KnownBlock[] {
  if (preview.length <= room) return preview;
  const text = t(locale, "preview.more", { command: commandText("path", processKey) });
  const more: KnownBlock = {
    type: "context",
    block_id: `${ids.block.pathPreview}:more`,
    elements: [{ type: "mrkdwn", text }],
  };
  if (room < 3) return room >= 1 ? [more] : [];
  const steps = preview.filter((b) => b.type === "section").slice(0, room - 2);
  return [preview[0]!, ...steps, more];
}

/** One form field as an input block (also used for an approver's inputs and amended values). */
export function inputBlock(
  field: FieldDef,
  locale: Locale,
  value: FormValues[string] | undefined,
  customers: Map<string, CustomerSummary>,
  dispatch: boolean,
) {
  const block = Blocks.Input({
    label: pick(locale, field.label),
    blockId: field.key,
    hint: field.hint ? pick(locale, field.hint) : undefined,
  });
  if (dispatch) block.dispatchAction(true);
  // A checkbox left unticked is an answer, so it is never "required" to Slack.
  block.optional(!field.required || field.type === "checkbox");
  const v = value === null || value === undefined ? undefined : value;
  return block.element(element(field, locale, v, customers, dispatch));
}

function element(
  field: FieldDef,
  locale: Locale,
  value: string | boolean | undefined,
  customers: Map<string, CustomerSummary>,
  dispatch: boolean,
) {
  const actionId = field.key;
  const s = typeof value === "string" ? value : undefined;
  // Typed inputs report each change (Enter would not be pressed in a form); selects and pickers report a choice anyway.
  const typed = <T extends { dispatchActionOnCharacterEntered(on?: boolean): T }>(el: T) =>
    dispatch ? el.dispatchActionOnCharacterEntered(true) : el;
  switch (field.type) {
    case "text":
      return typed(Elements.TextInput({ actionId, maxLength: field.max_length, initialValue: s }));
    case "textarea":
      return typed(
        Elements.TextInput({ actionId, maxLength: field.max_length, initialValue: s }).multiline(
          true,
        ),
      );
    case "money":
      return typed(
        Elements.TextInput({
          actionId,
          placeholder: t(locale, "modal.money.placeholder"),
          initialValue: s,
        }),
      );
    case "number":
      return typed(
        Elements.NumberInput({
          actionId,
          isDecimalAllowed: !field.integer,
          minValue: field.min,
          maxValue: field.max,
          initialValue: s === undefined ? undefined : Number(s),
        }),
      );
    case "select":
      return selectOf(field, locale, s);
    case "date":
      return Elements.DatePicker({ actionId, initialDate: calendarDate(s) });
    case "user":
      return Elements.UserSelect({ actionId, initialUser: s });
    case "customer": {
      const c = s ? customers.get(s) : undefined;
      return Elements.ExternalSelect({
        actionId,
        minQueryLength: 0,
        placeholder: t(locale, "modal.customer.placeholder"),
      }).initialOption(
        // A name from the database is shown as stored, but never with controls that reorder the text.
        s
          ? Bits.Option({
              text: cutPlain(stripBidi(c ? `${c.code} ${c.name}` : s), limits.optionText),
              value: s,
            })
          : undefined,
      );
    }
    case "link":
      return typed(Elements.URLInput({ actionId, initialValue: s }));
    case "checkbox": {
      const yes = Bits.Option({ text: t(locale, "modal.checkbox.yes"), value: "true" });
      return Elements.Checkboxes({ actionId })
        .options(yes)
        .initialOptions(value === true ? yes : undefined);
    }
  }
}

/** A select of a definition's options: past Slack's 100 a select, in groups of 100 (up to 100 groups). */
function selectOf(
  field: Extract<FieldDef, { type: "select" }>,
  locale: Locale,
  value: string | undefined,
) {
  const options = field.options.map((o) =>
    Bits.Option({ text: cutPlain(pick(locale, o.label), limits.optionText), value: o.value }),
  );
  const initial = options.find((_, i) => field.options[i]!.value === value);
  const select = Elements.StaticSelect({ actionId: field.key }).initialOption(initial);
  if (options.length <= limits.options) return select.options(options);
  const groups = [];
  for (
    let from = 0;
    from < options.length && groups.length < limits.optionGroups;
    from += limits.options
  ) {
    const label = t(locale, "modal.options.group", {
      from: from + 1,
      to: Math.min(from + limits.options, options.length),
    });
    groups.push(Bits.OptionGroup({ label }).options(options.slice(from, from + limits.options)));
  }
  return select.optionGroups(groups);
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
