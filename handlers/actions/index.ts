import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { HandlerDeps } from "../context.ts";
import { ids, requestCallbackPattern } from "../ids.ts";
import { completeTask, decideAction, withdraw } from "./decide.ts";
import { homeNewAction } from "./home-new.ts";
import { approveAction, openDecision } from "./open-decision.ts";
import { pathPreviewAction } from "./path-preview.ts";
import { resubmitAction } from "./resubmit.ts";
import { viewRequestAction } from "./view-request.ts";

export function registerActions(app: App, deps: HandlerDeps): void {
  const on = (
    actionId: string,
    listener: Parameters<typeof app.action<BlockAction<ButtonAction>>>[1],
  ) =>
    app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: actionId }, listener);
  on(ids.action.approve, approveAction(deps));
  on(ids.action.taskDone, decideAction(deps, completeTask));
  on(ids.action.withdraw, decideAction(deps, withdraw));
  on(ids.action.reject, openDecision(deps, "reject"));
  on(ids.action.return, openDecision(deps, "return"));
  on(ids.action.transfer, openDecision(deps, "transfer"));
  on(ids.action.addApprover, openDecision(deps, "add_approver"));
  on(ids.action.cc, openDecision(deps, "cc"));
  on(ids.action.resubmit, resubmitAction(deps));
  on(ids.action.homeNew, homeNewAction(deps));
  on(ids.action.viewRequest, viewRequestAction(deps));
  // An input of a process form that changes the path (dispatch_action): refresh the preview.
  app.action<BlockAction>(
    { type: "block_actions", callback_id: requestCallbackPattern },
    pathPreviewAction(deps),
  );
}
