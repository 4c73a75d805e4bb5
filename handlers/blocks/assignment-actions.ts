// The buttons of an actionable assignment, the same wherever it is shown (its DM, the
// `/approval list` answer, the App Home), so a click is handled the same everywhere.
import { Bits, Blocks, Elements } from "slack-block-builder";
import { type Locale, t } from "../../src/i18n/index.ts";
import { ids } from "../ids.ts";

/** `step` is plain text (confirmation dialogs do not render mrkdwn). */
export interface AssignmentAbout {
  process: string;
  id: number;
  step: string;
}

/** `asksApprover`: approving opens a form (the step's inputs, amendable values) instead of a confirmation. */
export function assignmentActions(
  a: { id: number; kind: string },
  about: AssignmentAbout,
  locale: Locale,
  asksApprover = false,
) {
  const value = String(a.id);
  const confirm = (title: string, text: string) =>
    Bits.ConfirmationDialog({
      title,
      text,
      confirm: t(locale, "confirm.yes"),
      deny: t(locale, "confirm.no"),
    });
  const buttons =
    a.kind === "TASK"
      ? [
          Elements.Button({ text: t(locale, "button.done"), actionId: ids.action.taskDone, value })
            .primary()
            .confirm(
              confirm(
                t(locale, "confirm.done.title"),
                t(locale, "confirm.done.text", { ...about }),
              ),
            ),
        ]
      : [
          asksApprover
            ? Elements.Button({
                text: t(locale, "button.approve"),
                actionId: ids.action.approve,
                value,
              }).primary()
            : Elements.Button({
                text: t(locale, "button.approve"),
                actionId: ids.action.approve,
                value,
              })
                .primary()
                .confirm(
                  confirm(
                    t(locale, "confirm.approve.title"),
                    t(locale, "confirm.approve.text", { ...about }),
                  ),
                ),
          Elements.Button({
            text: t(locale, "button.reject"),
            actionId: ids.action.reject,
            value,
          }).danger(),
          Elements.Button({ text: t(locale, "button.return"), actionId: ids.action.return, value }),
          Elements.Button({
            text: t(locale, "button.transfer"),
            actionId: ids.action.transfer,
            value,
          }),
          Elements.Button({
            text: t(locale, "button.add_approver"),
            actionId: ids.action.addApprover,
            value,
          }),
          Elements.Button({ text: t(locale, "button.cc"), actionId: ids.action.cc, value }),
        ];
  // The block id tells the approve click, before any database read, that it opens a form:
  // the modal must open within the trigger_id's 3 seconds whatever the database is doing.
  return Blocks.Actions({
    blockId: `${ids.block.assignmentPrefix}${a.id}${asksApprover ? ids.block.opensFormSuffix : ""}`,
  }).elements(...buttons);
}
