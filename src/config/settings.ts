// config/settings.yaml: the work calendar and the default reminder / escalation policy.
import { Duration } from "luxon";
import { z } from "zod";
import type { WorkCalendar } from "../calendar/work-calendar.ts";
import { loadYaml } from "./load-yaml.ts";

// Months and years have no fixed number of working days, so they are refused.
export const isoWorkDuration = z
  .string()
  .refine(
    (s) =>
      !/[MY]/.test(s.split("T")[0]!) &&
      Duration.fromISO(s).isValid &&
      Duration.fromISO(s).as("milliseconds") > 0,
    {
      message:
        "must be a positive ISO-8601 duration in weeks, days, hours, minutes or seconds, such as PT4H or P1D",
    },
  );
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be HH:MM");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD");
const day = z.union([
  z.number().int().min(1).max(7),
  z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
]);

export const escalateToSchema = z.union([
  z.strictObject({ manager: z.number().int().min(1).max(10) }),
  z.strictObject({ role: z.string().regex(/^[a-z][a-z0-9_]*$/) }),
]);

/** Reminder / escalation policy; a process and a step may override any of it. */
export const reminderPolicySchema = z.strictObject({
  remind_every: isoWorkDuration.optional(),
  escalate_after: isoWorkDuration.optional(),
  escalate_to: escalateToSchema.optional(),
  on_timeout: z.enum(["escalate", "remind", "auto_approve", "auto_reject"]).optional(),
});
export type ReminderPolicy = z.infer<typeof reminderPolicySchema>;

/**
 * The manuals' controls. `consecutive_tiers`: may one person decide two consecutive approval
 * tiers of one request? `separate` (the manuals' rule): no, the later tier goes to another
 * holder of its role or up that person's manager chain. `dedupe` (Feishu's 自动去重): their
 * second approval is recorded at once, except for a person the requester picked in a form field.
 * The company default is here; a process and a step may override it.
 */
export const tierRuleSchema = z.enum(["separate", "dedupe"]);
export type TierRule = z.infer<typeof tierRuleSchema>;
export const controlsSchema = z.strictObject({ consecutive_tiers: tierRuleSchema.optional() });
export type Controls = z.infer<typeof controlsSchema>;

export const settingsSchema = z.strictObject({
  calendar: z
    .strictObject({
      working_hours: z
        .strictObject({ start: clock, end: clock })
        .default({ start: "09:00", end: "18:00" }),
      weekdays: z.array(day).min(1).default(["mon", "tue", "wed", "thu", "fri"]),
      holidays: z.array(isoDate).default([]),
      workdays: z.array(isoDate).default([]),
    })
    .refine((c) => minutes(c.working_hours.start) < minutes(c.working_hours.end), {
      message: "working_hours.start must be before end",
      path: ["working_hours"],
    })
    .default({
      working_hours: { start: "09:00", end: "18:00" },
      weekdays: ["mon", "tue", "wed", "thu", "fri"],
      holidays: [],
      workdays: [],
    }),
  reminders: z
    .strictObject({
      remind_every: isoWorkDuration.default("PT4H"),
      escalate_after: isoWorkDuration.default("P1D"),
      escalate_to: escalateToSchema.default({ manager: 1 }),
      on_timeout: z.enum(["escalate", "remind", "auto_approve", "auto_reject"]).default("escalate"),
      /** How often a requester may push a manual reminder (/approval remind). */
      manual_every: isoWorkDuration.default("PT1H"),
    })
    .default({
      remind_every: "PT4H",
      escalate_after: "P1D",
      escalate_to: { manager: 1 },
      on_timeout: "escalate",
      manual_every: "PT1H",
    }),
  digest: z
    .strictObject({
      /** Local time the daily digest goes out, on working days of the calendar. */
      time: clock.default("09:00"),
      /** Holders of these roles get the company-wide bottleneck view. */
      roles: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).default(["sales_director"]),
      /** Slack messages per second for digests (Slack allows about one per second per channel). */
      per_second: z.number().positive().max(1000).default(20),
    })
    .default({ time: "09:00", roles: ["sales_director"], per_second: 20 }),
  controls: z
    .strictObject({ consecutive_tiers: tierRuleSchema.default("separate") })
    .default({ consecutive_tiers: "separate" }),
  /** Bot admins (Slack user ids): may export, and later reload definitions. */
  admins: z.array(z.string().regex(/^[UW][A-Z0-9]+$/, "must be a Slack user id")).default([]),
  export: z
    .strictObject({
      roles: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).default(["sales_director", "finance"]),
    })
    .default({ roles: ["sales_director", "finance"] }),
});
export type Settings = z.infer<typeof settingsSchema>;
export type ResolvedPolicy = Required<ReminderPolicy>;

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

const dayNumber = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;

export function toWorkCalendar(s: Settings): WorkCalendar {
  const c = s.calendar;
  return {
    startMinute: minutes(c.working_hours.start),
    endMinute: minutes(c.working_hours.end),
    weekdays: new Set(c.weekdays.map((d) => (typeof d === "number" ? d : dayNumber[d]))),
    holidays: new Set(c.holidays),
    workdays: new Set(c.workdays),
  };
}

export async function loadSettings(file: string): Promise<Settings> {
  return loadYaml(file, settingsSchema);
}
