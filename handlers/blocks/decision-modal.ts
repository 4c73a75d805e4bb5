// Modals of an approver's decision: a reason (reject, return), a person (transfer, 加签,
// 抄送), and approving with the step's inputs and amendable values.

import type { View } from "@slack/types";
import { Bits, Blocks, Elements, Modal } from "slack-block-builder";
import type { FormValues } from "../../src/definitions/condition.ts";
import type { FieldDef, ProcessDef, StepDef } from "../../src/definitions/schema.ts";
import { DECISION_TEXT_MAX } from "../../src/engine/decision-text.ts";
import { type Locale, pick, t } from "../../src/i18n/index.ts";
import type { CustomerSummary, RequestView } from "../../src/requests/load-request-view.ts";
import { ids } from "../ids.ts";
import { fitView, metadata } from "./fit-view.ts";
import { mention, plainValue, requestRef, stepName } from "./format.ts";
import { bold, escapeMrkdwn } from "./mrkdwn.ts";
import { inputBlock } from "./request-modal.ts";

export type DecisionKind = "reject" | "return" | "transfer" | "approve" | "add_approver" | "cc";

export interface DecisionMeta {
  assignmentId: number;
}

/** What the approve and 加签 modals show: the step's inputs and the values it may amend. */
export interface DecisionStep {
  def: ProcessDef;
  step: StepDef;
  form: FormValues;
  customers: Map<string, CustomerSummary>;
}

const callbackIds: Record<DecisionKind, string> = {
  reject: ids.view.reject,
  return: ids.view.return,
  transfer: ids.view.transfer,
  approve: ids.view.approve,
  add_approver: ids.view.addApprover,
  cc: ids.view.cc,
};

const titles = {
  reject: "modal.reject.title",
  return: "modal.return.title",
  transfer: "modal.transfer.title",
  approve: "modal.approve.title",
  add_approver: "modal.add_approver.title",
  cc: "modal.cc.title",
} as const;

/** The modal's title, known before anything is read (it opens at once with it). */
export const decisionTitle = (kind: DecisionKind, locale: Locale) => t(locale, titles[kind]);

/** The modal's first line: the request and the step, named as in the version the request pinned. */
export function decisionAbout(view: RequestView, stepKey: string, locale: Locale): string {
  const def = view.process.def;
  return t(locale, "modal.decision.about", {
    request: requestRef(locale, escapeMrkdwn(pick(locale, def.name)), view.request.id),
    requester: mention(view.request.requesterId),
    step: escapeMrkdwn(stepName(def, stepKey, locale)),
  });
}

export function buildDecisionModal(
  kind: DecisionKind,
  meta: DecisionMeta,
  about: string,
  locale: Locale,
  on?: DecisionStep,
): View {
  const view = Modal({
    title: t(locale, titles[kind]),
    callbackId: callbackIds[kind],
    submit: t(locale, "modal.submit"),
    close: t(locale, "modal.cancel"),
    privateMetaData: metadata(meta),
  })
    .blocks(Blocks.Section({ text: about }), ...fieldsOf(kind, locale, on))
    .buildToObject() as View;
  // Labels and options come from definitions and form values (an amended customer's name…).
  return fitView(view);
}

function fieldsOf(kind: DecisionKind, locale: Locale, on?: DecisionStep) {
  const comment = (
    label:
      | "modal.transfer.comment"
      | "modal.approve.comment"
      | "modal.add_approver.comment"
      | "modal.cc.comment",
  ) =>
    Blocks.Input({ label: t(locale, label), blockId: ids.block.comment })
      .optional(true)
      .element(
        Elements.TextInput({ actionId: ids.block.comment, maxLength: DECISION_TEXT_MAX }).multiline(
          true,
        ),
      );
  switch (kind) {
    case "reject":
    case "return":
      return [
        Blocks.Input({
          label: t(locale, kind === "reject" ? "modal.reject.reason" : "modal.return.reason"),
          blockId: ids.block.reason,
        }).element(
          Elements.TextInput({
            actionId: ids.block.reason,
            maxLength: DECISION_TEXT_MAX,
          }).multiline(true),
        ),
      ];
    case "transfer":
      return [
        Blocks.Input({
          label: t(locale, "modal.transfer.target"),
          blockId: ids.block.target,
        }).element(Elements.UserSelect({ actionId: ids.block.target })),
        comment("modal.transfer.comment"),
      ];
    case "cc":
      return [
        Blocks.Input({ label: t(locale, "modal.cc.people"), blockId: ids.block.people }).element(
          Elements.UserMultiSelect({ actionId: ids.block.people, maxSelectedItems: 20 }),
        ),
        comment("modal.cc.comment"),
      ];
    case "approve":
      return [
        ...stepInputs(locale, on),
        ...amendInputs(locale, on),
        comment("modal.approve.comment"),
      ];
    case "add_approver": {
      const before = Bits.Option({ text: t(locale, "modal.add_approver.before"), value: "before" });
      const after = Bits.Option({ text: t(locale, "modal.add_approver.after"), value: "after" });
      const inputs = stepInputs(locale, on, false);
      return [
        Blocks.Input({
          label: t(locale, "modal.add_approver.position"),
          blockId: ids.block.position,
        }).element(
          Elements.StaticSelect({ actionId: ids.block.position })
            .options(before, after)
            .initialOption(before),
        ),
        Blocks.Input({
          label: t(locale, "modal.add_approver.person"),
          blockId: ids.block.target,
        }).element(Elements.UserSelect({ actionId: ids.block.target })),
        comment("modal.add_approver.comment"),
        ...(inputs.length > 0
          ? [Blocks.Context().elements(t(locale, "modal.add_approver.inputs")), ...inputs]
          : []),
      ];
    }
  }
}

/** The step's own questions (e.g. a department's opinion); optional when they only apply to one choice. */
function stepInputs(locale: Locale, on: DecisionStep | undefined, required = true) {
  const inputs = on?.step.inputs ?? [];
  if (inputs.length === 0) return [];
  const blocks = inputs.map((f) =>
    inputBlock(
      {
        ...f,
        key: `${ids.block.inputsPrefix}${f.key}`,
        required: required && f.required,
      } as FieldDef,
      locale,
      undefined,
      new Map(),
      false,
    ),
  );
  return required
    ? [Blocks.Section({ text: bold(t(locale, "modal.approve.inputs")) }), ...blocks]
    : blocks;
}

/** Amendable values, empty = unchanged; the label shows the current value. */
function amendInputs(locale: Locale, on: DecisionStep | undefined) {
  if (!on?.step.amend?.length) return [];
  const blocks = on.step.amend.flatMap((rule) => {
    const field = on.def.fields.find((f) => f.key === rule.field);
    if (!field) return [];
    const label = t(locale, "modal.amend.label", {
      field: pick(locale, field.label),
      from: plainValue(field, on.form[field.key], locale, on.customers),
    });
    const hint = t(locale, `modal.amend.hint.${rule.direction}`);
    const amendable = {
      ...field,
      key: `${ids.block.amendPrefix}${field.key}`,
      label: { zh: label, en: label },
      hint: { zh: hint, en: hint },
      required: false,
    } as FieldDef;
    return [inputBlock(amendable, locale, undefined, on.customers, false)];
  });
  const intro = t(locale, "modal.approve.amend", {
    title: bold(t(locale, "modal.approve.amend.title")),
  });
  return [Blocks.Section({ text: intro }), ...blocks];
}
