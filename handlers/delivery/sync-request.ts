// After any change to a request, every Slack message of it is brought up to date: new
// assignments get a DM, existing messages are re-rendered (so no stale button stays
// clickable), and the requester hears of returns, rejections and completion.
import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { MessageTarget } from "../../src/messages/message-store.ts";
import type { RequestView } from "../../src/requests/load-request-view.ts";
import type { Services } from "../../src/services.ts";
import { renderAssignmentMessage, renderNotice, renderTrackingMessage, type Rendered } from "../blocks/request-message.ts";

const noticeActions = new Set(["RETURN", "REJECT", "COMPLETE", "TRANSFER"]);

export interface Delivery {
  sync(requestId: number): Promise<void>;
}

export function createDelivery(services: Services, client: WebClient, logger: Logger): Delivery {
  // Syncs of one request run one after another in this process, so updates land in order.
  const chains = new Map<number, Promise<void>>();

  async function syncNow(requestId: number): Promise<void> {
    const view = await services.loadRequest(requestId);
    if (!view) return;
    const existing = new Map((await services.messages.forRequest(requestId)).map((m) => [m.key, m]));
    for (const { target, create, render } of targetsOf(view)) {
      const row = existing.get(target.key);
      try {
        if (row?.ts && row.channel) {
          await client.chat.update({ channel: row.channel, ts: row.ts, ...render() });
        } else if (!row && create) {
          const claim = await services.messages.claim(requestId, target);
          if (!claim) continue;
          const res = await client.chat.postMessage({ channel: target.userId, ...render() }).catch(async (e: unknown) => {
            await services.messages.release(claim.id);
            throw e;
          });
          await services.messages.posted(claim.id, res.channel!, res.ts!);
        }
      } catch (e) {
        logger.error({ err: e, requestId, key: target.key }, "slack delivery failed");
      }
    }
  }

  function targetsOf(view: RequestView) {
    const reader = (userId: string) => ({ locale: services.localeOf(userId), timeZone: services.timeZoneOf(userId) });
    const list: { target: MessageTarget; create: boolean; render: () => Rendered }[] = [];
    for (const a of view.assignments) {
      list.push({
        target: { key: `assignment:${a.id}`, purpose: a.kind === "NOTIFY" ? "NOTIFY" : "ASSIGNMENT", userId: a.assigneeId, assignmentId: a.id },
        create: a.status === "PENDING" || a.status === "NOTIFIED",
        render: () => renderAssignmentMessage(view, a, reader(a.assigneeId), services.directory),
      });
    }
    const requester = view.request.requesterId;
    list.push({ target: { key: `tracking:${view.request.id}`, purpose: "TRACKING", userId: requester }, create: true, render: () => renderTrackingMessage(view, reader(requester)) });
    for (const e of view.audit.filter((x) => noticeActions.has(x.action))) {
      list.push({ target: { key: `notice:${e.id}`, purpose: "NOTICE", userId: requester }, create: true, render: () => renderNotice(view, e, reader(requester)) });
    }
    return list;
  }

  return {
    sync(requestId) {
      const next = (chains.get(requestId) ?? Promise.resolve()).then(() => syncNow(requestId));
      const settled = next.catch((e: unknown) => logger.error({ err: e, requestId }, "sync failed"));
      chains.set(requestId, settled);
      void settled.then(() => chains.get(requestId) === settled && chains.delete(requestId));
      return next;
    },
  };
}
