import type { App } from "@slack/bolt";
import type { HandlerDeps } from "../context.ts";
import { appHomeOpened } from "./app-home-opened.ts";

export function registerEvents(app: App, deps: HandlerDeps): void {
  app.event("app_home_opened", appHomeOpened(deps));
}
