// A process form submitted: validated and saved before the ack (a database write, well
// inside Slack's 3 s), so bad input is answered on the right field and saves nothing.
// Slack messages go out after the ack, through the outbound pipeline.
import type { ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { type HandlerDeps, readerOf } from "../context.ts";
import { errorText, fieldErrorText } from "../errors.ts";
import { ids } from "../ids.ts";
import type { SubmitArgs } from "../listener-args.ts";
import { readForm, safeJson } from "./read-form.ts";

const meta = z.object({ requestId: z.number().int().positive().optional() }).catch({});

export function requestSubmit(deps: HandlerDeps) {
  return async ({ ack, body, view }: SubmitArgs) => {
    const userId = body.user.id;
    const { locale } = readerOf(deps, userId);
    const dir = deps.services.directory;
    const processKey = view.callback_id.slice(ids.view.requestPrefix.length);
    const { requestId } = meta.parse(safeJson(view.private_metadata));
    const engine = deps.services.engine;
    const def = requestId
      ? (await deps.services.loadRequest(requestId))?.process.def
      : deps.services.catalog.get(processKey)?.def;
    if (!def) {
      await ack({
        response_action: "errors",
        errors: firstBlockError(
          view,
          errorText({ type: "unknown_process", key: processKey }, locale, dir),
        ),
      });
      return;
    }
    const raw = readForm(def, view.state.values);
    const result = requestId
      ? await engine.resubmit(requestId, userId, raw)
      : await engine.submit(processKey, userId, raw, { viewId: view.id });
    if (!result.ok) {
      const errors =
        result.error.type === "invalid_form"
          ? Object.fromEntries(
              Object.entries(result.error.errors).map(([key, e]) => [
                key,
                fieldErrorText(e, locale),
              ]),
            )
          : firstBlockError(view, errorText(result.error, locale, dir));
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
  };
}

/** Errors not about one field are shown on the first input, the only place Slack allows. */
function firstBlockError(view: ViewSubmitAction["view"], message: string): Record<string, string> {
  const first = view.blocks.find((b) => b.type === "input");
  return first?.block_id ? { [first.block_id]: message } : {};
}
