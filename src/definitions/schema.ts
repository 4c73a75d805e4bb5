// Process definitions are data (config/processes/*.yaml); this is their contract.
import { Duration } from "luxon";
import { z } from "zod";
import { controlsSchema, reminderPolicySchema } from "../config/settings.ts";
import { defaultMaxLength, slackTextInputMax } from "./field-limits.ts";

export const localizedText = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof localizedText>;

const key = z.string().regex(/^[a-z][a-z0-9_]*$/, "must be lower_snake_case");

const isoDuration = z.string().refine((s) => Duration.fromISO(s).isValid, {
  message: "must be an ISO-8601 duration such as PT4H or P2D",
});

const option = z.strictObject({
  value: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ or -"),
  label: localizedText,
});

const fieldBase = {
  key,
  label: localizedText,
  hint: localizedText.optional(),
  required: z.boolean().default(true),
};

export const fieldSchema = z.discriminatedUnion("type", [
  // max_length is the limit the validator enforces, and the modal's hint (Slack takes at most 3,000).
  z.strictObject({
    ...fieldBase,
    type: z.literal("text"),
    max_length: z.number().int().positive().max(slackTextInputMax).default(defaultMaxLength.text),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal("textarea"),
    max_length: z
      .number()
      .int()
      .positive()
      .max(slackTextInputMax)
      .default(defaultMaxLength.textarea),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal("number"),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
  }),
  // Money is CNY with 2 decimals, never a float; negative amounts are refused unless allowed.
  z.strictObject({
    ...fieldBase,
    type: z.literal("money"),
    allow_negative: z.boolean().default(false),
  }),
  z.strictObject({ ...fieldBase, type: z.literal("select"), options: z.array(option).min(1) }),
  z.strictObject({ ...fieldBase, type: z.literal("date") }),
  z.strictObject({ ...fieldBase, type: z.literal("user") }),
  z.strictObject({
    ...fieldBase,
    type: z.literal("customer"),
    kind: z.enum(["customer", "distributor", "any"]).default("any"),
  }),
  z.strictObject({ ...fieldBase, type: z.literal("link") }),
  z.strictObject({ ...fieldBase, type: z.literal("checkbox") }),
]);
export type FieldDef = z.infer<typeof fieldSchema>;
export type FieldType = FieldDef["type"];

export const whoSchema = z.union([
  z.strictObject({ role: key }),
  // 1 = the requester's manager, 2 = their manager's manager, …
  z.strictObject({ manager: z.number().int().min(1).max(10) }),
  z.strictObject({ field: key }),
]);
export type Who = z.infer<typeof whoSchema>;

/** One lane of a parallel countersign (e.g. engineering, production, purchasing): one holder answers for it. */
export const branchSchema = z.strictObject({ key, name: localizedText, who: whoSchema });
export type BranchDef = z.infer<typeof branchSchema>;

/** Approve with changes: which form value an approver of this step may amend, and how. */
export const amendSchema = z.strictObject({
  field: key,
  /** down = may only be lowered (e.g. a rebate), up = only raised, any = either way. */
  direction: z.enum(["down", "up", "any"]).default("any"),
});
export type AmendDef = z.infer<typeof amendSchema>;

export const stepSchema = z
  .strictObject({
    key,
    name: localizedText,
    /** notify = 抄送 (CC): a read-only copy, nobody acts. */
    kind: z.enum(["approval", "task", "notify"]),
    who: whoSchema.optional(),
    /** 并行会签: every branch must approve; one refusal rejects the request. */
    branches: z.array(branchSchema).min(2).optional(),
    // any = 或签 (one holder decides), all = 会签 (every holder must approve)
    mode: z.enum(["any", "all"]).default("any"),
    when: z.string().min(1).optional(),
    sla: isoDuration.optional(),
    /** What the approver answers besides approve/reject (e.g. each department's opinion). */
    inputs: z.array(fieldSchema).optional(),
    /** Values the approver may change while approving. */
    amend: z.array(amendSchema).optional(),
    // Reminder / escalation overrides for this step (see config/settings.yaml).
    ...reminderPolicySchema.shape,
    /** Overrides the process's controls for this step (e.g. `consecutive_tiers` with the tier before it). */
    controls: controlsSchema.optional(),
  })
  .superRefine((step, ctx) => {
    if ((step.who === undefined) === (step.branches === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["who"],
        message: "a step needs exactly one of `who` or `branches`",
      });
    }
    if (step.branches && step.kind !== "approval")
      ctx.addIssue({
        code: "custom",
        path: ["branches"],
        message: "only approval steps can have parallel branches",
      });
    if ((step.inputs || step.amend) && step.kind !== "approval")
      ctx.addIssue({
        code: "custom",
        path: [step.inputs ? "inputs" : "amend"],
        message: "only approval steps take inputs or amendments",
      });
  });
export type StepDef = z.infer<typeof stepSchema>;

export const processSchema = z
  .strictObject({
    key,
    /**
     * Optional floor for the published version number: the catalog numbers versions itself
     * (src/definitions/catalog.ts) and sets this to the published number; 0 = not set.
     */
    version: z.number().int().positive().optional().default(0),
    name: localizedText,
    description: localizedText.optional(),
    /** Slash command that opens the form directly, e.g. /return. */
    command: z
      .string()
      .regex(/^\/[a-z][a-z0-9_-]*$/)
      .optional(),
    /** Named behaviours implemented in src/effects (e.g. credit_change, rebate). */
    effects: z.array(z.enum(["credit_change", "rebate"])).default([]),
    /** Process admins: told when the completion webhook finally fails. */
    admins: z.array(z.string().regex(/^[UW][A-Z0-9]+$/, "must be a Slack user id")).optional(),
    /** Reminder / escalation defaults for every step of this process. */
    reminders: reminderPolicySchema.optional(),
    /** Overrides the company's controls (config/settings.yaml `controls:`) for this process. */
    controls: controlsSchema.optional(),
    /** Called when a request completes (approved or rejected), signed with HMAC-SHA256. */
    webhook: z
      .strictObject({
        url: z.url(),
        /** Name of the environment variable that holds the signing secret. */
        secret_env: z
          .string()
          .regex(/^WEBHOOK_[A-Z0-9_]+$/, "must be an environment variable named WEBHOOK_…"),
        attempts: z.number().int().min(1).max(20).optional(),
      })
      .optional(),
    fields: z.array(fieldSchema).min(1),
    steps: z.array(stepSchema).min(1),
  })
  .superRefine((def, ctx) => {
    const dup = (list: { key: string }[], ...where: (string | number)[]) => {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.key))
          ctx.addIssue({
            code: "custom",
            path: [...where, i, "key"],
            message: `duplicate key "${item.key}"`,
          });
        seen.add(item.key);
      });
    };
    dup(def.fields, "fields");
    dup(def.steps, "steps");
    const isUserField = (k: string) => def.fields.find((x) => x.key === k)?.type === "user";
    def.steps.forEach((step, i) => {
      const whos = step.who
        ? [{ who: step.who, path: ["steps", i, "who", "field"] }]
        : (step.branches ?? []).map((b, j) => ({
            who: b.who,
            path: ["steps", i, "branches", j, "who", "field"],
          }));
      for (const { who, path } of whos) {
        if ("field" in who && !isUserField(who.field))
          ctx.addIssue({ code: "custom", path, message: "must name a form field of type user" });
      }
      if (step.branches) dup(step.branches, "steps", i, "branches");
      step.amend?.forEach((a, j) => {
        const f = def.fields.find((x) => x.key === a.field);
        if (!f)
          ctx.addIssue({
            code: "custom",
            path: ["steps", i, "amend", j, "field"],
            message: `unknown field "${a.field}"`,
          });
        else if (a.direction !== "any" && f.type !== "money" && f.type !== "number") {
          ctx.addIssue({
            code: "custom",
            path: ["steps", i, "amend", j, "direction"],
            message: "up/down needs a number or money field",
          });
        }
      });
    });
  });
export type ProcessDef = z.infer<typeof processSchema>;
