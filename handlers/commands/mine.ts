// `/approval mine [open|done|all]`: my requests, newest first, with status and whom they wait on.
import { t } from "../../src/i18n/index.ts";
import { type MineFilter, mineFilters } from "../../src/requests/list-requests.ts";
import { commandText } from "../blocks/command-text.ts";
import { listLimit, renderMine } from "../blocks/lists.ts";
import { readerOf } from "../context.ts";
import type { Subcommand } from "./subcommand.ts";

export const mine: Subcommand = async (deps, { command, ack, respond, args, locale }) => {
  const filter = (args[0] ?? "open").toLowerCase() as MineFilter;
  if (!mineFilters.includes(filter) || args.length > 1)
    return void (await ack({
      response_type: "ephemeral",
      text: t(locale, "command.usage.mine", { command: commandText("mine [open|done|all]") }),
    }));
  await ack();
  const userId = command.user_id;
  const page = await deps.services.listMine(userId, filter, listLimit);
  await respond({
    response_type: "ephemeral",
    ...renderMine(page, filter, readerOf(deps, userId), deps.services.clock()),
  });
};
