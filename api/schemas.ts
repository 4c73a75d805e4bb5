// What the API takes and gives, as zod schemas: the same ones check the calls and make the
// OpenAPI document (api/openapi.ts), so the document cannot drift from the code.
import { z } from "zod";
import { fieldSchema, localizedText } from "../src/definitions/schema.ts";

const person = z
  .object({
    id: z.string().meta({ description: "Slack member id" }),
    name: z.string(),
  })
  .meta({ id: "Person" });

export const requestStatuses = [
  "PENDING",
  "RETURNED",
  "APPROVED",
  "REJECTED",
  "WITHDRAWN",
] as const;

export const formValue = z.union([z.string(), z.boolean(), z.number(), z.null()], {
  error: "must be text, a number, true, false or null",
});

/** "is required" when missing, else what it must be. */
const must = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is required" : `must be ${what}`;

export const newRequest = z
  .strictObject({
    process: z
      .string({ error: must("a process key") })
      .min(1, "is required")
      .meta({ description: "the process key, e.g. credit", examples: ["credit"] }),
    requester: z
      .string({ error: must("a Slack member id") })
      .min(1, "is required")
      .meta({ description: "the Slack member id of the person it is filed for" }),
    form: z.record(z.string(), formValue, { error: must("an object of field values") }).meta({
      description:
        'field key → value, checked as the Slack form checks them; amounts as strings such as "12345.60", dates as YYYY-MM-DD, checkboxes as true or false',
    }),
  })
  .meta({ id: "NewRequest" });

const at = z.iso.datetime();

export const requestSchema = z
  .object({
    id: z.number().int(),
    process: z.string(),
    process_version: z.number().int(),
    process_name: z.string().meta({ description: "in the caller's language" }),
    status: z.enum(requestStatuses),
    source: z.enum(["slack", "api", "workflow"]),
    requester: person,
    form: z.record(z.string(), z.unknown()),
    created_at: at,
    updated_at: at,
    completed_at: at.nullable(),
    current_step: z
      .object({ key: z.string(), name: z.string(), waiting_on: z.array(person) })
      .nullable()
      .meta({ description: "the step being worked, and whom it waits on; null once decided" }),
    path: z
      .array(
        z.object({
          step: z.string(),
          step_name: z.string(),
          assignee: person,
          status: z.string().meta({ description: "PENDING, APPROVED, REJECTED, RETURNED, …" }),
          assigned_at: at,
          decided_at: at.nullable(),
        }),
      )
      .meta({ description: "everyone the request has been with, step by step, and when" }),
    amendments: z
      .array(
        z.object({
          field: z.string(),
          from: z.unknown(),
          to: z.unknown(),
          by: z.string(),
          step: z.string().nullable(),
          at: at.nullable(),
        }),
      )
      .meta({ description: "values approvers changed while approving; form holds the new ones" }),
    history: z.array(
      z.object({
        at,
        action: z.string().meta({ description: "SUBMIT, APPROVE, REJECT, RETURN, …" }),
        actor: person,
        step: z.string().nullable(),
        comment: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "Request" });

export const requestPage = z
  .object({
    requests: z.array(requestSchema),
    next_cursor: z
      .string()
      .nullable()
      .meta({ description: "pass as cursor for the next page; null on the last" }),
  })
  .meta({ id: "RequestPage" });

export const listQuery = z.object({
  process: z.string().optional(),
  status: z.enum(requestStatuses).optional(),
  updated_since: at.optional().meta({
    description: "only requests changed at or after this time (oldest change first)",
  }),
  limit: z.coerce.number().int().min(1).max(200).optional().meta({ description: "default 50" }),
  cursor: z.string().optional(),
});

export const processSchema = z
  .object({
    key: z.string(),
    version: z.number().int(),
    name: localizedText,
    command: z.string().optional(),
    fields: z.array(fieldSchema),
  })
  .meta({ id: "Process" });

export const processList = z
  .object({ processes: z.array(processSchema) })
  .meta({ id: "ProcessList" });

export const customerSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(["customer", "distributor"]),
    region: z.string(),
    credit_grade: z.string(),
    credit_limit: z.string(),
    receivables: z.string().nullable(),
    overdue_1_30: z.string().nullable(),
    overdue_31_60: z.string().nullable(),
    overdue_61_90: z.string().nullable(),
    overdue_over_90: z.string().nullable(),
    on_hold: z.boolean(),
    credit_updated_at: at.nullable(),
    receivables_updated_at: at.nullable(),
    hold_updated_at: at.nullable(),
  })
  .meta({ id: "CustomerRecord" });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    errors: z
      .array(
        z.object({
          pointer: z.string().optional().meta({ description: "JSON Pointer into the body" }),
          parameter: z.string().optional().meta({ description: "the query parameter" }),
          code: z.string().optional(),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });
