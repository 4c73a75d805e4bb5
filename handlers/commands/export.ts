// `/approval export <process> <from> <to>`: a CSV of the requests and every decision,
// DM'd as a file to the sales director, finance or an admin (作为考核依据).
import { canExport } from "../../src/export/export-decisions.ts";
import { pick, t } from "../../src/i18n/index.ts";
import { commandText } from "../blocks/command-text.ts";
import { processList } from "../context.ts";
import { errorText } from "../errors.ts";
import type { Subcommand } from "./subcommand.ts";

export const exportCommand: Subcommand = async (
  deps,
  { command, ack, respond, client, args, locale },
) => {
  const userId = command.user_id;
  const { directory, settings, catalog } = deps.services;
  const [processKey, from, to] = args;
  if (!processKey || !from || !to)
    return void (await ack({
      response_type: "ephemeral",
      text: t(locale, "command.usage.export", {
        command: commandText(
          "export",
          t(locale, "command.arg.process"),
          t(locale, "command.arg.from"),
          t(locale, "command.arg.to"),
        ),
        example: commandText("export return 2026-11-01 2026-11-30"),
      }),
    }));
  if (!canExport(directory, userId, { roles: settings.export.roles, admins: settings.admins })) {
    return void (await ack({
      response_type: "ephemeral",
      text: t(locale, "command.export.not_allowed"),
    }));
  }
  await ack();
  const say = (text: string) => respond({ response_type: "ephemeral", text });
  const res = await deps.services.exportDecisions({
    processKey,
    from,
    to,
    locale,
    timeZone: deps.services.timeZoneOf(userId),
  });
  if (!res.ok) {
    const list = processList(deps, locale);
    return void (await say(errorText(res.error, locale, directory, { processList: list })));
  }
  const name = pick(locale, catalog.get(processKey)!.def.name);
  const summary = t(locale, "command.export.done", {
    process: name,
    from,
    to,
    requests: res.requests,
    rows: res.rows,
  });
  const dm = await client.conversations.open({ users: userId });
  await client.files.uploadV2({
    channel_id: dm.channel!.id!,
    filename: `${processKey}-${from}-${to}.csv`,
    title: `${name} ${from} ~ ${to}`,
    content: res.csv,
    initial_comment: summary,
  });
  await say(t(locale, "command.export.sent"));
};
