// `/approval status <id>`: the whole path and every recorded decision.
import { BlockCollection, Blocks } from "slack-block-builder";
import type { KnownBlock } from "@slack/types";
import { escapeMrkdwn, formatDateTime, pick, t } from "../../src/i18n/index.ts";
import type { RequestView } from "../../src/requests/load-request-view.ts";
import { clip, mention, stepName } from "./format.ts";
import { deliveryIssueBlocks, type Reader, type Rendered } from "./request-message.ts";
import { pathLines } from "./request-path.ts";

const shown = new Set(["SUBMIT", "APPROVE", "REJECT", "RETURN", "RESUBMIT", "TRANSFER", "WITHDRAW", "DONE", "AUTO_APPROVE", "COMPLETE", "REMIND", "ESCALATE", "WEBHOOK"]);

export function renderStatus(view: RequestView, reader: Reader): Rendered {
  const { locale, timeZone } = reader;
  const def = view.process.def;
  const title = t(locale, "status.title", { process: pick(locale, def.name), id: view.request.id, status: t(locale, `status.${view.request.status}` as never) });
  const history = view.audit
    .filter((e) => shown.has(e.action))
    .map((e) =>
      t(locale, "status.history.line", {
        at: formatDateTime(locale, e.at, timeZone),
        who: e.actorId === "system" ? t(locale, "app.name") : mention(e.actorId),
        action: t(locale, `audit.${e.action}` as never),
        step: e.stepKey ? ` · ${escapeMrkdwn(stepName(def, e.stepKey, locale))}` : "",
        comment: `${behalf(e.data, locale)}${e.comment ? ` — ${escapeMrkdwn(e.comment)}` : ""}`,
      }),
    );
  const blocks = BlockCollection(
    Blocks.Section({ text: title }),
    Blocks.Context().elements(`${t(locale, "message.requester")} ${mention(view.request.requesterId)} · ${t(locale, "message.version")} v${def.version} · ${formatDateTime(locale, view.request.createdAt, timeZone)}`),
    Blocks.Section({ text: clip(`${t(locale, "message.path")}\n${pathLines(view, locale, timeZone).join("\n")}`) }),
    view.request.webhookStatus ? Blocks.Context().elements(t(locale, `webhook.${view.request.webhookStatus}`, { n: view.request.webhookAttempts })) : undefined,
    ...deliveryIssueBlocks(view, locale),
    Blocks.Section({ text: clip(`${t(locale, "status.history")}\n${history.join("\n")}`) }),
  ) as KnownBlock[];
  return { text: title.replace(/\*/g, ""), blocks };
}

/** "(for X)" when someone decided in another's place; "(timed out)" when the system did. */
function behalf(data: unknown, locale: Reader["locale"]): string {
  const d = (data ?? {}) as { onBehalfOf?: string; delegateFor?: string; timeout?: boolean };
  if (d.timeout) return t(locale, "status.timeout");
  const who = d.onBehalfOf ?? d.delegateFor;
  return who ? t(locale, "status.on_behalf", { who: mention(who) }) : "";
}
