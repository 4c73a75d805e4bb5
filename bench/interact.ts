// What people do, as the local Slack sends it to the bot process (signed HTTP): file a request
// through its modal, and click the buttons of the DM an assignment got.
import { formValues, type SimpleValue } from "@approvals/slack-local";
import { ids } from "../handlers/ids.ts";
import { eventually } from "../harness/async.ts";
import type { Harness } from "./harness.ts";

/** `/approval new <process>`, the form filled in and submitted; the new request's id. */
export async function fileViaModal(
  h: Harness,
  userId: string,
  processKey: string,
  values: Record<string, SimpleValue>,
): Promise<number> {
  const db = h.world.database.prisma;
  const before = new Set(h.slack.store.openViewsOf(userId).map((v) => v.id));
  const last =
    (await db.request.findFirst({ where: { requesterId: userId }, orderBy: { id: "desc" } }))?.id ??
    0;
  const res = await h.slack.slashCommand({
    userId,
    command: "/approval",
    text: `new ${processKey}`,
  });
  if (res.status !== 200) throw new Error(`/approval new ${processKey} answered ${res.status}`);
  // The modal opens at once with a title, then becomes the form.
  const view = await eventually(
    () =>
      h.slack.store
        .openViewsOf(userId)
        .find((v) => !before.has(v.id) && v.callback_id.startsWith(ids.view.requestPrefix)),
    `the ${processKey} form`,
    30_000,
  );
  const answer = await h.slack.submitView({
    userId,
    viewId: view.id,
    values: formValues(view, values),
  });
  if (answer.status !== 200 || answer.json?.response_action)
    throw new Error(`the ${processKey} form was refused: ${answer.status} ${answer.body}`);
  const request = await eventually(
    () =>
      db.request
        .findFirst({
          where: { requesterId: userId, processKey, id: { gt: last } },
          orderBy: { id: "desc" },
        })
        .then((r) => r ?? undefined),
    "the filed request",
    30_000,
  );
  return request.id;
}

export interface Clickable {
  assignmentId: number;
  userId: string;
  actionId: string;
  message: { channel: string; ts: string };
}

/** The pending approvals and tasks of a request whose DM has arrived, oldest first, with the button that decides each. */
export async function clickables(h: Harness, requestId: number): Promise<Clickable[]> {
  const db = h.world.database.prisma;
  const pending = await db.assignment.findMany({
    where: { requestId, status: "PENDING", kind: { in: ["APPROVAL", "TASK"] } },
    orderBy: { id: "asc" },
  });
  const rows = new Map(
    (await db.slackMessage.findMany({ where: { requestId } })).map((r) => [r.key, r]),
  );
  return pending.flatMap((a) => {
    const row = rows.get(`assignment:${a.id}`);
    if (!row?.channel || !row.ts) return [];
    return [
      {
        assignmentId: a.id,
        userId: a.assigneeId,
        actionId: a.kind === "TASK" ? ids.action.taskDone : ids.action.approve,
        message: { channel: row.channel, ts: row.ts },
      },
    ];
  });
}

/** Clicks, and waits until the decision is committed. */
export async function decide(h: Harness, c: Clickable): Promise<void> {
  const res = await h.slack.clickButton({
    userId: c.userId,
    actionId: c.actionId,
    message: c.message,
  });
  if (res.status !== 200) throw new Error(`${c.actionId} by ${c.userId} answered ${res.status}`);
  await eventually(
    async () =>
      (
        await h.world.database.prisma.assignment.findUniqueOrThrow({
          where: { id: c.assignmentId },
        })
      ).status !== "PENDING"
        ? true
        : undefined,
    `assignment ${c.assignmentId} decided`,
    60_000,
  );
}
