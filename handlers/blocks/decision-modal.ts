// Modals asking an approver for a reason (reject, return) or a person (transfer).
import { Blocks, Elements, Modal } from "slack-block-builder";
import type { View } from "@slack/types";
import { t, type Locale } from "../../src/i18n/index.ts";
import { ids } from "../ids.ts";

export type DecisionKind = "reject" | "return" | "transfer";

export interface DecisionMeta {
  assignmentId: number;
}

export function buildDecisionModal(kind: DecisionKind, meta: DecisionMeta, about: string, locale: Locale): View {
  const callbackId = ids.view[kind];
  const titleKey = kind === "reject" ? "modal.reject.title" : kind === "return" ? "modal.return.title" : "modal.transfer.title";
  const fields =
    kind === "transfer"
      ? [
          Blocks.Input({ label: t(locale, "modal.transfer.target"), blockId: ids.block.target }).element(Elements.UserSelect({ actionId: ids.block.target })),
          Blocks.Input({ label: t(locale, "modal.transfer.comment"), blockId: ids.block.comment }).optional(true).element(Elements.TextInput({ actionId: ids.block.comment, maxLength: 500 }).multiline(true)),
        ]
      : [
          Blocks.Input({ label: t(locale, kind === "reject" ? "modal.reject.reason" : "modal.return.reason"), blockId: ids.block.reason }).element(
            Elements.TextInput({ actionId: ids.block.reason, maxLength: 1000 }).multiline(true),
          ),
        ];
  return Modal({ title: t(locale, titleKey), callbackId, submit: t(locale, "modal.submit"), close: t(locale, "modal.cancel"), privateMetaData: JSON.stringify(meta) })
    .blocks(Blocks.Section({ text: about }), ...fields)
    .buildToObject() as View;
}
