// Everything needed to show a request to someone: the read side of the engine.

import type { Controls } from "../config/settings.ts";
import type { Db } from "../db/open-database.ts";
import type { ProcessCatalog, PublishedProcess } from "../definitions/catalog.ts";
import type { FormValues } from "../definitions/condition.ts";
import type { Directory } from "../directory/directory.ts";
import { type ApproverContext, effectsOf } from "../effects/effects.ts";
import { type PlannedStep, planPath } from "../engine/plan-path.ts";
import type { Assignment, AuditEntry, Request } from "../generated/prisma/client.ts";

export interface CustomerSummary {
  code: string;
  name: string;
}

export interface RequestView {
  request: Request & { form: FormValues };
  process: PublishedProcess;
  assignments: Assignment[];
  audit: AuditEntry[];
  customers: Map<string, CustomerSummary>;
  /** Facts an approver decides with (credit history, earlier rebates). */
  context: ApproverContext[];
  /** Steps after the current one, with conditions evaluated on the current form. */
  ahead: PlannedStep[];
  /** Messages Slack refused for good, or that keep failing: shown so no request stalls silently. */
  deliveryIssues: DeliveryIssue[];
}

export interface DeliveryIssue {
  userId: string;
  purpose: string;
  /** Slack's answer that can never succeed (e.g. account_inactive); else it is still being retried. */
  failure?: string;
  attempts: number;
}

/** Failed attempts after which a message that is still being retried is shown as late. */
export const lateAfterAttempts = 3;

/** `controls`: the company's (config/settings.yaml), which plan the path ahead as the engine will walk it. */
export async function loadRequestView(
  db: Db,
  catalog: ProcessCatalog,
  dir: Directory,
  requestId: number,
  controls?: Controls,
): Promise<RequestView | undefined> {
  const request = await db.request.findUnique({
    where: { id: requestId },
    include: {
      assignments: { orderBy: { id: "asc" } },
      audit: { orderBy: { id: "asc" } },
      messages: {
        where: {
          purpose: { not: "ALERT" },
          OR: [{ failure: { not: null } }, { attempts: { gte: lateAfterAttempts } }],
        },
        orderBy: { id: "asc" },
        select: { userId: true, purpose: true, failure: true, attempts: true },
      },
    },
  });
  if (!request) return undefined;
  const { assignments, audit, messages, ...row } = request;
  const deliveryIssues = messages.map((m) => ({
    userId: m.userId,
    purpose: m.purpose,
    attempts: m.attempts,
    ...(m.failure ? { failure: m.failure } : {}),
  }));
  const process = await catalog.version(row.processVersionId);
  const form = row.form as FormValues;
  const codes = process.def.fields
    .filter((f) => f.type === "customer")
    .map((f) => form[f.key])
    .filter((v): v is string => typeof v === "string");
  const customers = new Map(
    (
      await db.customer.findMany({
        where: { code: { in: codes } },
        select: { code: true, name: true },
      })
    ).map((c) => [c.code, c]),
  );
  const facts = { id: row.id, requesterId: row.requesterId, form };
  const context = (
    await Promise.all(effectsOf(process.def).map((e) => e.context?.(db, facts)))
  ).filter((c): c is ApproverContext => c !== undefined);
  const open = row.status === "PENDING" || row.status === "RETURNED";
  const ahead =
    open && row.currentStep >= 0
      ? planPath(process, form, row.requesterId, dir, row.currentStep + 1, { controls })
      : [];
  return {
    request: { ...row, form },
    process,
    assignments,
    audit,
    customers,
    context,
    ahead,
    deliveryIssues,
  };
}

/** Who may look at a request: the requester, anyone on its path, and the requester's managers. */
export function canView(view: RequestView, userId: string, dir: Directory): boolean {
  const { requesterId } = view.request;
  if (userId === requesterId || view.assignments.some((a) => a.assigneeId === userId)) return true;
  for (let m = dir.manager(requesterId); m; m = dir.manager(m)) if (m === userId) return true;
  return false;
}
