// `/approval admin reload`: re-reads config/processes/*.yaml, checks them as start-up does,
// and publishes a new version of each changed process in the running bot. Requests in
// flight keep their version. `/approval admin token …`: API tokens (admin-token.ts).
// Admins only (`admins` in config/settings.yaml).
import { ConfigError } from "../../src/config/env.ts";
import type { PublishResult } from "../../src/definitions/catalog.ts";
import { pick, t } from "../../src/i18n/index.ts";
import { commandText } from "../blocks/command-text.ts";
import { code, codeBlock } from "../blocks/mrkdwn.ts";
import { adminToken } from "./admin-token.ts";
import type { Subcommand } from "./subcommand.ts";

export const admin: Subcommand = async (deps, { command, ack, respond, args, locale }) => {
  const { catalog, settings } = deps.services;
  if (!settings.admins.includes(command.user_id))
    return void (await ack({
      response_type: "ephemeral",
      text: t(locale, "command.admin.not_allowed", {
        command: commandText("admin"),
        setting: code("admins"),
      }),
    }));
  if (args[0] === "token")
    return void (await ack({
      response_type: "ephemeral",
      text: await adminToken(deps, command.user_id, args.slice(1), locale),
    }));
  if (args[0] !== "reload")
    return void (await ack({
      response_type: "ephemeral",
      text: t(locale, "command.admin.usage", {
        command: commandText("admin reload"),
        token: commandText("admin token"),
      }),
    }));
  await ack();
  const say = (text: string) => respond({ response_type: "ephemeral", text });
  const before = new Map(catalog.list().map((p) => [p.def.key, p.def]));
  let result: PublishResult;
  try {
    result = await catalog.reload();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return void (await say(
      t(locale, "command.admin.reload.failed", { error: codeBlock(e.message) }),
    ));
  }
  deps.logger.info(
    { by: command.user_id, published: result.published, removed: result.removed },
    "process definitions reloaded",
  );
  const lines = result.published.map(({ key, version, previous }) => {
    const process = pick(locale, catalog.get(key)!.def.name);
    return previous === undefined
      ? t(locale, "command.admin.reload.new", { process, key: code(key), version })
      : t(locale, "command.admin.reload.changed", { process, key: code(key), version, previous });
  });
  const removed = result.removed.map(
    (key) => `${pick(locale, before.get(key)!.name)} (${code(key)})`,
  );
  if (lines.length === 0 && removed.length === 0)
    return void (await say(t(locale, "command.admin.reload.none")));
  const parts = [
    lines.length > 0
      ? t(locale, "command.admin.reload.done", { list: lines.join("\n") })
      : undefined,
    removed.length > 0
      ? t(locale, "command.admin.reload.removed", { list: removed.join(", ") })
      : undefined,
  ];
  // Slash commands are registered with Slack (and Bolt) at start-up.
  const commands = (defs: Iterable<{ command?: string }>) =>
    [...defs]
      .flatMap((d) => (d.command ? [d.command] : []))
      .sort()
      .join(" ");
  if (commands(before.values()) !== commands(catalog.list().map((p) => p.def)))
    parts.push(t(locale, "command.admin.reload.commands"));
  await say(parts.filter(Boolean).join("\n"));
};
