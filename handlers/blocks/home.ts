// The App Home tab: what waits on the person (with the same buttons as its DM), their
// recent requests, and a button per process to file one.

import type { KnownBlock, View } from "@slack/types";
import { BlockCollection, Blocks, Elements } from "slack-block-builder";
import type { PublishedProcess } from "../../src/definitions/catalog.ts";
import { pick, t } from "../../src/i18n/index.ts";
import type { MyRequestItem, Page, WaitingItem } from "../../src/requests/list-requests.ts";
import { ids } from "../ids.ts";
import { commandText } from "./command-text.ts";
import { fitView } from "./fit-view.ts";
import { limits } from "./limits.ts";
import { myRequestText, waitingItemBlocks } from "./lists.ts";
import { bold, escapeMrkdwn } from "./mrkdwn.ts";
import type { Reader } from "./reader.ts";

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
  const lists = BlockCollection(
    Blocks.Header({ text: t(locale, "app.name") }),
    Blocks.Section({ text: bold(t(locale, "home.waiting", { n: waiting.total })) }),
    waiting.total === 0 ? Blocks.Context().elements(t(locale, "list.empty")) : undefined,
    ...waitingItemBlocks(waiting.items, reader, now, true),
    moreWaiting > 0
      ? Blocks.Context().elements(t(locale, "list.more", { n: moreWaiting }))
      : undefined,
    Blocks.Divider(),
    Blocks.Section({ text: bold(t(locale, "home.mine")) }),
    mine.total === 0 ? Blocks.Context().elements(t(locale, "mine.empty.all")) : undefined,
    ...mine.items.map((r) => Blocks.Section({ text: myRequestText(r, reader, now, true) })),
    moreMine > 0
      ? Blocks.Context().elements(
          t(locale, "home.mine.more", { n: moreMine, command: commandText("mine all") }),
        )
      : undefined,
    Blocks.Divider(),
    Blocks.Section({ text: bold(t(locale, "home.new")) }),
  ) as KnownBlock[];
  const files = data.canFile
    ? fileBlocks(data.processes, locale, limits.viewBlocks - lists.length)
    : (BlockCollection(Blocks.Context().elements(t(locale, "error.not_in_org"))) as KnownBlock[]);
  return fitView({ type: "home", blocks: [...lists, ...files] });
}

/**
 * A section and button per process, in the `room` the lists leave: Slack's 100 blocks hold the
 * shipped processes with room to spare, but an admin may publish many; the rest are named by
 * `/approval help`. (The button's action id is the same for all, so they cannot share an actions block.)
 */
function fileBlocks(
  processes: PublishedProcess[],
  locale: Reader["locale"],
  room: number,
): KnownBlock[] {
  const shown = processes.length <= room ? processes : processes.slice(0, Math.max(0, room - 1));
  const more = processes.length - shown.length;
  return BlockCollection(
    ...shown.map(({ def }) => {
      const about = def.description ? `\n${escapeMrkdwn(pick(locale, def.description))}` : "";
      return Blocks.Section({
        blockId: `home.new:${def.key}`,
        text: `${bold(escapeMrkdwn(pick(locale, def.name)))}${about}`,
      }).accessory(
        Elements.Button({
          text: t(locale, "button.new"),
          actionId: ids.action.homeNew,
          value: def.key,
        }),
      );
    }),
    more > 0
      ? Blocks.Context().elements(
          t(locale, "home.new.more", {
            n: more,
            new: commandText("new", t(locale, "command.arg.process")),
            help: commandText("help"),
          }),
        )
      : undefined,
  ) as KnownBlock[];
}
