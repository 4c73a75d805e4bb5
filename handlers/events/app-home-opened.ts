// The person opened the app's Home tab: the pipeline publishes it if its content changed,
// or whatever it holds when Slack shows them none yet.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { HandlerDeps } from "../context.ts";

export function appHomeOpened(deps: HandlerDeps) {
  return async ({ event }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) => {
    // The Messages tab opens the same event; only the Home tab is ours to draw.
    if (event.tab !== "home") return;
    await deps.homes.publish(event.user, { shownNone: !event.view });
  };
}
