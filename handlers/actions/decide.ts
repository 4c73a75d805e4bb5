// One-click decisions: approve, mark a task done, withdraw, from a DM, a list or the App
// Home. The click is acked first; a click that is no longer valid gets an ephemeral explanation.
import type { Result } from "../../src/engine/types.ts";
import { type HandlerDeps, readerOf } from "../context.ts";
import { errorText } from "../errors.ts";
import { idFromValue } from "../ids.ts";
import type { ButtonArgs } from "../listener-args.ts";
import { replyToClick } from "../reply-to-click.ts";

type Args = ButtonArgs;
type Act = (
  deps: HandlerDeps,
  id: number,
  userId: string,
) => Promise<Result<{ requestId: number }>>;

export const approve: Act = (deps, id, userId) => deps.services.engine.approve(id, userId);
export const completeTask: Act = (deps, id, userId) =>
  deps.services.engine.completeTask(id, userId);
export const withdraw: Act = (deps, id, userId) => deps.services.engine.withdraw(id, userId);

export function decideAction(deps: HandlerDeps, act: Act) {
  return async (args: Args) => {
    await args.ack();
    await runDecision(deps, act, args);
  };
}

/** After the ack: act (the engine announces the change), or explain the refusal. */
export async function runDecision(
  deps: HandlerDeps,
  act: Act,
  { body, action, respond, client }: Args,
): Promise<void> {
  const userId = body.user.id;
  const id = idFromValue(action.value);
  const result = id
    ? await deps.afterAck(() => act(deps, id, userId))
    : ({ ok: false, error: { type: "not_found" } } as const);
  if (!result.ok) {
    const { locale } = readerOf(deps, userId);
    await replyToClick(
      { body, respond, client },
      errorText(result.error, locale, deps.services.directory),
    );
  }
}
