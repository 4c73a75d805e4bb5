// The path of a request, step by step: what happened, who holds it now, what is ahead.

import type { StepDef } from "../../src/definitions/schema.ts";
import { formatDateTime, type Locale, pick, t } from "../../src/i18n/index.ts";
import type { RequestView } from "../../src/requests/load-request-view.ts";
import type { Assignment } from "../../src/requests/records.ts";
import { conditionText } from "./condition-text.ts";
import { mention, stepName } from "./format.ts";
import { bold, escapeMrkdwn } from "./mrkdwn.ts";

const icons: Record<Assignment["status"], string> = {
  PENDING: "⏳",
  APPROVED: "✅",
  REJECTED: "❌",
  RETURNED: "↩️",
  TRANSFERRED: "↪️",
  DONE: "✅",
  NOTIFIED: "📣",
  CANCELLED: "➖",
  ON_HOLD: "⏸️",
};

/**
 * `viewer`: a pending assignee's own message. Their step shows their own line and how many
 * others share it, not each one's progress (that would change every peer's message on each
 * decision of a 会签); the requester's tracking message and the status show everyone.
 */
export function pathLines(
  view: RequestView,
  locale: Locale,
  timeZone: string,
  viewer?: Assignment,
): string[] {
  const def = view.process.def;
  const lines: string[] = [];
  def.steps.forEach((step, index) => {
    const name = stepName(def, step.key, locale);
    const here = view.assignments.filter((a) => a.stepIndex === index);
    const skip = view.audit.find((e) => e.action === "SKIP" && e.stepIndex === index);
    if (skip) {
      lines.push(
        t(locale, "message.step.line", {
          icon: "⏭",
          step: name,
          detail: t(locale, "message.step.skipped", {
            when: conditionText(step.when ?? "", def, locale),
          }),
        }),
      );
      return;
    }
    if (here.length > 0 && viewer?.stepIndex === index) {
      const others = here.filter(
        (a) => a.id !== viewer.id && a.status !== "CANCELLED" && a.status !== "TRANSFERRED",
      ).length;
      const own = t(locale, "message.step.you", { who: mention(viewer.assigneeId) });
      const line = viewer.branch
        ? t(locale, "message.branch", {
            branch: escapeMrkdwn(branchName(step, viewer.branch, locale)),
            detail: own,
          })
        : own;
      lines.push(
        `${bold(escapeMrkdwn(name))} — ⏳ ${line}${others > 0 ? t(locale, "message.step.others", { n: others }) : ""}`,
      );
      return;
    }
    if (here.length > 0) {
      const detail = here
        .filter((a) => a.status !== "CANCELLED" || here.length === 1)
        .map((a) => {
          const state =
            a.status === "PENDING"
              ? t(locale, "message.step.waiting", { who: mention(a.assigneeId) })
              : `${mention(a.assigneeId)} ${t(locale, `assignment.${a.status}`)}${a.decidedAt ? ` · ${formatDateTime(locale, a.decidedAt, timeZone)}` : ""}`;
          // Escalated (⏫) or standing in for someone away (代理审批).
          const escalated =
            (a.reason as { kind?: string } | null)?.kind === "escalation" ? "⏫ " : "";
          const delegated = a.delegatedFromId
            ? t(locale, "status.on_behalf", { who: mention(a.delegatedFromId) })
            : "";
          const line = `${icons[a.status]} ${escalated}${state}${delegated}`;
          return a.branch
            ? t(locale, "message.branch", {
                branch: escapeMrkdwn(branchName(step, a.branch, locale)),
                detail: line,
              })
            : line;
        })
        .join("  ");
      lines.push(`${bold(escapeMrkdwn(name))} — ${detail}`);
      return;
    }
    const planned = view.ahead.find((p) => p.index === index);
    if (!planned) return;
    if (planned.outcome === "skip") {
      lines.push(
        t(locale, "message.step.line", {
          icon: "⏭",
          step: name,
          detail: t(locale, "message.step.skipped", {
            when: conditionText(planned.when, def, locale),
          }),
        }),
      );
    } else if (planned.outcome === "assign") {
      const who = step.branches
        ? step.branches
            .map((b) =>
              t(locale, "message.branch", {
                branch: escapeMrkdwn(pick(locale, b.name)),
                detail: planned.assignees
                  .filter((a) => a.branch === b.key)
                  .map((a) => mention(a.userId))
                  .join(" / "),
              }),
            )
            .join(t(locale, "request.answer.separator"))
        : planned.assignees.map((a) => mention(a.userId)).join(step.mode === "all" ? " + " : " / ");
      lines.push(
        t(locale, "message.step.line", {
          icon: "▫️",
          step: name,
          detail: t(locale, "message.step.ahead", { who }),
        }),
      );
    } else {
      lines.push(
        t(locale, "message.step.line", {
          icon: "⚠️",
          step: name,
          detail: t(locale, "message.step.unresolvable"),
        }),
      );
    }
  });
  return lines;
}

/** A parallel branch's name (e.g. 技术部), or its key if the definition no longer has it. */
export function branchName(step: StepDef, key: string, locale: Locale): string {
  const b = step.branches?.find((x) => x.key === key);
  return b ? pick(locale, b.name) : key;
}
