// Decisions that need more than a click (reject, return, transfer, 加签, 抄送, approving
// with answers or changes): the modal opens at once (handlers/open-at-once.ts), then shows
// the decision's form, or why this click is no longer valid.
import { asksApprover } from "../../src/engine/amend.ts";
import {
  buildDecisionModal,
  type DecisionKind,
  decisionAbout,
  decisionTitle,
} from "../blocks/decision-modal.ts";
import { type HandlerDeps, readerOf } from "../context.ts";
import { errorText } from "../errors.ts";
import { idFromValue, ids } from "../ids.ts";
import type { ButtonArgs } from "../listener-args.ts";
import { type Filled, openAtOnce } from "../open-at-once.ts";
import { replyToClick } from "../reply-to-click.ts";
import { approve, runDecision } from "./decide.ts";

type Args = ButtonArgs;

export function openDecision(deps: HandlerDeps, kind: DecisionKind) {
  return async (args: Args) => {
    await args.ack();
    await openDecisionModal(deps, kind, args);
  };
}

/**
 * Approve: one click, or the approve modal when the step asks for answers or allows changes.
 * The button's block says which (`:form`), so that modal opens before any database read; a
 * button without it (an older message) is looked up.
 */
export function approveAction(deps: HandlerDeps) {
  return async (args: Args) => {
    await args.ack();
    const blockId = args.action.block_id ?? "";
    const id = idFromValue(args.action.value);
    const opensForm =
      blockId.endsWith(ids.block.opensFormSuffix) ||
      (!blockId.startsWith(ids.block.assignmentPrefix) &&
        id !== undefined &&
        asks(await deps.services.stepOfAssignment(id)));
    if (opensForm) return openDecisionModal(deps, "approve", args);
    return runDecision(deps, approve, args);
  };
}

const asks = (step: Parameters<typeof asksApprover>[0] | undefined) =>
  step !== undefined && asksApprover(step);

/** The modal that opened says why it cannot be used, and so does an ephemeral answer, as for any stale click. */
async function openDecisionModal(
  deps: HandlerDeps,
  kind: DecisionKind,
  { body, action, respond, client }: Args,
): Promise<void> {
  const userId = body.user.id;
  const { locale } = readerOf(deps, userId);
  const filled = await openAtOnce(
    client,
    body.trigger_id,
    locale,
    decisionTitle(kind, locale),
    () => decisionForm(deps, kind, idFromValue(action.value), userId),
  );
  if ("refused" in filled) await replyToClick({ body, respond, client }, filled.refused);
}

async function decisionForm(
  deps: HandlerDeps,
  kind: DecisionKind,
  assignmentId: number | undefined,
  userId: string,
): Promise<Filled> {
  const { locale } = readerOf(deps, userId);
  const dir = deps.services.directory;
  const check = assignmentId
    ? await deps.services.engine.checkAssignment(assignmentId, userId)
    : ({ ok: false, error: { type: "not_found" } } as const);
  if (!check.ok) return { refused: errorText(check.error, locale, dir) };
  const view = (await deps.services.loadRequest(check.requestId))!;
  const a = view.assignments.find((x) => x.id === assignmentId)!;
  const def = view.process.def;
  const about = decisionAbout(view, a.stepKey, locale);
  const on = {
    def,
    step: def.steps[a.stepIndex]!,
    form: view.request.form,
    customers: view.customers,
  };
  return { view: buildDecisionModal(kind, { assignmentId: a.id }, about, locale, on) };
}
