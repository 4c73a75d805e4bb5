// `/return`, `/credit`, …: a process's own command opens its form directly.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { t } from "../../src/i18n/index.ts";
import type { HandlerDeps } from "../context.ts";
import { openNewRequest } from "../open-request-modal.ts";

export function processShortcut(deps: HandlerDeps, processKey: string) {
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    if (!deps.services.directory.person(command.user_id)) {
      await ack({
        response_type: "ephemeral",
        text: t(deps.services.localeOf(command.user_id), "error.not_in_org"),
      });
      return;
    }
    await ack();
    await openNewRequest(deps, client, command.trigger_id, command.user_id, processKey);
  };
}
