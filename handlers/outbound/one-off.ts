// Messages sent once, written to the outbox with what they are about and rendered when they
// go out: reminders (催办), escalation notices to the original assignee, and admin alerts
// (a failed ERP webhook, a message Slack will never take).
import { z } from "zod";
import { formatWaited, type Locale, pick, t } from "../../src/i18n/index.ts";
import { MessagePurpose } from "../../src/messages/message-store.ts";
import type { RequestView } from "../../src/requests/load-request-view.ts";
import { commandText } from "../blocks/command-text.ts";
import { fitMessage } from "../blocks/fit-message.ts";
import { mention, requestRef, stepName } from "../blocks/format.ts";
import { escapeMrkdwn, link as linkTo } from "../blocks/mrkdwn.ts";
import type { Reader } from "../blocks/reader.ts";
import { deliveryErrorText, type Rendered } from "../blocks/request-message.ts";

export const oneOffSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("reminder"), reminder: z.enum(["scheduled", "manual", "overdue"]) }),
  z.object({ kind: z.literal("escalated"), to: z.string() }),
  z.object({ kind: z.literal("webhook_failed"), attempts: z.number(), error: z.string() }),
  z.object({
    kind: z.literal("delivery_failed"),
    userId: z.string(),
    purpose: z.enum(MessagePurpose),
    error: z.string(),
  }),
]);
export type OneOff = z.infer<typeof oneOffSchema>;

export interface OneOffContext {
  view: RequestView;
  /** The assignment a reminder or escalation notice is about. */
  assignmentId?: number | null;
  reader: Reader;
  now: Date;
  /** A link to the assignment's own message, where its buttons are. */
  link?: string;
}

export function renderOneOff(data: OneOff, ctx: OneOffContext): Rendered {
  const text = oneOffText(data, ctx);
  return fitMessage(
    {
      text: text.replace(/\*/g, ""),
      blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
    },
    { locale: ctx.reader.locale },
  );
}

function oneOffText(
  data: OneOff,
  { view, assignmentId, reader, now, link }: OneOffContext,
): string {
  const { locale } = reader;
  const def = view.process.def;
  const a = view.assignments.find((x) => x.id === assignmentId);
  const params = {
    request: requestRef(locale, pick(locale, def.name), view.request.id),
    step: escapeMrkdwn(a ? stepName(def, a.stepKey, locale) : ""),
  };
  switch (data.kind) {
    case "reminder": {
      const key =
        data.reminder === "manual"
          ? "reminder.manual"
          : data.reminder === "overdue"
            ? "reminder.overdue"
            : "reminder.text";
      const waited = formatWaited(locale, now.getTime() - (a?.createdAt ?? now).getTime());
      const text = t(locale, key, {
        ...params,
        waited,
        requester: mention(view.request.requesterId),
      });
      return link ? `${text}\n${linkTo(link, t(locale, "reminder.link"))}` : text;
    }
    case "escalated":
      return t(locale, "escalation.assignee", { ...params, to: mention(data.to) });
    case "webhook_failed":
      return t(locale, "webhook.admin_failed", {
        ...params,
        n: data.attempts,
        error: escapeMrkdwn(data.error),
      });
    case "delivery_failed":
      return t(locale, "alert.delivery_failed", {
        ...params,
        who: mention(data.userId),
        what: whatText(locale, data.purpose),
        why: deliveryErrorText(locale, data.error),
        command: commandText("status", view.request.id),
      });
  }
}

function whatText(locale: Locale, purpose: MessagePurpose): string {
  return t(locale, `delivery.what.${purpose}`);
}
