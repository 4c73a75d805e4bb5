// Opens a process form: empty for a new request, prefilled to resubmit a returned one.
import type { WebClient } from "@slack/web-api";
import { escapeMrkdwn, pick, t } from "../src/i18n/index.ts";
import { buildRequestModal } from "./blocks/request-modal.ts";
import { mention } from "./blocks/format.ts";
import { type HandlerDeps, readerOf } from "./context.ts";
import { errorText } from "./errors.ts";

export async function openNewRequest(deps: HandlerDeps, client: WebClient, triggerId: string, userId: string, processKey: string) {
  const process = deps.services.catalog.get(processKey)!;
  const { locale } = readerOf(deps, userId);
  await client.views.open({ trigger_id: triggerId, view: buildRequestModal({ def: process.def, locale }) });
}

/** Returns an error text for the person when the request cannot be resubmitted by them. */
export async function openResubmit(deps: HandlerDeps, client: WebClient, triggerId: string, userId: string, requestId: number): Promise<string | undefined> {
  const { locale } = readerOf(deps, userId);
  const view = await deps.services.loadRequest(requestId);
  if (!view) return errorText({ type: "not_found" }, locale, deps.services.directory);
  if (view.request.requesterId !== userId) return errorText({ type: "not_requester" }, locale, deps.services.directory);
  if (view.request.status !== "RETURNED") return errorText({ type: "request_not_pending", status: view.request.status }, locale, deps.services.directory);
  const returned = [...view.audit].reverse().find((e) => e.action === "RETURN");
  const intro = t(locale, "modal.resubmit.intro", {
    process: pick(locale, view.process.def.name),
    id: view.request.id,
    actor: returned ? mention(returned.actorId) : "",
    reason: escapeMrkdwn(returned?.comment ?? ""),
  });
  const modal = buildRequestModal({ def: view.process.def, locale, values: view.request.form, customers: view.customers, meta: { requestId }, intro });
  await client.views.open({ trigger_id: triggerId, view: modal });
  return undefined;
}
