import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { HandlerDeps } from "../context.ts";
import { ids } from "../ids.ts";
import { approve, completeTask, decideAction, withdraw } from "./decide.ts";
import { homeNewAction } from "./home-new.ts";
import { openDecision } from "./open-decision.ts";
import { resubmitAction } from "./resubmit.ts";

export function registerActions(app: App, deps: HandlerDeps): void {
  const on = (actionId: string, listener: Parameters<typeof app.action<BlockAction<ButtonAction>>>[1]) =>
    app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: actionId }, listener);
  on(ids.action.approve, decideAction(deps, approve));
  on(ids.action.taskDone, decideAction(deps, completeTask));
  on(ids.action.withdraw, decideAction(deps, withdraw));
  on(ids.action.reject, openDecision(deps, "reject"));
  on(ids.action.return, openDecision(deps, "return"));
  on(ids.action.transfer, openDecision(deps, "transfer"));
  on(ids.action.resubmit, resubmitAction(deps));
  on(ids.action.homeNew, homeNewAction(deps));
}
