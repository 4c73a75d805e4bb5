// The requester's "Edit and resubmit" button on a returned request: the form opens at once
// and is filled once the request is read, or says why it cannot be resubmitted.

import type { HandlerDeps } from "../context.ts";
import { idFromValue } from "../ids.ts";
import type { ButtonArgs } from "../listener-args.ts";
import { openResubmit } from "../open-request-modal.ts";
import { replyToClick } from "../reply-to-click.ts";

export function resubmitAction(deps: HandlerDeps) {
  return async ({ ack, body, action, respond, client }: ButtonArgs) => {
    await ack();
    // A forged value (not an id) finds no request: the same "not found" answer.
    const refused = await openResubmit(
      deps,
      client,
      body.trigger_id,
      body.user.id,
      idFromValue(action.value) ?? 0,
    );
    if (refused) await replyToClick({ body, respond, client }, refused);
  };
}
