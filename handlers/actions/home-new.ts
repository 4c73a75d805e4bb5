// The App Home's "file a request" button (value = process key): opens the process form.
import { t } from "../../src/i18n/index.ts";
import { type HandlerDeps, processList, readerOf } from "../context.ts";
import { errorText } from "../errors.ts";
import type { ButtonArgs } from "../listener-args.ts";
import { openNewRequest } from "../open-request-modal.ts";
import { replyToClick } from "../reply-to-click.ts";

type Args = ButtonArgs;

export function homeNewAction(deps: HandlerDeps) {
  return async ({ ack, body, action, respond, client }: Args) => {
    await ack();
    const userId = body.user.id;
    const { locale } = readerOf(deps, userId);
    const key = action.value ?? "";
    // A Home published before a process was removed from the configuration.
    if (!deps.services.catalog.get(key)) {
      return void (await replyToClick(
        { body, respond, client },
        errorText({ type: "unknown_process", key }, locale, deps.services.directory, {
          processList: processList(deps, locale),
        }),
      ));
    }
    if (!deps.services.directory.person(userId))
      return void (await replyToClick({ body, respond, client }, t(locale, "error.not_in_org")));
    await openNewRequest(deps, client, body.trigger_id, userId, key);
  };
}
