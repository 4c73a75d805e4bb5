// `/approval list` and `/approval mine`, and the same items on the App Home: what waits on
// a person (with the assignment's own buttons) and where their requests stand.

import type { KnownBlock } from "@slack/types";
import { BlockCollection, Blocks } from "slack-block-builder";
import { asksApprover } from "../../src/engine/amend.ts";
import { formatDateTime, formatWaited, pick, t } from "../../src/i18n/index.ts";
import type {
  MineFilter,
  MyRequestItem,
  Page,
  WaitingItem,
} from "../../src/requests/list-requests.ts";
import { assignmentActions } from "./assignment-actions.ts";
import { commandText } from "./command-text.ts";
import { fitMessage } from "./fit-message.ts";
import { mention, requestRef, stepName } from "./format.ts";
import { bold, escapeMrkdwn } from "./mrkdwn.ts";
import type { Reader } from "./reader.ts";
import type { Rendered } from "./request-message.ts";

/** Slack allows 50 blocks in a message; each waiting item takes two. */
export const listLimit = 20;

/**
 * `stable`: since when, not for how long (the App Home, a kept view that is republished only
 * when its content changes); a reply or digest is read at once, and says how long.
 */
export function waitingItemBlocks(items: WaitingItem[], reader: Reader, now: Date, stable = false) {
  const { locale } = reader;
  return items.flatMap((w) => {
    const def = w.process.def;
    const about = {
      process: pick(locale, def.name),
      id: w.requestId,
      step: stepName(def, w.stepKey, locale),
    };
    const text = t(locale, stable ? "home.item" : "list.item", {
      request: requestRef(locale, escapeMrkdwn(about.process), w.requestId),
      step: escapeMrkdwn(about.step),
      kind: t(locale, w.kind === "TASK" ? "list.kind.TASK" : "list.kind.APPROVAL"),
      requester: mention(w.requesterId),
      waited: formatWaited(locale, now.getTime() - w.since.getTime()),
      at: formatDateTime(locale, w.since, reader.timeZone),
    });
    const step = def.steps.find((s) => s.key === w.stepKey);
    return [
      Blocks.Section({ text }),
      assignmentActions(
        { id: w.assignmentId, kind: w.kind },
        about,
        locale,
        step !== undefined && asksApprover(step),
      ),
    ];
  });
}

export function myRequestText(r: MyRequestItem, reader: Reader, now: Date, stable = false): string {
  const { locale, timeZone } = reader;
  const def = r.process.def;
  const params = {
    request: requestRef(locale, escapeMrkdwn(pick(locale, def.name)), r.id),
    status: t(locale, `status.${r.status}`),
  };
  if (r.status === "RETURNED")
    return t(locale, "mine.item.returned", {
      ...params,
      step: escapeMrkdwn(stepName(def, r.stepKey ?? "", locale)),
    });
  if (r.status === "PENDING") {
    return t(locale, stable ? "home.mine.pending" : "mine.item.pending", {
      ...params,
      step: escapeMrkdwn(stepName(def, r.stepKey ?? "", locale)),
      who: r.waitingOn.map(mention).join(" "),
      waited: formatWaited(locale, now.getTime() - (r.since ?? r.createdAt).getTime()),
      at: formatDateTime(locale, r.since ?? r.createdAt, timeZone),
    });
  }
  return t(locale, "mine.item.done", {
    ...params,
    at: formatDateTime(locale, r.completedAt ?? r.createdAt, timeZone),
  });
}

export function renderWaitingList(page: Page<WaitingItem>, reader: Reader, now: Date): Rendered {
  const { locale } = reader;
  const title = bold(t(locale, "list.title", { n: page.total }));
  const more = page.total - page.items.length;
  const blocks = BlockCollection(
    Blocks.Section({ text: title }),
    page.total === 0 ? Blocks.Context().elements(t(locale, "list.empty")) : undefined,
    ...waitingItemBlocks(page.items, reader, now),
    more > 0 ? Blocks.Context().elements(t(locale, "list.more", { n: more })) : undefined,
  ) as KnownBlock[];
  return fitMessage(
    { text: title.replace(/\*/g, ""), blocks },
    { locale, more: commandText("list") },
  );
}

export function renderMine(
  page: Page<MyRequestItem>,
  filter: MineFilter,
  reader: Reader,
  now: Date,
): Rendered {
  const { locale } = reader;
  const title = bold(t(locale, `mine.title.${filter}`, { n: page.total }));
  const more = page.total - page.items.length;
  const blocks = BlockCollection(
    Blocks.Section({ text: title }),
    page.total === 0 ? Blocks.Context().elements(t(locale, `mine.empty.${filter}`)) : undefined,
    ...page.items.map((r) => Blocks.Section({ text: myRequestText(r, reader, now) })),
    more > 0 ? Blocks.Context().elements(t(locale, "mine.more", { n: more })) : undefined,
  ) as KnownBlock[];
  return fitMessage(
    { text: title.replace(/\*/g, ""), blocks },
    { locale, more: commandText("mine") },
  );
}
