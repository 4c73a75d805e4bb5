import type { App } from "@slack/bolt";
import type { HandlerDeps } from "../context.ts";
import { ids } from "../ids.ts";
import { appHomeOpened } from "./app-home-opened.ts";
import { requestApprovalStep } from "./request-approval-step.ts";

export function registerEvents(app: App, deps: HandlerDeps): void {
  app.event("app_home_opened", appHomeOpened(deps));
  app.function(ids.function.requestApproval, requestApprovalStep(deps));
}
