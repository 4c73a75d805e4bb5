import type { App } from "@slack/bolt";
import type { HandlerDeps } from "../context.ts";
import { ids } from "../ids.ts";
import { decisionSubmit } from "./decision-submit.ts";
import { requestSubmit } from "./request-submit.ts";

export function registerViews(app: App, deps: HandlerDeps): void {
  app.view(
    { type: "view_submission", callback_id: new RegExp(`^${ids.view.requestPrefix}`) },
    requestSubmit(deps),
  );
  app.view(
    { type: "view_submission", callback_id: ids.view.reject },
    decisionSubmit(deps, "reject"),
  );
  app.view(
    { type: "view_submission", callback_id: ids.view.return },
    decisionSubmit(deps, "return"),
  );
  app.view(
    { type: "view_submission", callback_id: ids.view.transfer },
    decisionSubmit(deps, "transfer"),
  );
  app.view(
    { type: "view_submission", callback_id: ids.view.approve },
    decisionSubmit(deps, "approve"),
  );
  app.view(
    { type: "view_submission", callback_id: ids.view.addApprover },
    decisionSubmit(deps, "add_approver"),
  );
  app.view({ type: "view_submission", callback_id: ids.view.cc }, decisionSubmit(deps, "cc"));
}
