// "View in full" on a message shortened to Slack's limits: the whole request in a modal, for
// those who may see it (the requester, anyone on its path, the requester's managers).
import { t } from "../../src/i18n/index.ts";
import { canView } from "../../src/requests/load-request-view.ts";
import { buildFullRequest } from "../blocks/full-request.ts";
import { type HandlerDeps, readerOf } from "../context.ts";
import { errorText } from "../errors.ts";
import { idFromValue } from "../ids.ts";
import type { ButtonArgs } from "../listener-args.ts";
import { openAtOnce } from "../open-at-once.ts";

export function viewRequestAction(deps: HandlerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const userId = body.user.id;
    const reader = readerOf(deps, userId);
    const dir = deps.services.directory;
    await openAtOnce(
      client,
      body.trigger_id,
      reader.locale,
      t(reader.locale, "modal.full.title"),
      async () => {
        const id = idFromValue(action.value);
        const view = id ? await deps.services.loadRequest(id) : undefined;
        if (!view) return { refused: errorText({ type: "not_found" }, reader.locale, dir) };
        if (!canView(view, userId, dir))
          return { refused: t(reader.locale, "error.not_allowed_to_view") };
        return { view: buildFullRequest(view, reader) };
      },
    );
  };
}
