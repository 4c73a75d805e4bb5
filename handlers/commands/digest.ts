// `/approval digest` sends your digest now; `off` / `on` / `at 08:30` set the daily one.
import { DateTime } from "luxon";
import { hasContent } from "../../src/digest/build-digests.ts";
import { type Locale, t } from "../../src/i18n/index.ts";
import { commandText } from "../blocks/command-text.ts";
import type { Subcommand } from "./subcommand.ts";

export const digest: Subcommand = async (deps, { command, ack, respond, args, locale }) => {
  const userId = command.user_id;
  const { digests, digestBuilder, settings, clock } = deps.services;
  const [verb, value] = args;
  const reply = (text: string) => ack({ response_type: "ephemeral", text });
  if (verb === "off") {
    await digests.setPreference(userId, { enabled: false });
    await reply(t(locale, "command.digest.off"));
    return;
  }
  if (verb === "on") {
    await digests.setPreference(userId, { enabled: true });
    await reply(t(locale, "command.digest.on", { time: settings.digest.time }));
    return;
  }
  if (verb === "at") {
    if (!value || !/^([01]\d|2[0-3]):[0-5]\d$/.test(value))
      return void (await reply(usage(locale)));
    await digests.setPreference(userId, { enabled: true, time: value });
    return void (await reply(t(locale, "command.digest.at", { time: value })));
  }
  if (verb) return void (await reply(usage(locale)));
  await ack();
  const now = clock();
  const d = (await digestBuilder.build([userId], now)).get(userId)!;
  if (!hasContent(d))
    return void (await respond({
      response_type: "ephemeral",
      text: t(locale, "command.digest.empty"),
    }));
  await deps.notices.digest(
    d,
    DateTime.fromJSDate(now, { zone: deps.services.timeZoneOf(userId) }).toISODate()!,
  );
  await respond({ response_type: "ephemeral", text: t(locale, "command.digest.sent") });
};

const usage = (locale: Locale) =>
  t(locale, "command.usage.digest", {
    now: commandText("digest"),
    off: commandText("digest off"),
    on: commandText("digest on"),
    at: commandText("digest at 08:30"),
  });
