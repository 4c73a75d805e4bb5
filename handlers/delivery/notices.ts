// One-off DMs that are not part of a request's kept-up-to-date messages: reminders (催办),
// escalation notices to the original assignee, and webhook failures to process admins.
import type { WebClient } from "@slack/web-api";
import type { Assignment } from "../../src/requests/records.ts";
import { escapeMrkdwn, formatWaited, pick, t } from "../../src/i18n/index.ts";
import type { Services } from "../../src/services.ts";
import { renderDigest } from "../blocks/digest.ts";
import { mention, stepName } from "../blocks/format.ts";
import type { Digest } from "../../src/digest/build-digests.ts";

export type ReminderKind = "scheduled" | "manual" | "overdue";

export interface Notices {
  remind(a: Assignment, kind: ReminderKind): Promise<void>;
  escalated(a: Assignment, toUserId: string): Promise<void>;
  webhookFailed(requestId: number, attempts: number, error: string): Promise<void>;
  /** The daily digest DM (rate limits surface as errors for the queue to handle). */
  digest(d: Digest, day: string): Promise<void>;
}

export function createNotices(services: Services, client: WebClient, digestClient: WebClient = client): Notices {
  async function describe(a: Assignment) {
    const view = (await services.loadRequest(a.requestId))!;
    const locale = services.localeOf(a.assigneeId);
    const params = { process: pick(locale, view.process.def.name), id: view.request.id, step: escapeMrkdwn(stepName(view.process.def, a.stepKey, locale)) };
    return { view, locale, params };
  }

  /** A link to the assignment's own actionable message, so the reminder leads straight to the buttons. */
  async function linkTo(a: Assignment): Promise<string | undefined> {
    const msg = (await services.messages.forRequest(a.requestId)).find((m) => m.assignmentId === a.id && m.ts && m.channel);
    if (!msg) return undefined;
    const res = await client.chat.getPermalink({ channel: msg.channel!, message_ts: msg.ts! }).catch(() => undefined);
    return res?.permalink;
  }

  return {
    async remind(a, kind) {
      const { view, locale, params } = await describe(a);
      const waited = formatWaited(locale, services.clock().getTime() - a.createdAt.getTime());
      const key = kind === "manual" ? "reminder.manual" : kind === "overdue" ? "reminder.overdue" : "reminder.text";
      const link = await linkTo(a);
      const text = `${t(locale, key, { ...params, waited, requester: mention(view.request.requesterId) })}${link ? `\n${t(locale, "reminder.link", { link })}` : ""}`;
      await client.chat.postMessage({ channel: a.assigneeId, text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] });
    },

    async escalated(a, toUserId) {
      const { locale, params } = await describe(a);
      const text = t(locale, "escalation.assignee", { ...params, to: mention(toUserId) });
      await client.chat.postMessage({ channel: a.assigneeId, text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] });
    },

    async digest(d, day) {
      const reader = { locale: services.localeOf(d.userId), timeZone: services.timeZoneOf(d.userId) };
      await digestClient.chat.postMessage({ channel: d.userId, ...renderDigest(d, reader, services.catalog, services.clock(), day) });
    },

    async webhookFailed(requestId, attempts, error) {
      const view = (await services.loadRequest(requestId))!;
      for (const admin of view.process.def.admins ?? []) {
        const locale = services.localeOf(admin);
        const text = t(locale, "webhook.admin_failed", { process: pick(locale, view.process.def.name), id: requestId, n: attempts, error: escapeMrkdwn(error) });
        await client.chat.postMessage({ channel: admin, text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] });
      }
    },
  };
}
