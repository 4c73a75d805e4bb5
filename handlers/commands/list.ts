// `/approval list`: what waits on me, oldest first, each with its buttons.
import { listLimit, renderWaitingList } from "../blocks/lists.ts";
import { readerOf } from "../context.ts";
import type { Subcommand } from "./subcommand.ts";

export const list: Subcommand = async (deps, { command, ack, respond }) => {
  await ack();
  const userId = command.user_id;
  const page = await deps.services.listWaiting(userId, listLimit);
  await respond({
    response_type: "ephemeral",
    ...renderWaitingList(page, readerOf(deps, userId), deps.services.clock()),
  });
};
