// `/approval remind <id>`: the requester chases (催办) the people a request waits on, at
// most once per `manual_every` (default an hour) per request.
import { t } from "../../src/i18n/index.ts";
import { commandText } from "../blocks/command-text.ts";
import { mention } from "../blocks/format.ts";
import { errorText } from "../errors.ts";
import type { Subcommand } from "./subcommand.ts";

export const remind: Subcommand = async (deps, { command, ack, respond, args, locale }) => {
  const id = Number((args[0] ?? "").replace(/^#/, ""));
  if (!Number.isInteger(id) || id <= 0)
    return void (await ack({
      response_type: "ephemeral",
      text: t(locale, "command.usage.remind", {
        command: commandText("remind", t(locale, "command.arg.id")),
      }),
    }));
  await ack();
  const say = (text: string) => respond({ response_type: "ephemeral", text });
  const userId = command.user_id;
  const res = await deps.services.reminders.claimManualReminder(id, userId);
  if (!res.ok) {
    const timeZone = deps.services.timeZoneOf(userId);
    return void (await say(errorText(res.error, locale, deps.services.directory, { timeZone })));
  }
  for (const a of res.assignments) {
    await deps.notices.remind(a, "manual");
    await deps.services.engine.record({
      requestId: id,
      assignmentId: a.id,
      action: "REMIND",
      actorId: userId,
      data: { manual: true },
    });
  }
  await say(
    t(locale, "command.reminded", {
      id,
      who: res.assignments.map((a) => mention(a.assigneeId)).join(" "),
    }),
  );
};
