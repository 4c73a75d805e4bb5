// The person opened the app's Home tab: publish it fresh from the database.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { HandlerDeps } from "../context.ts";
import { createHomePublisher } from "../delivery/home.ts";

export function appHomeOpened(deps: HandlerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) => {
    // The Messages tab opens the same event; only the Home tab is ours to draw.
    if (event.tab !== "home") return;
    await createHomePublisher(deps.services, client).publish(event.user);
  };
}
