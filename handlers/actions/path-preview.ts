// A field that can change the approval path was edited in a process form (its input has
// dispatch_action): re-plan with the values typed so far and update the modal's preview.
// Slack keeps what was typed across views.update because no block_id or action_id changes.
import type { View } from "@slack/types";
import { z } from "zod";
import type { ProcessDef } from "../../src/definitions/schema.ts";
import type { RawForm } from "../../src/engine/validate-form.ts";
import { pathFields } from "../../src/requests/preview-path.ts";
import { type HandlerDeps, readerOf } from "../context.ts";
import { ids } from "../ids.ts";
import type { ActionArgs } from "../listener-args.ts";
import { newRequestModal, resubmitModal, resubmitRefusal } from "../open-request-modal.ts";
import { readForm, safeJson } from "../views/read-form.ts";

type State = Parameters<typeof readForm>[1];

const payload = z.object({
  user: z.object({ id: z.string() }),
  view: z.object({
    id: z.string(),
    hash: z.string(),
    callback_id: z.string().startsWith(ids.view.requestPrefix),
    private_metadata: z.string().default(""),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.any())) }),
  }),
});
const meta = z.object({ requestId: z.number().int().positive().optional() }).catch({});

const quiet = new Set(["hash_conflict", "not_found"]);

/** Someone may type on while the modal is re-rendered: follow their latest values a few times, then stop. */
const MAX_ROUNDS = 3;

export function pathPreviewAction(deps: HandlerDeps) {
  return async ({ ack, body, client }: ActionArgs) => {
    await ack();
    const parsed = payload.safeParse(body);
    if (!parsed.success) return;
    const { user, view } = parsed.data;
    const form = await formOf(deps, user.id, view.callback_id, view.private_metadata);
    if (!form) return;
    let state = view.state.values as State;
    let hash = view.hash;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const raw = readForm(form.def, state);
      const res = await client.views
        .update({ view_id: view.id, hash, view: form.build(raw) })
        .catch((e: unknown) => {
          // hash_conflict: another update landed first (a later keystroke) and carries newer values,
          // so this one yields. not_found: the person submitted or closed the modal meanwhile.
          if (quiet.has((e as { data?: { error?: string } }).data?.error ?? "")) return undefined;
          throw e;
        });
      // Slack answers with the view as it is now; without values in it there is nothing newer to follow.
      const now = (res?.view?.state as { values?: State } | undefined)?.values;
      if (
        !res?.view?.hash ||
        !now ||
        Object.keys(now).length === 0 ||
        samePath(form.def, raw, readForm(form.def, now))
      )
        return;
      state = now;
      hash = res.view.hash;
    }
  };
}

interface Form {
  def: ProcessDef;
  build(raw: RawForm): View;
}

/** The modal as it would be opened now, for a new request or a resubmission (pinned version). */
async function formOf(
  deps: HandlerDeps,
  userId: string,
  callbackId: string,
  metadata: string,
): Promise<Form | undefined> {
  const { locale } = readerOf(deps, userId);
  const { requestId } = meta.parse(safeJson(metadata));
  if (requestId) {
    const view = await deps.services.loadRequest(requestId);
    // The modal is the requester's own; anything else is a stale or forged payload, and is ignored.
    if (resubmitRefusal(deps, view, userId, locale) !== undefined) return undefined;
    return {
      def: view!.process.def,
      build: (raw) => resubmitModal(deps, view!, userId, locale, raw),
    };
  }
  const process = deps.services.catalog.get(callbackId.slice(ids.view.requestPrefix.length));
  if (!process || !deps.services.directory.person(userId)) return undefined;
  return { def: process.def, build: (raw) => newRequestModal(deps, process, userId, locale, raw) };
}

function samePath(def: ProcessDef, a: RawForm, b: RawForm): boolean {
  return [...pathFields(def)].every((k) => (a[k] ?? null) === (b[k] ?? null));
}
