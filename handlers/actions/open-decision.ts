// Decisions that need more than a click (reject, return, transfer, 加签, 抄送, approving
// with answers or changes): check the click is still valid, then open the modal.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { asksApprover } from "../../src/engine/amend.ts";
import { escapeMrkdwn, pick, t } from "../../src/i18n/index.ts";
import { buildDecisionModal, type DecisionKind } from "../blocks/decision-modal.ts";
import { mention, stepName } from "../blocks/format.ts";
import { type HandlerDeps, readerOf } from "../context.ts";
import { errorText } from "../errors.ts";
import { idFromValue } from "../ids.ts";
import { replyToClick } from "../reply-to-click.ts";
import { approve, runDecision } from "./decide.ts";

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function openDecision(deps: HandlerDeps, kind: DecisionKind) {
  return async (args: Args) => {
    await args.ack();
    await openDecisionModal(deps, kind, args);
  };
}

/** Approve: one click, or the approve modal when the step asks for answers or allows changes. */
export function approveAction(deps: HandlerDeps) {
  return async (args: Args) => {
    await args.ack();
    const id = idFromValue(args.action.value);
    const step = id ? await deps.services.stepOfAssignment(id) : undefined;
    if (step && asksApprover(step)) return openDecisionModal(deps, "approve", args);
    return runDecision(deps, approve, args);
  };
}

async function openDecisionModal(deps: HandlerDeps, kind: DecisionKind, { body, action, respond, client }: Args): Promise<void> {
  const userId = body.user.id;
  const { locale } = readerOf(deps, userId);
  const assignmentId = idFromValue(action.value) ?? 0;
  const check = assignmentId ? await deps.services.checkAssignment(assignmentId, userId) : ({ ok: false, error: { type: "not_found" } } as const);
  if (!check.ok) {
    await replyToClick({ body, respond, client }, errorText(check.error, locale, deps.services.directory));
    return;
  }
  const view = (await deps.services.loadRequest(check.requestId))!;
  const a = view.assignments.find((x) => x.id === assignmentId)!;
  const def = view.process.def;
  const about = t(locale, "modal.decision.about", {
    process: pick(locale, def.name),
    id: view.request.id,
    requester: mention(view.request.requesterId),
    step: escapeMrkdwn(stepName(def, a.stepKey, locale)),
  });
  const on = { def, step: def.steps[a.stepIndex]!, form: view.request.form, customers: view.customers };
  await client.views.open({ trigger_id: body.trigger_id, view: buildDecisionModal(kind, { assignmentId }, about, locale, on) });
}
