// The one-cutoff overdue test agrees with working out each deadline, at the edges too:
// starts just before and after the cutoff, across a weekend, holidays and 调休, in two zones.
import { describe, expect, it } from "vitest";
import { addWorkingMillis } from "../../src/calendar/work-calendar.ts";
import { settingsSchema, toWorkCalendar } from "../../src/config/settings.ts";
import { overdueCutoff } from "../../src/digest/overdue-cutoff.ts";

const cal = toWorkCalendar(
  settingsSchema.parse({
    calendar: {
      working_hours: { start: "09:00", end: "18:00" },
      weekdays: ["mon", "tue", "wed", "thu", "fri"],
      holidays: ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"],
      workdays: ["2026-10-10"],
    },
  }),
);
const HOUR = 3600_000;

describe("overdueCutoff", () => {
  const cases: [string, number, string, string][] = [
    [
      "8 working hours, a Monday morning (the deadline crosses the weekend)",
      8 * HOUR,
      "2026-11-23T10:15:00+08:00",
      "Asia/Shanghai",
    ],
    [
      "one working day, just after the National Day holidays and the 调休 Saturday",
      9 * HOUR,
      "2026-10-12T09:30:00+08:00",
      "Asia/Shanghai",
    ],
    [
      "one working day, during the holidays",
      9 * HOUR,
      "2026-10-03T12:00:00+08:00",
      "Asia/Shanghai",
    ],
    [
      "five working days, in another zone",
      45 * HOUR,
      "2026-11-25T16:59:59.999+01:00",
      "Europe/Berlin",
    ],
    ["exactly at the end of a working day", 4 * HOUR, "2026-11-24T18:00:00+08:00", "Asia/Shanghai"],
  ];
  for (const [what, workingMs, nowIso, zone] of cases) {
    it(what, () => {
      const now = new Date(nowIso);
      const overdue = (start: number) =>
        addWorkingMillis(new Date(start), workingMs, cal, zone).getTime() <= now.getTime();
      const cutoff = overdueCutoff(workingMs, now, cal, zone);
      expect(Number.isFinite(cutoff)).toBe(true);
      expect(overdue(cutoff)).toBe(true);
      expect(overdue(cutoff + 1)).toBe(false);
      // Starts spread over three weeks before now, each judged both ways.
      for (let i = 0; i < 500; i++) {
        const start = now.getTime() - Math.floor((((i * 7919) % 500) / 500) * 21 * 24 * HOUR);
        expect(start <= cutoff, new Date(start).toISOString()).toBe(overdue(start));
      }
    });
  }
});
