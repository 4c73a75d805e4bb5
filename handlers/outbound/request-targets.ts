// Which Slack messages a request has, and how each renders now: one per assignment (the
// assignee's DM), the requester's tracking message, and a notice for each event the requester
// must hear of. Pure: the sync compares these renders with what was delivered.
import { createHash } from "node:crypto";
import type { MessageTarget } from "../../src/messages/message-store.ts";
import type { RequestView } from "../../src/requests/load-request-view.ts";
import type { Services } from "../../src/services.ts";
import type { ReaderOf } from "../blocks/reader.ts";
import {
  type Rendered,
  renderAssignmentMessage,
  renderNotice,
  renderTrackingMessage,
} from "../blocks/request-message.ts";

const noticeActions = new Set(["RETURN", "REJECT", "COMPLETE", "TRANSFER"]);

export interface Target extends MessageTarget {
  /** Posted when it has no message yet (a closed assignment's first DM is never posted late). */
  create: boolean;
  /** New assignees' DMs go before everything else in the send queue. */
  priority: number;
  render(): Rendered;
}

export function requestTargets(
  view: RequestView,
  readerOf: ReaderOf,
  dir: Services["directory"],
): Target[] {
  const list: Target[] = [];
  for (const a of view.assignments) {
    list.push({
      key: `assignment:${a.id}`,
      purpose: a.kind === "NOTIFY" ? "NOTIFY" : "ASSIGNMENT",
      userId: a.assigneeId,
      assignmentId: a.id,
      create: a.status === "PENDING" || a.status === "NOTIFIED",
      priority: a.kind === "NOTIFY" ? 3 : 1,
      render: () => renderAssignmentMessage(view, a, readerOf(a.assigneeId), dir),
    });
  }
  const requester = view.request.requesterId;
  list.push({
    key: `tracking:${view.request.id}`,
    purpose: "TRACKING",
    userId: requester,
    create: true,
    priority: 2,
    render: () => renderTrackingMessage(view, readerOf(requester)),
  });
  for (const e of view.audit.filter((x) => noticeActions.has(x.action))) {
    list.push({
      key: `notice:${e.id}`,
      purpose: "NOTICE",
      userId: requester,
      create: true,
      priority: 2,
      render: () => renderNotice(view, e, readerOf(requester)),
    });
  }
  return list;
}

/** What a delivery is compared by: equal content is never sent again. */
export function contentHash(r: { text: string; blocks: unknown }): string {
  return createHash("sha256")
    .update(JSON.stringify([r.text, r.blocks]))
    .digest("base64url")
    .slice(0, 32);
}
