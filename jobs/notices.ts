// One-off DMs that are not part of a request's kept messages: reminders (催办), escalation
// notices to the original assignee, and alerts to admins. Each is written to the outbox
// (once per key, so a retried or taken-over job adds none) and then sent by the pipeline,
// which retries it until Slack takes it.
import type { WebClient } from "@slack/web-api";
import { renderDigest } from "../handlers/blocks/digest.ts";
import { readerFor } from "../handlers/blocks/reader.ts";
import type { OneOff } from "../handlers/outbound/one-off.ts";
import type { Digest } from "../src/digest/build-digests.ts";
import type { MessagePurpose } from "../src/generated/prisma/client.ts";
import type { Assignment } from "../src/requests/records.ts";
import type { Services } from "../src/services.ts";
import type { Outbound } from "./outbound.ts";

export type ReminderKind = "scheduled" | "manual" | "overdue";

export interface Notices {
  /** `tag` tells reminders of one assignment apart (the n-th scheduled one, a manual one's time). */
  remind(a: Assignment, kind: ReminderKind, tag?: string | number): Promise<void>;
  escalated(a: Assignment, toUserId: string): Promise<void>;
  webhookFailed(requestId: number, attempts: number, error: string): Promise<void>;
  /** Tells the admins that Slack will never take a message (not for an alert itself). */
  deliveryFailed(
    message: { id: number; requestId: number; userId: string; purpose: MessagePurpose },
    error: string,
  ): Promise<void>;
  /** The daily digest DM (rate limits surface as errors for the queue to handle). */
  digest(d: Digest, day: string): Promise<void>;
}

export function createNotices(
  services: Pick<
    Services,
    "catalog" | "clock" | "loadRequest" | "localeOf" | "messages" | "settings" | "timeZoneOf"
  >,
  outbound: Outbound,
  digestClient: WebClient,
): Notices {
  async function queue(
    requestId: number,
    target: { key: string; purpose: MessagePurpose; userId: string; assignmentId?: number },
    data: OneOff,
    priority: number,
  ) {
    const row =
      (await services.messages.claim(requestId, target, 1, data)) ??
      (await services.messages.byKey(target.key));
    if (row && !row.ts && !row.failure) await outbound.deliver(row.id, "post", priority);
  }

  /** The bot's admins and the process's own, who are told when something can never be sent. */
  async function adminsOf(requestId: number): Promise<string[]> {
    const view = await services.loadRequest(requestId);
    return [...new Set([...services.settings.admins, ...(view?.process.def.admins ?? [])])];
  }

  return {
    async remind(a, kind, tag = kind === "manual" ? services.clock().getTime() : "") {
      const key = `reminder:${a.id}:${kind === "scheduled" ? tag : `${kind}${tag === "" ? "" : `:${tag}`}`}`;
      await queue(
        a.requestId,
        { key, purpose: "REMINDER", userId: a.assigneeId, assignmentId: a.id },
        { kind: "reminder", reminder: kind },
        3,
      );
    },

    async escalated(a, toUserId) {
      await queue(
        a.requestId,
        { key: `escalated:${a.id}`, purpose: "REMINDER", userId: a.assigneeId, assignmentId: a.id },
        { kind: "escalated", to: toUserId },
        3,
      );
    },

    async webhookFailed(requestId, attempts, error) {
      const view = await services.loadRequest(requestId);
      for (const admin of view?.process.def.admins ?? []) {
        await queue(
          requestId,
          { key: `webhook-failed:${requestId}:${admin}`, purpose: "ALERT", userId: admin },
          { kind: "webhook_failed", attempts, error },
          2,
        );
      }
    },

    async deliveryFailed(message, error) {
      if (message.purpose === "ALERT") return;
      for (const admin of await adminsOf(message.requestId)) {
        if (admin === message.userId) continue;
        await queue(
          message.requestId,
          { key: `alert:${message.id}:${admin}`, purpose: "ALERT", userId: admin },
          { kind: "delivery_failed", userId: message.userId, purpose: message.purpose, error },
          2,
        );
      }
    },

    async digest(d, day) {
      // The send may run on another worker than the build: names come from each pinned version.
      await services.catalog.preload([...d.waiting, ...d.mine].map((x) => x.processVersionId));
      const reader = readerFor(services)(d.userId);
      await digestClient.chat.postMessage({
        channel: d.userId,
        ...renderDigest(d, reader, services.catalog, services.clock(), day),
      });
    },
  };
}
