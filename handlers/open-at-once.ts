// Opening a modal from a click: views.open first, with what is known without the database
// (the title, "opening…"), because the trigger_id works once and only for 3 seconds; then
// views.update with the form, or with why it cannot be opened. Whatever the database is
// doing, the person sees the modal at once and is never left with a generic failure.
import type { View } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { Locale } from "../src/i18n/index.ts";
import { openingModal, refusedModal } from "./blocks/waiting-modal.ts";

export type Filled = { view: View } | { refused: string };

export async function openAtOnce(
  client: WebClient,
  triggerId: string,
  locale: Locale,
  title: string,
  fill: () => Promise<Filled>,
): Promise<Filled> {
  const opened = await client.views.open({
    trigger_id: triggerId,
    view: openingModal(locale, title),
  });
  const filled = await fill();
  const view = "view" in filled ? filled.view : refusedModal(locale, title, filled.refused);
  // The hash: a view the person closed or that changed since is not overwritten.
  await client.views
    .update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view })
    .catch((e: unknown) => {
      if ((e as { data?: { error?: string } }).data?.error !== "not_found") throw e;
    });
  return filled;
}
