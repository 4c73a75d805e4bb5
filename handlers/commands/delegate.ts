// `/approval delegate @someone until 2026-12-31` and `/approval delegate off` (代理审批).
// Slack sends a mention as <@U123|name> when the command escapes users (see the manifest).
import { formatDateTime, t } from "../../src/i18n/index.ts";
import { delegateUsage } from "../blocks/command-text.ts";
import { mention } from "../blocks/format.ts";
import { errorText } from "../errors.ts";
import type { Subcommand } from "./subcommand.ts";

export const delegate: Subcommand = async (deps, { command, ack, args, locale }) => {
  const userId = command.user_id;
  const reply = (text: string) => ack({ response_type: "ephemeral", text });
  if (args[0] === "off") {
    return void (await reply(
      t(
        locale,
        (await deps.services.revokeDelegation(userId))
          ? "command.delegate.off"
          : "command.delegate.none",
      ),
    ));
  }
  const to =
    /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(args[0] ?? "")?.[1] ??
    (/^[UW][A-Z0-9]+$/.test(args[0] ?? "") ? args[0] : undefined);
  const until = args[1] === "until" ? args[2] : undefined;
  if (!to || !until) return void (await reply(delegateUsage(locale)));
  const res = await deps.services.setDelegation(userId, to, until);
  if (!res.ok) return void (await reply(errorText(res.error, locale, deps.services.directory)));
  await reply(
    t(locale, "command.delegate.set", {
      to: mention(to),
      until: formatDateTime(locale, res.endsAt, deps.services.timeZoneOf(userId)),
    }),
  );
};
