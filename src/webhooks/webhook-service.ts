// Write-back to the ERP when a request completes: the payload, its HMAC signature, and
// the delivery state kept on the request (shown to the requester).
import { createHmac } from "node:crypto";
import type { Db } from "../db/open-database.ts";
import type { ProcessCatalog } from "../definitions/catalog.ts";
import type { RequestChanges } from "../requests/changes.ts";

export const signatureHeader = "X-Approvals-Signature";
export const timestampHeader = "X-Approvals-Timestamp";

/** `sha256=` + hex HMAC-SHA256 of `${timestamp}.${body}` (timestamp in unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export interface WebhookDelivery {
  requestId: number;
  attempts?: number;
}

export class WebhookService {
  constructor(
    private readonly db: Db,
    private readonly catalog: ProcessCatalog,
    private readonly changes?: RequestChanges,
  ) {}

  /**
   * Marks a finished request's webhook as due, once. Returns the delivery to enqueue
   * (with the process's own `attempts`, if set), or undefined.
   */
  async markDue(requestId: number): Promise<WebhookDelivery | undefined> {
    const request = await this.db.request.findUnique({ where: { id: requestId } });
    if (
      !request ||
      (request.status !== "APPROVED" && request.status !== "REJECTED") ||
      request.webhookStatus
    )
      return undefined;
    const webhook = (await this.catalog.version(request.processVersionId)).def.webhook;
    if (!webhook) return undefined;
    const res = await this.db.request.updateMany({
      where: { id: requestId, webhookStatus: null },
      data: { webhookStatus: "PENDING" },
    });
    return res.count === 1 ? { requestId, attempts: webhook.attempts } : undefined;
  }

  /** Webhooks still to be delivered (for the start-up resync). */
  async undelivered(): Promise<WebhookDelivery[]> {
    const rows = await this.db.request.findMany({
      where: { webhookStatus: { in: ["PENDING", "RETRYING"] } },
      select: { id: true, processVersionId: true },
    });
    return Promise.all(
      rows.map(async (r) => ({
        requestId: r.id,
        attempts: (await this.catalog.version(r.processVersionId)).def.webhook?.attempts,
      })),
    );
  }

  async payload(requestId: number) {
    const request = await this.db.request.findUniqueOrThrow({
      where: { id: requestId },
      include: { audit: { orderBy: { id: "asc" } } },
    });
    const def = (await this.catalog.version(request.processVersionId)).def;
    const body = {
      event: "request.completed",
      request: {
        id: request.id,
        process: def.key,
        version: def.version,
        status: request.status,
        requester: request.requesterId,
        form: request.form,
        createdAt: request.createdAt.toISOString(),
        completedAt: request.completedAt?.toISOString() ?? null,
      },
      decisions: request.audit.map((e) => ({
        at: e.at.toISOString(),
        actor: e.actorId,
        action: e.action,
        step: e.stepKey,
        comment: e.comment,
        data: e.data,
      })),
    };
    return { def, body: JSON.stringify(body), status: request.webhookStatus };
  }

  /** The requester's message shows the delivery state: a new revision of the request. */
  async record(
    requestId: number,
    status: "POSTED" | "RETRYING" | "FAILED",
    attempts: number,
    error?: string,
  ): Promise<void> {
    await this.db.request.update({
      where: { id: requestId },
      data: {
        webhookStatus: status,
        webhookAttempts: attempts,
        webhookError: error ?? null,
        revision: { increment: 1 },
      },
    });
    await this.changes?.changed(requestId);
  }
}
