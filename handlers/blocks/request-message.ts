// The DMs of a request: the approver's actionable message, the requester's tracking
// message, and notices. Built from the current state, so every update is a re-render.

import type { KnownBlock } from "@slack/types";
import { Bits, BlockCollection, Blocks, Elements } from "slack-block-builder";
import type { FormValues } from "../../src/definitions/condition.ts";
import type { FieldDef } from "../../src/definitions/schema.ts";
import type { Directory } from "../../src/directory/directory.ts";
import type { ApproverContext } from "../../src/effects/effects.ts";
import type { Amendment } from "../../src/engine/amend.ts";
import { asksApprover } from "../../src/engine/amend.ts";
import type { AssigneeReason } from "../../src/engine/types.ts";
import {
  formatDateTime,
  formatMoney,
  type Locale,
  type MessageKey,
  pick,
  t,
} from "../../src/i18n/index.ts";
import type { RequestView } from "../../src/requests/load-request-view.ts";
import type { Assignment, AuditEntry } from "../../src/requests/records.ts";
import { ids } from "../ids.ts";
import { assignmentActions } from "./assignment-actions.ts";
import { commandText } from "./command-text.ts";
import { fitIds, fitMessage } from "./fit-message.ts";
import { clip, formatValue, mention, reasonText, requestRef, stepName } from "./format.ts";
import { bold, escapeMrkdwn, strike } from "./mrkdwn.ts";
import type { Reader } from "./reader.ts";
import { branchName, pathLines } from "./request-path.ts";

export interface Rendered {
  text: string;
  blocks: KnownBlock[];
}

const open = (v: RequestView) => v.request.status === "PENDING" || v.request.status === "RETURNED";

/**
 * An assignee's message. Which parts follow the request live is a product decision that keeps
 * the cost of a decision constant: a pending assignee sees their own step (not each peer's
 * progress, which would rewrite every 会签 member's message on every decision), and anyone
 * whose part is over (earlier approvers, CC) sees their outcome without the path until the
 * request ends, when every message shows the result. Progress lives on the requester's
 * tracking message and in `/approval status`.
 */
export function renderAssignmentMessage(
  view: RequestView,
  a: Assignment,
  reader: Reader,
  dir: Directory,
): Rendered {
  const { locale } = reader;
  const def = view.process.def;
  const step = def.steps[a.stepIndex]!;
  const params = {
    process: pick(locale, def.name),
    id: view.request.id,
    step: stepName(def, a.stepKey, locale),
  };
  const header =
    a.kind === "NOTIFY"
      ? t(locale, "message.notify.header", params)
      : a.kind === "TASK"
        ? t(locale, "message.task.header", params)
        : t(locale, "message.assignment.header", params);
  const why =
    reasonText(a.reason as AssigneeReason, def, dir, locale) +
    (a.delegatedFromId
      ? `; ${t(locale, "reason.delegate", { for: mention(a.delegatedFromId) })}`
      : "");
  const mode =
    step.mode === "all" && a.kind === "APPROVAL" ? ` · ${t(locale, "message.mode.all")}` : "";
  const live = a.status === "PENDING";
  const frozen = !live && open(view);
  const blocks = [
    ...summary(view, header, reader, {
      status: !frozen,
      answersBefore: open(view) ? a.stepIndex : undefined,
    }),
    ...(a.kind === "APPROVAL" && !frozen
      ? view.context.flatMap((c) => contextBlocks(c, reader))
      : []),
    ...(live ? changes(view, a, locale) : []),
    frozen
      ? undefined
      : Blocks.Section({
          text: clip(
            `${bold(t(locale, "message.path"))}\n${pathLines(view, locale, reader.timeZone, live ? a : undefined).join("\n")}`,
          ),
        }),
    Blocks.Context().elements(
      t(locale, "message.your_step", {
        label: bold(t(locale, "message.your_step.label")),
        step: escapeMrkdwn(params.step),
        why,
      }) + mode,
    ),
    ...assignmentFooter(view, a, reader),
    frozen
      ? Blocks.Context().elements(
          t(locale, "message.follow_up", { command: commandText("status", view.request.id) }),
        )
      : undefined,
  ];
  return fitted(view, reader, header, blocks);
}

/** Every message of a request goes out fitted to Slack's limits; what is cut is in the request's full view. */
function fitted(
  view: RequestView,
  reader: Reader,
  text: string,
  blocks: Parameters<typeof BlockCollection>,
): Rendered {
  const { locale } = reader;
  const fullView = {
    type: "button",
    action_id: ids.action.viewRequest,
    value: String(view.request.id),
    text: { type: "plain_text", text: t(locale, "button.view_full") },
  };
  return fitMessage(
    { text, blocks: BlockCollection(...blocks) as KnownBlock[] },
    { locale, more: t(locale, "fit.where.full"), fullView },
  );
}

function assignmentFooter(view: RequestView, a: Assignment, reader: Reader) {
  const { locale } = reader;
  const params = {
    process: pick(locale, view.process.def.name),
    id: view.request.id,
    step: stepName(view.process.def, a.stepKey, locale),
  };
  const step = view.process.def.steps[a.stepIndex];
  if (a.status === "PENDING" && view.request.status === "PENDING")
    return [assignmentActions(a, params, locale, step !== undefined && asksApprover(step))];
  if (a.status === "PENDING" && view.request.status === "RETURNED")
    return [Blocks.Context().elements(t(locale, "message.waiting_requester"))];
  if (a.kind === "NOTIFY")
    return (a.reason as { kind?: string } | null)?.kind === "cc"
      ? [
          Blocks.Context().elements(
            t(locale, "request.cc_note", { by: mention((a.reason as { by: string }).by) }),
          ),
        ]
      : [];
  const mine =
    ["APPROVED", "REJECTED", "RETURNED", "TRANSFERRED", "DONE"].includes(a.status) && a.decidedAt;
  const text = mine
    ? t(locale, "message.outcome", {
        outcome: t(locale, `assignment.${a.status}`),
        at: formatDateTime(locale, a.decidedAt!, reader.timeZone),
      })
    : open(view)
      ? t(locale, "message.closed", { status: t(locale, `assignment.${a.status}`) })
      : t(locale, "message.request_closed", {
          status: t(locale, `status.${view.request.status}`),
        });
  return [Blocks.Context().elements(text)];
}

export function renderTrackingMessage(view: RequestView, reader: Reader): Rendered {
  const { locale } = reader;
  const def = view.process.def;
  const header = t(locale, "message.tracking.header", {
    process: pick(locale, def.name),
    id: view.request.id,
  });
  const value = String(view.request.id);
  const buttons = [
    view.request.status === "RETURNED"
      ? Elements.Button({
          text: t(locale, "button.resubmit"),
          actionId: ids.action.resubmit,
          value,
        }).primary()
      : undefined,
    open(view)
      ? Elements.Button({
          text: t(locale, "button.withdraw"),
          actionId: ids.action.withdraw,
          value,
        })
          .danger()
          .confirm(
            Bits.ConfirmationDialog({
              title: t(locale, "confirm.withdraw.title"),
              text: t(locale, "confirm.withdraw.text", { id: view.request.id }),
              confirm: t(locale, "confirm.yes"),
              deny: t(locale, "confirm.no"),
            }),
          )
      : undefined,
  ].filter((b) => b !== undefined);
  const webhook = view.request.webhookStatus
    ? t(locale, `webhook.${view.request.webhookStatus}`, { n: view.request.webhookAttempts })
    : undefined;
  const blocks = [
    ...summary(view, header, reader),
    Blocks.Section({
      text: clip(
        `${bold(t(locale, "message.path"))}\n${pathLines(view, locale, reader.timeZone).join("\n")}`,
      ),
    }),
    webhook ? Blocks.Context().elements(webhook) : undefined,
    ...deliveryIssueBlocks(view, locale),
    buttons.length > 0
      ? Blocks.Actions({ blockId: `request:${view.request.id}` }).elements(...buttons)
      : undefined,
  ];
  return fitted(view, reader, header, blocks);
}

/** A new DM to the requester when something happens they must know about. */
export function renderNotice(view: RequestView, entry: AuditEntry, reader: Reader): Rendered {
  const { locale } = reader;
  const def = view.process.def;
  const bySystem = entry.actorId === "system";
  const params = {
    request: requestRef(locale, pick(locale, def.name), view.request.id),
    actor: bySystem ? t(locale, "app.name") : mention(entry.actorId),
    reason:
      bySystem && entry.action === "REJECT"
        ? t(locale, "timeout.auto_rejected")
        : escapeMrkdwn(entry.comment ?? ""),
    step: entry.stepKey ? stepName(def, entry.stepKey, locale) : "",
  };
  const text =
    entry.action === "COMPLETE"
      ? t(locale, "notice.approved", params)
      : entry.action === "REJECT"
        ? t(locale, "notice.rejected", params)
        : entry.action === "RETURN"
          ? t(locale, "notice.returned", params)
          : t(locale, "notice.transferred", {
              ...params,
              to: mention(String((entry.data as { to?: string } | null)?.to ?? "")),
            });
  const stillReturned =
    entry.action === "RETURN" &&
    view.request.status === "RETURNED" &&
    view.request.returnedFromId === entry.assignmentId;
  // Only a resubmission after this return makes it "done" (a withdrawn request was not resubmitted).
  const resubmitted =
    entry.action === "RETURN" && view.audit.some((e) => e.action === "RESUBMIT" && e.id > entry.id);
  const blocks = [
    Blocks.Section({ blockId: fitIds.value("notice"), text: clip(text) }),
    stillReturned
      ? Blocks.Actions({ blockId: `notice:${entry.id}` }).elements(
          Elements.Button({
            text: t(locale, "button.resubmit"),
            actionId: ids.action.resubmit,
            value: String(view.request.id),
          }).primary(),
        )
      : undefined,
    resubmitted ? Blocks.Context().elements(t(locale, "notice.returned.done")) : undefined,
  ];
  return fitted(view, reader, text.replace(/\*/g, ""), blocks);
}

interface SummaryOptions {
  /** The request's status among the fields (left out where the message does not follow it). */
  status?: boolean;
  /** Only the answers of steps before this one (a pending peer's answer is not shown, nor followed). */
  answersBefore?: number;
}

function summary(view: RequestView, header: string, reader: Reader, opts: SummaryOptions = {}) {
  const { locale } = reader;
  const def = view.process.def;
  const form = view.request.form;
  const short = def.fields.filter((f) => f.type !== "textarea");
  const long = def.fields.filter((f) => f.type === "textarea" && form[f.key]);
  const fields = [
    `${bold(t(locale, "message.requester"))}\n${mention(view.request.requesterId)}`,
    ...(opts.status === false
      ? []
      : [`${bold(t(locale, "message.status"))}\n${t(locale, `status.${view.request.status}`)}`]),
    ...short.map(
      (f) => `${bold(escapeMrkdwn(pick(locale, f.label)))}\n${shownValue(view, f, locale)}`,
    ),
  ];
  const credit =
    typeof form.current_grade === "string"
      ? `${bold(t(locale, "form.current_credit"))}\n${t(locale, "form.current_credit.value", { grade: escapeMrkdwn(form.current_grade), limit: formatMoney(locale, String(form.current_limit)) })}`
      : undefined;
  if (credit) fields.push(credit);
  const chunks: string[][] = [];
  for (let i = 0; i < fields.length; i += 10)
    chunks.push(fields.slice(i, i + 10).map((f) => clip(f, 1990)));
  return [
    Blocks.Header({ text: header }),
    ...chunks.map((c) => Blocks.Section().fields(...c)),
    ...long.map((f) =>
      Blocks.Section({
        blockId: fitIds.value(`field.${f.key}`),
        text: clip(`${bold(escapeMrkdwn(pick(locale, f.label)))}\n${shownValue(view, f, locale)}`),
      }),
    ),
    ...answers(view, locale, opts.answersBefore),
    Blocks.Context().elements(
      `${t(locale, "message.submitted")} ${formatDateTime(locale, view.request.createdAt, reader.timeZone)} · ${t(locale, "message.version")} v${def.version}`,
    ),
  ];
}

/** A value as it stands; if an approver amended it, with the original struck through and who changed it where. */
export function shownValue(view: RequestView, f: FieldDef, locale: Locale): string {
  const now = formatValue(f, view.request.form[f.key], locale, view.customers);
  const amended = ((view.request.amendments as Amendment[] | null) ?? []).filter(
    (a) => a.field === f.key,
  );
  if (amended.length === 0) return now;
  const last = amended.at(-1)!;
  return t(locale, "request.amended", {
    to: now,
    from: strike(formatValue(f, amended[0]!.from, locale, view.customers)),
    by: mention(last.by ?? ""),
    step: escapeMrkdwn(stepName(view.process.def, last.stepKey ?? "", locale)),
  });
}

/** What approvers answered at steps that ask (e.g. each department's opinion on a contract). */
function answers(view: RequestView, locale: Locale, before = Number.POSITIVE_INFINITY) {
  return answerTexts(view, locale, before).map(({ id, text }) =>
    Blocks.Section({ blockId: fitIds.item("answers", id), text: clip(text) }),
  );
}

/** Each approver's answers at a step that asks for them, in full: `{ assignment id, text }`. */
export function answerTexts(
  view: RequestView,
  locale: Locale,
  before = Number.POSITIVE_INFINITY,
): { id: number; text: string }[] {
  const def = view.process.def;
  return view.assignments
    .filter((a) => a.inputs && typeof a.inputs === "object" && a.stepIndex < before)
    .map((a) => {
      const step = def.steps[a.stepIndex];
      const values = a.inputs as FormValues;
      const parts = (step?.inputs ?? [])
        .filter(
          (f) => values[f.key] !== undefined && values[f.key] !== null && values[f.key] !== "",
        )
        .map((f) =>
          t(locale, "request.answer.part", {
            label: escapeMrkdwn(pick(locale, f.label)),
            value: formatValue(f, values[f.key], locale, view.customers),
          }),
        );
      const who = `${step && a.branch ? `${escapeMrkdwn(branchName(step, a.branch, locale))} ` : ""}${mention(a.assigneeId)}`;
      return {
        id: a.id,
        text: t(locale, "request.inputs", {
          who: bold(who),
          answers: parts.join(t(locale, "request.answer.separator")),
        }),
      };
    });
}

/** For the person a resubmitted request came back to: what the requester changed. */
function changes(view: RequestView, a: Assignment, locale: Locale) {
  const entry = view.audit.find((e) => e.action === "RESUBMIT" && e.assignmentId === a.id);
  const changed = (
    entry?.data as { changed?: { field: string; from: string | null; to: string | null }[] } | null
  )?.changed;
  if (!changed?.length) return [];
  const def = view.process.def;
  const lines = changed.map((c) => {
    const f = def.fields.find((x) => x.key === c.field)!;
    return t(locale, "message.changed.line", {
      field: escapeMrkdwn(pick(locale, f.label)),
      from: strike(formatValue(f, c.from, locale, view.customers)),
      to: formatValue(f, c.to, locale, view.customers),
    });
  });
  return [
    Blocks.Section({
      blockId: fitIds.value("changes"),
      text: clip(`${bold(t(locale, "message.changed"))}\n${lines.join("\n")}`),
    }),
  ];
}

function contextBlocks(c: ApproverContext, reader: Reader) {
  const { locale } = reader;
  if (c.kind === "credit") {
    const head = t(locale, "context.credit", {
      title: bold(t(locale, "context.credit.title")),
      customer: escapeMrkdwn(c.customer),
      grade: escapeMrkdwn(c.grade),
      limit: formatMoney(locale, c.limit),
      hold: c.onHold ? t(locale, "context.credit.hold") : "",
    });
    const history = c.history.map((h) =>
      t(locale, "context.credit.history.line", {
        at: formatDateTime(locale, h.at, reader.timeZone).slice(0, 10),
        fromGrade: escapeMrkdwn(h.fromGrade),
        fromLimit: formatMoney(locale, h.fromLimit),
        toGrade: escapeMrkdwn(h.toGrade),
        toLimit: formatMoney(locale, h.toLimit),
      }),
    );
    return [
      Blocks.Section({
        text: clip(
          history.length
            ? `${head}\n${t(locale, "context.credit.history", { lines: history.join("\n") })}`
            : head,
        ),
      }),
    ];
  }
  if (c.rows.length === 0)
    return [
      Blocks.Section({
        text: t(locale, "context.rebate.none", {
          distributor: bold(escapeMrkdwn(c.distributor)),
        }),
      }),
    ];
  const rows = c.rows.map((r) =>
    t(locale, "context.rebate.line", {
      period: escapeMrkdwn(r.period),
      amount: formatMoney(locale, r.amount),
      basis: formatMoney(locale, r.salesBasis),
    }),
  );
  return [
    Blocks.Section({
      text: clip(
        `${bold(t(locale, "context.rebate", { distributor: escapeMrkdwn(c.distributor) }))}\n${rows.join("\n")}`,
      ),
    }),
  ];
}

/** Messages Slack refused for good, or that keep failing: so nobody waits on a DM that never came. */
export function deliveryIssueBlocks(view: RequestView, locale: Locale) {
  if (view.deliveryIssues.length === 0) return [];
  const lines = view.deliveryIssues.map((d) =>
    d.failure
      ? t(locale, "delivery.issue.failed", {
          who: mention(d.userId),
          why: deliveryErrorText(locale, d.failure),
        })
      : t(locale, "delivery.issue.retrying", { who: mention(d.userId), n: d.attempts }),
  );
  return [Blocks.Context().elements(clip(lines.join("\n"), 2900))];
}

type DeliveryError = MessageKey extends `delivery.error.${infer E}` ? E : never;
const knownDeliveryErrors = new Set<string>([
  "account_inactive",
  "user_disabled",
  "user_not_found",
  "cannot_dm_bot",
  "channel_not_found",
  "msg_blocks_too_long",
  "msg_too_long",
  "invalid_blocks",
]);

const isKnownDeliveryError = (e: string): e is DeliveryError => knownDeliveryErrors.has(e);

/** Slack's refusal in words; an unknown code is named as Slack gave it, for the admins. */
export function deliveryErrorText(locale: Locale, error: string): string {
  return isKnownDeliveryError(error)
    ? t(locale, `delivery.error.${error}`)
    : t(locale, "delivery.error.other", { code: escapeMrkdwn(error) });
}
