// A stored request as the API shows it (schema: api/schemas.ts `requestSchema`).
import type { z } from "zod";
import type { ProcessCatalog } from "../src/definitions/catalog.ts";
import type { Directory } from "../src/directory/directory.ts";
import { type Locale, pick } from "../src/i18n/index.ts";
import type { RequestRecord } from "../src/requests/changed-requests.ts";
import type { requestSchema } from "./schemas.ts";

export type ApiRequest = z.output<typeof requestSchema>;

/** As the engine keeps them on the request (prisma/schema.prisma `amendments`). */
interface Amendment {
  field: string;
  from?: unknown;
  to?: unknown;
  by: string;
  stepKey?: string;
  at?: string;
}

export async function represent(
  r: RequestRecord,
  catalog: ProcessCatalog,
  dir: Directory,
  locale: Locale,
): Promise<ApiRequest> {
  const { def } = await catalog.version(r.processVersionId);
  const person = (id: string) => ({ id, name: dir.name(id) });
  const step = r.currentStep >= 0 ? def.steps[r.currentStep] : undefined;
  const open = r.status === "PENDING" || r.status === "RETURNED";
  return {
    id: r.id,
    process: def.key,
    process_version: def.version,
    process_name: pick(locale, def.name),
    status: r.status,
    source: r.source === "API" ? "api" : r.source === "WORKFLOW" ? "workflow" : "slack",
    requester: person(r.requesterId),
    form: r.form as Record<string, unknown>,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    completed_at: r.completedAt?.toISOString() ?? null,
    current_step:
      open && step
        ? {
            key: step.key,
            name: pick(locale, step.name),
            // While returned it waits on the requester to change and resubmit it.
            waiting_on:
              r.status === "RETURNED"
                ? [person(r.requesterId)]
                : r.assignments
                    .filter((a) => a.status === "PENDING")
                    .map((a) => person(a.assigneeId)),
          }
        : null,
    path: r.assignments.map((a) => ({
      step: a.stepKey,
      step_name: pick(locale, def.steps[a.stepIndex]?.name ?? { zh: a.stepKey, en: a.stepKey }),
      assignee: person(a.assigneeId),
      status: a.status,
      assigned_at: a.createdAt.toISOString(),
      decided_at: a.decidedAt?.toISOString() ?? null,
    })),
    amendments: ((r.amendments as Amendment[] | null) ?? []).map((m) => ({
      field: m.field,
      from: m.from ?? null,
      to: m.to ?? null,
      by: m.by,
      step: m.stepKey ?? null,
      at: m.at ?? null,
    })),
    history: r.audit.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      actor: person(e.actorId),
      step: e.stepKey,
      comment: e.comment,
    })),
  };
}
