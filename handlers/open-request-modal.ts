// Opens a process form: empty for a new request, prefilled to resubmit a returned one.
// Both show the path the request would take; the path-preview action rebuilds the same
// modal with the values typed so far.
import type { View } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { PublishedProcess } from "../src/definitions/catalog.ts";
import type { RawForm } from "../src/engine/validate-form.ts";
import { type Locale, pick, t } from "../src/i18n/index.ts";
import type { RequestView } from "../src/requests/load-request-view.ts";
import { pathFields, previewPath } from "../src/requests/preview-path.ts";
import { mention, requestRef } from "./blocks/format.ts";
import { escapeMrkdwn } from "./blocks/mrkdwn.ts";
import { buildPathPreview } from "./blocks/path-preview.ts";
import { buildRequestModal } from "./blocks/request-modal.ts";
import { type HandlerDeps, readerOf } from "./context.ts";
import { errorText } from "./errors.ts";
import { openAtOnce } from "./open-at-once.ts";

export async function openNewRequest(
  deps: HandlerDeps,
  client: WebClient,
  triggerId: string,
  userId: string,
  processKey: string,
) {
  const process = deps.services.catalog.get(processKey)!;
  const { locale } = readerOf(deps, userId);
  await client.views.open({
    trigger_id: triggerId,
    view: newRequestModal(deps, process, userId, locale),
  });
}

/** The returned request's form, prefilled; it opens at once and fills once the request is read. Returns why not, if it cannot. */
export async function openResubmit(
  deps: HandlerDeps,
  client: WebClient,
  triggerId: string,
  userId: string,
  requestId: number,
): Promise<string | undefined> {
  const { locale } = readerOf(deps, userId);
  const filled = await openAtOnce(
    client,
    triggerId,
    locale,
    t(locale, "modal.resubmit.title"),
    async () => {
      const view = await deps.services.loadRequest(requestId);
      const refused = resubmitRefusal(deps, view, userId, locale);
      return refused !== undefined
        ? { refused }
        : { view: resubmitModal(deps, view!, userId, locale) };
    },
  );
  return "refused" in filled ? filled.refused : undefined;
}

/** Why this person cannot resubmit the request now, or undefined when they can. */
export function resubmitRefusal(
  deps: HandlerDeps,
  view: RequestView | undefined,
  userId: string,
  locale: Locale,
): string | undefined {
  const dir = deps.services.directory;
  if (!view) return errorText({ type: "not_found" }, locale, dir);
  if (view.request.requesterId !== userId) return errorText({ type: "not_requester" }, locale, dir);
  if (view.request.status !== "RETURNED")
    return errorText({ type: "request_not_pending", status: view.request.status }, locale, dir);
  return undefined;
}

/** The form of a new request; `raw` is what has been typed so far (for the preview). */
export function newRequestModal(
  deps: HandlerDeps,
  process: PublishedProcess,
  userId: string,
  locale: Locale,
  raw: RawForm = {},
): View {
  return buildRequestModal({
    def: process.def,
    locale,
    ...previewParts(deps, process, userId, locale, raw),
  });
}

/** The form of a returned request, prefilled; the path restarts with whoever returned it. */
export function resubmitModal(
  deps: HandlerDeps,
  view: RequestView,
  userId: string,
  locale: Locale,
  raw: RawForm = view.request.form,
): View {
  const returned = [...view.audit].reverse().find((e) => e.action === "RETURN");
  const intro = t(locale, "modal.resubmit.intro", {
    request: requestRef(locale, pick(locale, view.process.def.name), view.request.id),
    actor: returned ? mention(returned.actorId) : "",
    reason: escapeMrkdwn(returned?.comment ?? ""),
  });
  const from = view.assignments.find((a) => a.id === view.request.returnedFromId);
  const returnedTo = from ? { stepIndex: from.stepIndex, userId: from.assigneeId } : undefined;
  return buildRequestModal({
    def: view.process.def,
    locale,
    values: view.request.form,
    customers: view.customers,
    meta: { requestId: view.request.id },
    intro,
    ...previewParts(deps, view.process, userId, locale, raw, returnedTo),
  });
}

function previewParts(
  deps: HandlerDeps,
  process: PublishedProcess,
  userId: string,
  locale: Locale,
  raw: RawForm,
  returnedTo?: { stepIndex: number; userId: string },
) {
  const dir = deps.services.directory;
  const preview = previewPath(process, raw, userId, dir, {
    returnedTo,
    controls: deps.services.settings.controls,
  });
  return {
    dispatch: pathFields(process.def),
    preview: buildPathPreview({
      preview,
      def: process.def,
      dir,
      locale,
      note: t(locale, "preview.note"),
    }),
  };
}
