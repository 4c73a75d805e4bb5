// `/approval new|status|withdraw|help`: the umbrella command.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { type Locale, t } from "../../src/i18n/index.ts";
import { canView } from "../../src/requests/load-request-view.ts";
import { commandText } from "../blocks/command-text.ts";
import { bold, code } from "../blocks/mrkdwn.ts";
import { renderStatus } from "../blocks/status.ts";
import { type HandlerDeps, processList, readerOf } from "../context.ts";
import { errorText } from "../errors.ts";
import { openNewRequest } from "../open-request-modal.ts";
import { admin } from "./admin.ts";
import { delegate } from "./delegate.ts";
import { digest } from "./digest.ts";
import { exportCommand } from "./export.ts";
import { list } from "./list.ts";
import { mine } from "./mine.ts";
import { pathCommand } from "./path.ts";
import { remind } from "./remind.ts";
import type { Subcommand } from "./subcommand.ts";

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const subcommands: Record<string, Subcommand> = {
  remind,
  delegate,
  list,
  mine,
  digest,
  export: exportCommand,
  path: pathCommand,
  admin,
};

export function approvalCommand(deps: HandlerDeps) {
  return async (args: Args) => {
    const { command, ack, respond, client } = args;
    const userId = command.user_id;
    const reader = readerOf(deps, userId);
    const { locale } = reader;
    // An empty text splits into [""]: drop it so a bare /approval means help.
    const [sub = "help", arg = "", ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
    const more = subcommands[sub];
    if (more) return more(deps, { ...args, args: [arg, ...rest].filter(Boolean), locale });
    const say = (text: string) => respond({ response_type: "ephemeral", text });
    const dir = deps.services.directory;

    if (sub === "new") {
      if (!deps.services.catalog.get(arg)) {
        await ack({
          response_type: "ephemeral",
          text: arg
            ? errorText({ type: "unknown_process", key: arg }, locale, dir, {
                processList: processList(deps, locale),
              })
            : t(locale, "command.usage.new", {
                command: commandText("new", t(locale, "command.arg.process")),
                list: processList(deps, locale),
              }),
        });
        return;
      }
      if (!dir.person(userId))
        return void (await ack({
          response_type: "ephemeral",
          text: t(locale, "error.not_in_org"),
        }));
      await ack();
      await openNewRequest(deps, client, command.trigger_id, userId, arg);
      return;
    }
    if (sub === "status" || sub === "withdraw") {
      const id = Number(arg.replace(/^#/, ""));
      if (!Number.isInteger(id) || id <= 0) {
        await ack({
          response_type: "ephemeral",
          text:
            sub === "status"
              ? t(locale, "command.usage.status", {
                  command: commandText("status", t(locale, "command.arg.id")),
                  example: commandText("status", 42),
                })
              : t(locale, "command.usage.withdraw", {
                  command: commandText("withdraw", t(locale, "command.arg.id")),
                }),
        });
        return;
      }
      await ack();
      if (sub === "withdraw") {
        const result = await deps.services.engine.withdraw(id, userId);
        if (!result.ok) return void (await say(errorText(result.error, locale, dir)));
        await say(t(locale, "command.withdrawn", { id }));
        return;
      }
      const view = await deps.services.loadRequest(id);
      if (!view) return void (await say(errorText({ type: "not_found" }, locale, dir)));
      if (!canView(view, userId, dir))
        return void (await say(t(locale, "error.not_allowed_to_view")));
      const rendered = renderStatus(view, reader);
      await respond({ response_type: "ephemeral", ...rendered });
      return;
    }
    const help = helpText(deps, locale);
    await ack({
      response_type: "ephemeral",
      text: sub === "help" ? help : `${t(locale, "command.unknown", { sub })}\n${help}`,
    });
  };
}

/** Every subcommand with what it does, and the process shortcuts (`/return`, …). */
function helpText(deps: HandlerDeps, locale: Locale): string {
  const arg = (name: "process" | "id" | "pairs" | "someone" | "date" | "from" | "to") =>
    t(locale, `command.arg.${name}`);
  const shortcuts = deps.services.catalog
    .list()
    .flatMap((p) => (p.def.command ? [code(p.def.command)] : []))
    .join(" ");
  return [
    bold(t(locale, "command.help.title")),
    t(locale, "command.help.new", {
      command: commandText("new", arg("process")),
      list: processList(deps, locale),
    }),
    t(locale, "command.help.path", {
      command: commandText("path", arg("process"), arg("pairs")),
      example: commandText("path return amount=80000"),
    }),
    t(locale, "command.help.status", { command: commandText("status", arg("id")) }),
    t(locale, "command.help.list", { command: commandText("list") }),
    t(locale, "command.help.mine", { command: commandText("mine [open|done|all]") }),
    t(locale, "command.help.withdraw", { command: commandText("withdraw", arg("id")) }),
    t(locale, "command.help.remind", { command: commandText("remind", arg("id")) }),
    t(locale, "command.help.delegate", {
      command: commandText("delegate", arg("someone"), "until", arg("date")),
      off: commandText("delegate off"),
    }),
    t(locale, "command.help.digest", {
      command: commandText("digest"),
      off: code("digest off"),
      at: code("digest at 08:30"),
    }),
    t(locale, "command.help.export", {
      command: commandText("export", arg("process"), arg("from"), arg("to")),
    }),
    t(locale, "command.help.help", { command: commandText("help") }),
    t(locale, "command.help.shortcuts", { shortcuts }),
  ].join("\n");
}
