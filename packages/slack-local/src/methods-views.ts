import { type ApiHandler, type ApiResponse, fail } from "./api-types.ts";
import { str } from "./http-util.ts";
import type { ViewResult } from "./view-store.ts";
import { toSlackView } from "./wire.ts";

function answer(result: ViewResult): ApiResponse {
  return result.ok ? { ok: true, view: toSlackView(result.view) } : { ...result };
}

/** views.open / views.push need a live trigger_id; the view belongs to the trigger's user. */
const open: ApiHandler = (args, ctx) => {
  const trigger = ctx.store.consumeTrigger(args.trigger_id);
  if ("error" in trigger) return fail(trigger.error);
  return answer(ctx.store.views.open(trigger.user, args.view));
};

const push: ApiHandler = (args, ctx) => {
  const trigger = ctx.store.consumeTrigger(args.trigger_id);
  if ("error" in trigger) return fail(trigger.error);
  return answer(ctx.store.views.push(trigger.user, args.view));
};

const update: ApiHandler = (args, ctx) => {
  const viewId = str(args.view_id);
  const externalId = str(args.external_id);
  if (!viewId && !externalId) return fail("invalid_arguments");
  return answer(ctx.store.views.update({ viewId, externalId }, args.view, str(args.hash)));
};

const publish: ApiHandler = (args, ctx) => {
  const user = str(args.user_id);
  if (!user || !ctx.store.isKnownUser(user)) return fail("user_not_found");
  return answer(ctx.store.views.publishHome(user, args.view, str(args.hash)));
};

export const viewMethods: Record<string, ApiHandler> = {
  "views.open": open,
  "views.push": push,
  "views.update": update,
  "views.publish": publish,
};
