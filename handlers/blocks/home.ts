// The App Home tab: what waits on the person (with the same buttons as its DM), their
// recent requests, and a button per process to file one.
import { Blocks, Elements, HomeTab } from "slack-block-builder";
import type { View } from "@slack/types";
import type { PublishedProcess } from "../../src/definitions/catalog.ts";
import { escapeMrkdwn, pick, t } from "../../src/i18n/index.ts";
import type { MyRequestItem, Page, WaitingItem } from "../../src/requests/list-requests.ts";
import { ids } from "../ids.ts";
import { myRequestText, waitingItemBlocks } from "./lists.ts";
import type { Reader } from "./request-message.ts";

/** A home tab holds 100 blocks: 20 waiting items take 40. */
export const homeLimits = { waiting: 20, mine: 10 };

export interface HomeData {
  waiting: Page<WaitingItem>;
  mine: Page<MyRequestItem>;
  processes: PublishedProcess[];
  /** Only people in the org directory can file requests. */
  canFile: boolean;
}

export function buildHome(data: HomeData, reader: Reader, now: Date): View {
  const { locale } = reader;
  const { waiting, mine } = data;
  const moreWaiting = waiting.total - waiting.items.length;
  const moreMine = mine.total - mine.items.length;
  const files = data.processes.map((p) =>
    Blocks.Section({ blockId: `home.new:${p.def.key}`, text: `*${escapeMrkdwn(pick(locale, p.def.name))}*${p.def.description ? `\n${escapeMrkdwn(pick(locale, p.def.description))}` : ""}` }).accessory(
      Elements.Button({ text: t(locale, "button.new"), actionId: ids.action.homeNew, value: p.def.key }),
    ),
  );
  return HomeTab()
    .blocks(
      Blocks.Header({ text: t(locale, "app.name") }),
      Blocks.Section({ text: t(locale, "home.waiting", { n: waiting.total }) }),
      waiting.total === 0 ? Blocks.Context().elements(t(locale, "list.empty")) : undefined,
      ...waitingItemBlocks(waiting.items, reader, now, true),
      moreWaiting > 0 ? Blocks.Context().elements(t(locale, "list.more", { n: moreWaiting })) : undefined,
      Blocks.Divider(),
      Blocks.Section({ text: t(locale, "home.mine") }),
      mine.total === 0 ? Blocks.Context().elements(t(locale, "mine.empty.all")) : undefined,
      ...mine.items.map((r) => Blocks.Section({ text: myRequestText(r, reader, now, true) })),
      moreMine > 0 ? Blocks.Context().elements(t(locale, "home.mine.more", { n: moreMine })) : undefined,
      Blocks.Divider(),
      Blocks.Section({ text: t(locale, "home.new") }),
      ...(data.canFile ? files : [Blocks.Context().elements(t(locale, "error.not_in_org"))]),
    )
    .buildToObject() as View;
}
