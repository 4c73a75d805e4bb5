// Reject / return / transfer modals submitted. The decision is made before the ack so a
// missing reason or a decision that is no longer possible shows on the modal itself.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import type { Result } from "../../src/engine/types.ts";
import type { DecisionKind } from "../blocks/decision-modal.ts";
import { type HandlerDeps, readerOf } from "../context.ts";
import { errorText } from "../errors.ts";
import { ids } from "../ids.ts";
import { readText, readUser, safeJson } from "./read-form.ts";

const meta = z.object({ assignmentId: z.number().int().positive() });

export function decisionSubmit(deps: HandlerDeps, kind: DecisionKind) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const userId = body.user.id;
    const { locale } = readerOf(deps, userId);
    const engine = deps.services.engine;
    const errorBlock = kind === "transfer" ? ids.block.target : ids.block.reason;
    const parsed = meta.safeParse(safeJson(view.private_metadata));
    if (!parsed.success) {
      await ack({ response_action: "errors", errors: { [errorBlock]: errorText({ type: "not_found" }, locale, deps.services.directory) } });
      return;
    }
    const { assignmentId } = parsed.data;
    const state = view.state.values;
    let result: Result<{ requestId: number }>;
    if (kind === "transfer") {
      const target = readUser(state, ids.block.target);
      result = target
        ? await engine.transfer(assignmentId, userId, target, readText(state, ids.block.comment))
        : { ok: false, error: { type: "invalid_transfer_target", why: "unknown" } };
    } else {
      const reason = readText(state, ids.block.reason);
      result = kind === "reject" ? await engine.reject(assignmentId, userId, reason) : await engine.returnToRequester(assignmentId, userId, reason);
    }
    if (!result.ok) {
      await ack({ response_action: "errors", errors: { [errorBlock]: errorText(result.error, locale, deps.services.directory) } });
      return;
    }
    await ack();
    await deps.changed(result.requestId);
  };
}
