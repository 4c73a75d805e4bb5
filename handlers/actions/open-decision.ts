// Reject, return and transfer need more than a click: check the click is still valid,
// then open a modal asking for the reason or the person.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { escapeMrkdwn, pick, t } from "../../src/i18n/index.ts";
import { buildDecisionModal, type DecisionKind } from "../blocks/decision-modal.ts";
import { mention, stepName } from "../blocks/format.ts";
import { type HandlerDeps, readerOf } from "../context.ts";
import { errorText } from "../errors.ts";
import { replyToClick } from "../reply-to-click.ts";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function openDecision(deps: HandlerDeps, kind: DecisionKind) {
  return async ({ ack, body, action, respond, client }: Args) => {
    await ack();
    const userId = body.user.id;
    const { locale } = readerOf(deps, userId);
    const assignmentId = Number(action.value);
    const check = await deps.services.checkAssignment(assignmentId, userId);
    if (!check.ok) {
      await replyToClick({ body, respond, client }, errorText(check.error, locale, deps.services.directory));
      return;
    }
    const view = (await deps.services.loadRequest(check.requestId))!;
    const a = view.assignments.find((x) => x.id === assignmentId)!;
    const about = t(locale, "modal.decision.about", {
      process: pick(locale, view.process.def.name),
      id: view.request.id,
      requester: mention(view.request.requesterId),
      step: escapeMrkdwn(stepName(view.process.def, a.stepKey, locale)),
    });
    await client.views.open({ trigger_id: body.trigger_id, view: buildDecisionModal(kind, { assignmentId }, about, locale) });
  };
}
