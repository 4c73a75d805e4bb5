// The modal a click opens at once, before anything is read (a trigger_id works once, for 3 s):
// it says it is opening, and is then replaced by the form, or by why it cannot be opened.

import type { View } from "@slack/types";
import { Blocks, Modal } from "slack-block-builder";
import { type Locale, t } from "../../src/i18n/index.ts";
import { fitView } from "./fit-view.ts";

/** `title`: the title the form will have, so the modal does not change its name when it fills (shortened alike). */
export function openingModal(locale: Locale, title: string): View {
  return fitView(
    Modal({ title, close: t(locale, "modal.cancel") })
      .blocks(Blocks.Section({ text: t(locale, "modal.opening") }))
      .buildToObject() as View,
  );
}

/** The click is no longer valid (or not this person's): nothing can be done in this form. */
export function refusedModal(locale: Locale, title: string, why: string): View {
  return fitView(
    Modal({ title, close: t(locale, "modal.close") })
      .blocks(Blocks.Section({ text: why }))
      .buildToObject() as View,
  );
}
