// Runs of the Workflow Builder step (WorkflowRun): each Slack function execution files one
// request, and is completed when the request ends: functions.completeSuccess with its
// outcome, or completeError when it could not be filed. What is to be reported is written
// first (REPORTING), so a report job lost or failed is found again and retried.
import type { Db } from "../db/open-database.ts";
import { SYSTEM } from "../engine/kernel.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/** The step's outputs (slack/manifest.yaml `functions.request_approval.output_parameters`). */
export interface StepOutputs {
  request_id: string;
  status: "approved" | "rejected" | "withdrawn";
  approved: boolean;
  /** The last person who decided (or the requester, for a withdrawal). */
  decided_by?: string;
  comment?: string;
}

export type Report =
  | { kind: "success"; outputs: StepOutputs }
  | { kind: "error"; error: string }
  | { kind: "none" };

const statusOf = { APPROVED: "approved", REJECTED: "rejected", WITHDRAWN: "withdrawn" } as const;

export class WorkflowRuns {
  constructor(private readonly db: Db) {}

  /** Records an execution; false when it was recorded before (Slack sent the event again). */
  async begin(executionId: string, inputs: object, now: Date): Promise<boolean> {
    const res = await this.db.workflowRun.createMany({
      data: [{ executionId, inputs: inputs as Prisma.InputJsonValue, createdAt: now }],
      skipDuplicates: true,
    });
    return res.count === 1;
  }

  /** It could not be filed: the error is to be reported. */
  async refuse(executionId: string, error: string): Promise<void> {
    await this.db.workflowRun.updateMany({
      where: { executionId, status: "RUNNING", requestId: null },
      data: { status: "REPORTING", error },
    });
  }

  /** After any change of a request: once it has ended, its run is due to be reported. */
  async markDue(requestId: number): Promise<string | undefined> {
    const run = await this.db.workflowRun.findUnique({
      where: { requestId },
      include: { request: { include: { audit: { orderBy: { id: "desc" }, take: 10 } } } },
    });
    const request = run?.request;
    if (run?.status !== "RUNNING" || !request) return undefined;
    const status = statusOf[request.status as keyof typeof statusOf];
    if (!status) return undefined;
    // The last decision (an auto-approval on timeout is nobody's).
    const last = request.audit.find((e) =>
      ["APPROVE", "AUTO_APPROVE", "REJECT", "WITHDRAW", "DONE"].includes(e.action),
    );
    const outputs: StepOutputs = {
      request_id: String(request.id),
      status,
      approved: status === "approved",
      ...(last && last.actorId !== SYSTEM ? { decided_by: last.actorId } : {}),
      ...(last?.comment ? { comment: last.comment } : {}),
    };
    const res = await this.db.workflowRun.updateMany({
      where: { executionId: run.executionId, status: "RUNNING" },
      data: { status: "REPORTING", outputs: outputs as unknown as Prisma.InputJsonValue },
    });
    return res.count === 1 ? run.executionId : undefined;
  }

  async report(executionId: string): Promise<Report> {
    const run = await this.db.workflowRun.findUnique({ where: { executionId } });
    if (run?.status !== "REPORTING") return { kind: "none" };
    if (run.outputs) return { kind: "success", outputs: run.outputs as unknown as StepOutputs };
    return { kind: "error", error: run.error ?? "" };
  }

  /** Slack took the report (COMPLETED), or refused it for good (FAILED, with its answer). */
  async reported(executionId: string, attempts: number, refusal?: string): Promise<void> {
    await this.db.workflowRun.update({
      where: { executionId },
      data: {
        status: refusal ? "FAILED" : "COMPLETED",
        attempts,
        completedAt: new Date(),
        ...(refusal ? { error: refusal } : {}),
      },
    });
  }

  async attempted(executionId: string, attempts: number): Promise<void> {
    await this.db.workflowRun.update({ where: { executionId }, data: { attempts } });
  }

  /** Runs to report still (start-up and the periodic check re-queue them). */
  async unreported(): Promise<string[]> {
    const rows = await this.db.workflowRun.findMany({
      where: { status: "REPORTING" },
      select: { executionId: true },
    });
    return rows.map((r) => r.executionId);
  }
}
