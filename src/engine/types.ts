// Typed outcomes of the domain: failures are values (never thrown, never text), turned into
// sentences in one place, handlers/errors.ts.
import type { FormValues } from "../definitions/condition.ts";
import type { AssignmentStatus, RequestStatus } from "../generated/prisma/enums.ts";

/** Why a person holds an assignment; rendered per reader's language. */
export type AssigneeReason =
  | { kind: "role"; role: string; scope?: "region" | "area" | "bu"; unit?: string }
  | { kind: "manager"; levels: number }
  | { kind: "field"; field: string }
  /** The requester holds the role themself, so the step goes to their manager. */
  | { kind: "self_excluded"; role: string }
  | { kind: "transfer"; from: string }
  /** Escalated after a timeout: may decide in place of `from`. */
  | { kind: "escalation"; from: string }
  /** 加签: added by an approver of the step, before or after themselves. */
  | { kind: "added"; by: string; position: "before" | "after" }
  /** 抄送: a read-only copy sent by an approver. */
  | { kind: "cc"; by: string }
  /**
   * One person does not decide two consecutive approval tiers: `after` decided the tier
   * before, so this seat went to another holder of the step (`to: "holder"`) or `levels` up
   * `after`'s manager chain (`to: "manager"`); `to: "none"`: nobody else can, so `after`
   * decides this tier too, as a decision of its own. `of`: why the seat was theirs.
   */
  | {
      kind: "separated";
      after: string;
      to: "holder" | "manager" | "none";
      levels?: number;
      of: AssigneeReason;
    };

export type ResolveError =
  | { type: "unknown_role"; role: string }
  | { type: "no_unit"; role: string; scope: string; userId: string }
  | { type: "no_holder"; role: string; scope: string; unit: string }
  | { type: "no_manager"; userId: string; levels: number }
  | { type: "empty_field"; field: string }
  | { type: "self_only"; step: string };

/** Why someone may not take over or join a step (转交, 加签, escalation). */
export type HandOverRefusal =
  | "self"
  | "requester"
  | "unknown"
  | "already_assigned"
  | "previous_tier";

export type EngineError =
  | { type: "unknown_process"; key: string }
  | { type: "invalid_form"; errors: Record<string, FieldError> }
  | { type: "unresolvable_step"; step: string; cause: ResolveError }
  | { type: "not_found" }
  | { type: "not_your_assignment"; assigneeId: string }
  | { type: "assignment_closed"; status: AssignmentStatus }
  | { type: "request_not_pending"; status: RequestStatus }
  | { type: "not_requester" }
  | { type: "self_approval" }
  | { type: "reason_required" }
  | { type: "invalid_transfer_target"; why: HandOverRefusal }
  | { type: "not_a_task" }
  | { type: "not_an_approval" }
  /** Approver inputs (e.g. an opinion) or amended values that do not pass validation, by field. */
  | { type: "invalid_decision"; errors: Record<string, FieldError> }
  | { type: "invalid_added_approver"; why: HandOverRefusal }
  | { type: "invalid_cc"; why: "none" | "unknown" }
  /** 催办 by the requester: at most one per `manual_every`; the next is allowed at `nextAt`. */
  | { type: "remind_too_soon"; nextAt: Date }
  /** 催办 of a request that no longer waits on anyone. */
  | { type: "nothing_to_remind" }
  /** An export's dates: not YYYY-MM-DD, or the start after the end. */
  | { type: "bad_dates" }
  /** Out-of-office delegation: to oneself, to someone not in the org, an unreadable or past end. */
  | { type: "invalid_delegation"; why: "self" | "unknown" | "bad_date" | "past"; to: string };

export type FieldError =
  | { type: "required" }
  | { type: "not_a_number" }
  | { type: "not_money" }
  /** Commas that are not thousands groups, with both readings: the comma as a decimal point, or as misplaced separators. */
  | { type: "ambiguous_comma"; input: string; decimal: string; grouped: string }
  /** Commas that are not thousands groups, and the one reading that fits the field. */
  | { type: "misplaced_comma"; input: string; meant: string }
  | { type: "comma_not_grouping"; input: string }
  | { type: "negative" }
  | { type: "too_many_decimals" }
  | { type: "not_integer" }
  | { type: "below_min"; min: number }
  | { type: "above_max"; max: number }
  | { type: "too_long"; max: number }
  | { type: "invalid_option" }
  | { type: "invalid_date" }
  | { type: "invalid_url" }
  | { type: "unknown_user" }
  | { type: "unknown_customer" }
  | { type: "self_not_allowed" }
  /** Approve with changes: this field may not be changed at this step, or not in this direction. */
  | { type: "not_amendable" }
  | { type: "amend_down_only" }
  | { type: "amend_up_only" };

export type Result<T> = ({ ok: true } & T) | { ok: false; error: EngineError };

export type { FormValues };
