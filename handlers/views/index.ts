import type { App } from "@slack/bolt";
import type { DecisionKind } from "../blocks/decision-modal.ts";
import type { HandlerDeps } from "../context.ts";
import { ids } from "../ids.ts";
import { decisionSubmit } from "./decision-submit.ts";
import { requestSubmit } from "./request-submit.ts";

/** Each decision form's callback id, and the decision it makes. */
const decisionForms: [string, DecisionKind][] = [
  [ids.view.reject, "reject"],
  [ids.view.return, "return"],
  [ids.view.transfer, "transfer"],
  [ids.view.approve, "approve"],
  [ids.view.addApprover, "add_approver"],
  [ids.view.cc, "cc"],
];

export function registerViews(app: App, deps: HandlerDeps): void {
  app.view(
    { type: "view_submission", callback_id: new RegExp(`^${ids.view.requestPrefix}`) },
    requestSubmit(deps),
  );
  for (const [callbackId, kind] of decisionForms)
    app.view({ type: "view_submission", callback_id: callbackId }, decisionSubmit(deps, kind));
}
