// Commands as the reader types them, shown as code in a sentence: "用 {command} 查看" with
// command: commandText("list"). The words of an argument (<流程>, <process>) are the catalog's.
import { type Locale, t } from "../../src/i18n/index.ts";
import { code } from "./mrkdwn.ts";

/** The bot's one slash command; each subcommand is a word after it. */
export const umbrellaCommand = "/approval";

/** `` `/approval status 42` ``: the umbrella command and what follows it, as code. */
export const commandText = (...words: (string | number)[]) =>
  code([umbrellaCommand, ...words].join(" "));

/** How to hand approvals over: said when the command is incomplete, and when its date is not a date. */
export const delegateUsage = (locale: Locale) =>
  t(locale, "command.usage.delegate", {
    command: commandText("delegate", t(locale, "command.arg.someone"), "until 2026-12-31"),
    off: commandText("delegate off"),
  });
