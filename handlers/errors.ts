// Engine failures as sentences for the person who caused them.

import type { Directory } from "../src/directory/directory.ts";
import type { EngineError, FieldError, ResolveError } from "../src/engine/types.ts";
import { formatDateTime, type Locale, pick, t } from "../src/i18n/index.ts";
import { delegateUsage } from "./blocks/command-text.ts";
import { mention, roleName } from "./blocks/format.ts";
import { escapeMrkdwn } from "./blocks/mrkdwn.ts";

/** What a failure's sentence may need besides the failure: the process list, the reader's zone. */
export interface ErrorContext {
  processList?: string;
  timeZone?: string;
}

export function errorText(
  error: EngineError,
  locale: Locale,
  dir: Directory,
  { processList = "", timeZone = dir.org.company.time_zone }: ErrorContext = {},
): string {
  switch (error.type) {
    case "unknown_process":
      return t(locale, "error.unknown_process", {
        key: escapeMrkdwn(error.key),
        list: processList,
      });
    case "invalid_form":
    case "invalid_decision":
      return Object.values(error.errors)
        .map((e) => fieldErrorText(e, locale))
        .join("; ");
    case "unresolvable_step":
      return t(locale, "error.unresolvable_step", {
        step: error.step,
        cause: causeText(error.cause, locale, dir),
      });
    case "not_your_assignment":
      return t(locale, "error.not_your_assignment", { assignee: mention(error.assigneeId) });
    case "assignment_closed":
      return t(locale, "error.assignment_closed", {
        status: t(locale, `assignment.${error.status}`),
      });
    case "request_not_pending":
      return t(locale, "error.request_not_pending", {
        status: t(locale, `status.${error.status}`),
      });
    case "invalid_transfer_target":
      return t(locale, `error.invalid_transfer_target.${error.why}`);
    case "invalid_added_approver":
      return t(locale, `error.invalid_added_approver.${error.why}`);
    case "invalid_cc":
      return t(locale, `error.invalid_cc.${error.why}`);
    case "remind_too_soon":
      return t(locale, "command.remind.too_soon", {
        at: formatDateTime(locale, error.nextAt, timeZone),
      });
    case "nothing_to_remind":
      return t(locale, "command.remind.not_pending");
    case "bad_dates":
      return t(locale, "command.export.bad_dates");
    case "invalid_delegation":
      if (error.why === "unknown")
        return t(locale, "command.delegate.unknown", { to: mention(error.to) });
      return error.why === "bad_date"
        ? delegateUsage(locale)
        : t(locale, `command.delegate.${error.why}`);
    default:
      return t(locale, `error.${error.type}`);
  }
}

function causeText(cause: ResolveError, locale: Locale, dir: Directory): string {
  switch (cause.type) {
    case "unknown_role":
      return t(locale, "error.cause.unknown_role", { role: cause.role });
    case "no_unit":
      return t(locale, "error.cause.no_unit", { scope: cause.scope });
    case "no_holder": {
      const unit = dir.unitName(cause.scope, cause.unit);
      return t(locale, "error.cause.no_holder", {
        unit: unit ? pick(locale, unit) : cause.unit,
        role: roleName(dir, cause.role, locale),
      });
    }
    case "no_manager":
      return t(locale, "error.cause.no_manager", { levels: cause.levels });
    case "empty_field":
      return t(locale, "error.cause.empty_field", { field: cause.field });
    case "self_only":
      return t(locale, "error.cause.self_only");
  }
}

/** One field's problem, as said next to the field or in a list of them. */
export function fieldErrorText(e: FieldError, locale: Locale): string {
  return t(locale, `field.error.${e.type}`, e);
}
