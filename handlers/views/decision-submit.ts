// Decision modals submitted (reject, return, transfer, approve with answers or changes,
// 加签, 抄送). The decision is made before the ack so a missing reason, a bad value or a
// decision that is no longer possible shows on the modal itself, on the right field.
import type { ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import type { EngineError, FieldError, Result } from "../../src/engine/types.ts";
import type { RawForm } from "../../src/engine/validate-form.ts";
import type { DecisionKind } from "../blocks/decision-modal.ts";
import { type HandlerDeps, readerOf } from "../context.ts";
import { errorText, fieldErrorText } from "../errors.ts";
import { ids } from "../ids.ts";
import type { SubmitArgs } from "../listener-args.ts";
import { readText, readUser, safeJson } from "./read-form.ts";

const meta = z.object({ assignmentId: z.number().int().positive() });

type State = ViewSubmitAction["view"]["state"]["values"];

/** The block that shows an error of this kind of modal when the error is not about one field. */
const errorBlock: Record<DecisionKind, string> = {
  reject: ids.block.reason,
  return: ids.block.reason,
  transfer: ids.block.target,
  approve: ids.block.comment,
  add_approver: ids.block.target,
  cc: ids.block.people,
};

export function decisionSubmit(deps: HandlerDeps, kind: DecisionKind) {
  return async ({ ack, body, view }: SubmitArgs) => {
    const userId = body.user.id;
    const { locale } = readerOf(deps, userId);
    const dir = deps.services.directory;
    const parsed = meta.safeParse(safeJson(view.private_metadata));
    if (!parsed.success) {
      await ack({
        response_action: "errors",
        errors: { [errorBlock[kind]]: errorText({ type: "not_found" }, locale, dir) },
      });
      return;
    }
    const result = await decide(
      deps,
      kind,
      parsed.data.assignmentId,
      userId,
      view.state.values,
      view.id,
    );
    if (!result.ok) {
      await ack({
        response_action: "errors",
        errors: errorsOf(
          result.error,
          kind,
          (e) => errorText(e, locale, dir),
          (e) => fieldErrorText(e, locale),
        ),
      });
      return;
    }
    await ack();
  };
}

/** `viewId`: the modal, so a replayed 抄送 sends no second copies (a decision is once per assignment anyway). */
function decide(
  deps: HandlerDeps,
  kind: DecisionKind,
  assignmentId: number,
  userId: string,
  state: State,
  viewId: string,
): Promise<Result<{ requestId: number }>> {
  const engine = deps.services.engine;
  const comment = readText(state, ids.block.comment);
  switch (kind) {
    case "transfer": {
      const target = readUser(state, ids.block.target);
      return target
        ? engine.transfer(assignmentId, userId, target, comment)
        : Promise.resolve({
            ok: false,
            error: { type: "invalid_transfer_target", why: "unknown" },
          });
    }
    case "reject":
      return engine.reject(assignmentId, userId, readText(state, ids.block.reason));
    case "return":
      return engine.returnToRequester(assignmentId, userId, readText(state, ids.block.reason));
    case "approve":
      return engine.approve(assignmentId, userId, {
        comment,
        inputs: prefixed(state, ids.block.inputsPrefix),
        changes: prefixed(state, ids.block.amendPrefix),
      });
    case "add_approver": {
      const target = readUser(state, ids.block.target);
      if (!target)
        return Promise.resolve({
          ok: false,
          error: { type: "invalid_added_approver", why: "unknown" },
        });
      const position =
        state[ids.block.position]?.[ids.block.position]?.selected_option?.value === "after"
          ? "after"
          : "before";
      return engine.addApprover(assignmentId, userId, {
        userId: target,
        position,
        comment,
        inputs: prefixed(state, ids.block.inputsPrefix),
      });
    }
    case "cc":
      return engine.cc(
        assignmentId,
        userId,
        state[ids.block.people]?.[ids.block.people]?.selected_users ?? [],
        comment,
        viewId,
      );
  }
}

/** Values of the blocks named `<prefix><field>` (a step's inputs, amended values), keyed by field. */
function prefixed(state: State, prefix: string): RawForm {
  const raw: RawForm = {};
  for (const [blockId, actions] of Object.entries(state)) {
    if (!blockId.startsWith(prefix)) continue;
    const v = actions[blockId];
    if (!v) continue;
    raw[blockId.slice(prefix.length)] =
      v.type === "checkboxes"
        ? (v.selected_options?.length ?? 0) > 0
        : (v.selected_option?.value ?? v.selected_date ?? v.selected_user ?? v.value ?? undefined);
  }
  return raw;
}

/** Field errors go on their own blocks (`inputs.<field>`, `amend.<field>`); others on the kind's main block. */
function errorsOf(
  error: EngineError,
  kind: DecisionKind,
  text: (e: EngineError) => string,
  fieldText: (e: FieldError) => string,
): Record<string, string> {
  if (error.type !== "invalid_decision") return { [errorBlock[kind]]: text(error) };
  return Object.fromEntries(
    Object.entries(error.errors).map(([block, e]) => [block, fieldText(e)]),
  );
}
