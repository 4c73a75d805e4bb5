// The whole request, read-only, in a modal: what a message shortened to Slack's limits points
// to. A modal has no limit on its total text, only 3,000 characters a section and 100 blocks,
// so each long value is split over as many sections as it needs.

import type { View } from "@slack/types";
import { Blocks, Modal } from "slack-block-builder";
import { pick, t } from "../../src/i18n/index.ts";
import type { RequestView } from "../../src/requests/load-request-view.ts";
import { ids } from "../ids.ts";
import { fitView } from "./fit-view.ts";
import { requestRef } from "./format.ts";
import { limits } from "./limits.ts";
import { bold, escapeMrkdwn, SOFT_HYPHEN } from "./mrkdwn.ts";
import type { Reader } from "./reader.ts";
import { answerTexts, shownValue } from "./request-message.ts";
import { cutText, textLength } from "./slack-text.ts";

export function buildFullRequest(view: RequestView, reader: Reader): View {
  const { locale } = reader;
  const def = view.process.def;
  const head = requestRef(locale, escapeMrkdwn(pick(locale, def.name)), view.request.id);
  const texts = [
    head,
    ...def.fields.map(
      (f) => `${bold(escapeMrkdwn(pick(locale, f.label)))}\n${shownValue(view, f, locale)}`,
    ),
    ...(view.assignments.some((a) => a.inputs) ? [bold(t(locale, "modal.full.answers"))] : []),
    ...answerTexts(view, locale).map((a) => a.text),
  ];
  const sections = texts.flatMap(pieces).slice(0, limits.viewBlocks);
  return fitView(
    Modal({
      title: t(locale, "modal.full.title"),
      callbackId: ids.view.fullRequest,
      close: t(locale, "modal.close"),
    })
      .blocks(...sections.map((text) => Blocks.Section({ text })))
      .buildToObject() as View,
  );
}

/** A text in sections of at most 3,000 characters, cut where a mention or an escape is whole. */
function pieces(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (textLength(rest) > limits.sectionText) {
    // A whole mention or escape never straddles two sections; nothing so long is ever whole.
    const piece =
      cutText(rest, limits.sectionText - 10, "") ||
      [...rest].slice(0, limits.sectionText - 10).join("");
    out.push(piece);
    rest = lineStart(rest.slice(piece.length));
  }
  return [...out, rest];
}

/** A section starts a line: a `>` the cut brought to its start would quote what follows. */
const lineStart = (text: string) =>
  /^[ \t]*(?:&gt;|\uFF1E)/.test(text) ? `${SOFT_HYPHEN}${text}` : text;
