// `/approval status <id>`: the whole path and every recorded decision.

import type { KnownBlock } from "@slack/types";
import { BlockCollection, Blocks } from "slack-block-builder";
import { formatDateTime, pick, t } from "../../src/i18n/index.ts";
import type { RequestView } from "../../src/requests/load-request-view.ts";
import { fitMessage, shownLength } from "./fit-message.ts";
import { clip, mention, requestRef, stepName } from "./format.ts";
import { limits } from "./limits.ts";
import { bold, escapeMrkdwn, italic } from "./mrkdwn.ts";
import type { Reader } from "./reader.ts";
import { deliveryIssueBlocks, type Rendered } from "./request-message.ts";
import { pathLines } from "./request-path.ts";
import { cutText, textLength } from "./slack-text.ts";

/** The history's entries: 加签 and 抄送 too, with the comment their approver wrote (shown nowhere else). */
const shown = new Set([
  "SUBMIT",
  "APPROVE",
  "REJECT",
  "RETURN",
  "RESUBMIT",
  "TRANSFER",
  "ADD_APPROVER",
  "CC",
  "WITHDRAW",
  "DONE",
  "AUTO_APPROVE",
  "COMPLETE",
  "REMIND",
  "ESCALATE",
  "WEBHOOK",
]);

export function renderStatus(view: RequestView, reader: Reader): Rendered {
  const { locale, timeZone } = reader;
  const def = view.process.def;
  const title = t(locale, "status.title", {
    request: requestRef(locale, pick(locale, def.name), view.request.id),
    status: t(locale, `status.${view.request.status}`),
  });
  const head = BlockCollection(
    Blocks.Section({ text: title }),
    Blocks.Context().elements(
      `${t(locale, "message.requester")} ${mention(view.request.requesterId)} · ${t(locale, "message.version")} v${def.version} · ${formatDateTime(locale, view.request.createdAt, timeZone)}`,
    ),
    Blocks.Section({
      text: clip(
        `${bold(t(locale, "message.path"))}\n${pathLines(view, locale, timeZone).join("\n")}`,
      ),
    }),
    view.request.webhookStatus
      ? Blocks.Context().elements(
          t(locale, `webhook.${view.request.webhookStatus}`, { n: view.request.webhookAttempts }),
        )
      : undefined,
    ...deliveryIssueBlocks(view, locale),
  ) as KnownBlock[];
  // The history has what room the rest leaves: the newest entries, oldest of them first.
  const room = Math.min(historyText, limits.messageText - shownLength(head) - 200);
  const blocks = [...head, ...historyBlocks(historyLines(view, reader), room, locale)];
  return fitMessage({ text: title.replace(/\*/g, ""), blocks }, { locale });
}

/** At most this much of a status is history (Slack counts a message's text as a whole). */
const historyText = 7000;
/** One comment, however long, leaves room for the entries around it. */
const commentLength = 600;

function historyLines(view: RequestView, { locale, timeZone }: Reader): string[] {
  const def = view.process.def;
  return view.audit
    .filter((e) => shown.has(e.action))
    .map((e) =>
      t(locale, "status.history.line", {
        at: formatDateTime(locale, e.at, timeZone),
        who: e.actorId === "system" ? t(locale, "app.name") : mention(e.actorId),
        action: t(locale, `audit.${e.action}`),
        step: e.stepKey ? ` · ${escapeMrkdwn(stepName(def, e.stepKey, locale))}` : "",
        comment: `${behalf(e.data, locale)}${e.comment ? ` — ${cutText(escapeMrkdwn(e.comment), commentLength)}` : ""}`,
      }),
    );
}

/** The newest lines that fit in `room` characters, in sections of at most 3,000, and how many older ones are left out. */
function historyBlocks(lines: string[], room: number, locale: Reader["locale"]): KnownBlock[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of [...lines].reverse()) {
    if (used + textLength(line) + 1 > room) break;
    kept.unshift(line);
    used += textLength(line) + 1;
  }
  const older = lines.length - kept.length;
  const heading = [
    bold(t(locale, "status.history")),
    ...(older > 0 ? [italic(t(locale, "status.history.older", { n: older }))] : []),
  ];
  return packLines([...heading, ...kept], limits.sectionText - 100).map((text) => ({
    type: "section",
    text: { type: "mrkdwn", text },
  }));
}

/** Lines joined into as few texts of at most `max` characters as they fill. */
function packLines(lines: string[], max: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last !== undefined && textLength(last) + 1 + textLength(line) <= max)
      out[out.length - 1] = `${last}\n${line}`;
    else out.push(cutText(line, max));
  }
  return out;
}

/** "(for X)" when someone decided in another's place; "(timed out)" when the system did. */
function behalf(data: unknown, locale: Reader["locale"]): string {
  const d = (data ?? {}) as { onBehalfOf?: string; delegateFor?: string; timeout?: boolean };
  if (d.timeout) return t(locale, "status.timeout");
  const who = d.onBehalfOf ?? d.delegateFor;
  return who ? t(locale, "status.on_behalf", { who: mention(who) }) : "";
}
