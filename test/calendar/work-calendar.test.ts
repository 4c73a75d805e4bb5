import { describe, expect, it } from "vitest";
import {
  addBusinessTime,
  businessTimeBetween,
  nextWorkingTime,
  type WorkCalendar,
} from "../../src/calendar/work-calendar.ts";
import { loadSettings, settingsSchema, toWorkCalendar } from "../../src/config/settings.ts";

const office: WorkCalendar = {
  startMinute: 9 * 60,
  endMinute: 18 * 60,
  weekdays: new Set([1, 2, 3, 4, 5]),
  holidays: new Set(["2026-10-01", "2026-10-02", "2026-10-05"]),
  workdays: new Set(["2026-09-27", "2026-10-10"]),
};
const shanghai = "Asia/Shanghai";
const at = (s: string) => new Date(s);

describe("addBusinessTime (09:00-18:00, Mon-Fri, Asia/Shanghai)", () => {
  it.each([
    ["within the day", "2026-11-23T10:00:00+08:00", "PT2H", "2026-11-23T12:00:00+08:00"],
    ["across the evening", "2026-11-23T17:00:00+08:00", "PT2H", "2026-11-24T10:00:00+08:00"],
    ["across a weekend", "2026-11-20T17:00:00+08:00", "PT2H", "2026-11-23T10:00:00+08:00"],
    [
      "started at night counts from the next opening",
      "2026-11-23T22:00:00+08:00",
      "PT30M",
      "2026-11-24T09:30:00+08:00",
    ],
    ["started on Sunday", "2026-11-22T11:00:00+08:00", "PT1H", "2026-11-23T10:00:00+08:00"],
    ["one working day", "2026-11-23T09:00:00+08:00", "P1D", "2026-11-24T09:00:00+08:00"],
    [
      "over holidays (Oct 1-2) and the weekend",
      "2026-09-30T17:30:00+08:00",
      "PT1H",
      "2026-10-06T09:30:00+08:00",
    ],
    [
      "a 调休 Sunday is a working day",
      "2026-09-26T12:00:00+08:00",
      "PT1H",
      "2026-09-27T10:00:00+08:00",
    ],
    [
      "a 调休 Saturday after a holiday Monday",
      "2026-10-09T17:00:00+08:00",
      "PT2H",
      "2026-10-10T10:00:00+08:00",
    ],
  ])("%s", (_name, from, duration, expected) => {
    expect(addBusinessTime(at(from), duration, office, shanghai).toISOString()).toBe(
      at(expected).toISOString(),
    );
  });

  it("a due time exactly at the end of the working day moves to the next working start", () => {
    expect(
      addBusinessTime(at("2026-11-23T09:00:00+08:00"), "PT9H", office, shanghai).toISOString(),
    ).toBe(at("2026-11-24T09:00:00+08:00").toISOString());
    expect(
      addBusinessTime(at("2026-11-27T17:00:00+08:00"), "PT1H", office, shanghai).toISOString(),
    ).toBe(at("2026-11-30T09:00:00+08:00").toISOString());
  });

  it("one millisecond before the end stays on the same day", () => {
    const due = addBusinessTime(
      at("2026-11-23T09:00:00+08:00"),
      "PT8H59M59.999S",
      office,
      shanghai,
    );
    expect(due.toISOString()).toBe(at("2026-11-23T17:59:59.999+08:00").toISOString());
  });

  it("counts in the person's own time zone", () => {
    // 17:00 in Shanghai is 10:00 in Berlin: for a Berlin-based approver the day is still young.
    const from = at("2026-11-23T17:00:00+08:00");
    expect(addBusinessTime(from, "PT2H", office, "Europe/Berlin").toISOString()).toBe(
      at("2026-11-23T12:00:00+01:00").toISOString(),
    );
    expect(addBusinessTime(from, "PT2H", office, shanghai).toISOString()).toBe(
      at("2026-11-24T10:00:00+08:00").toISOString(),
    );
  });

  it("handles a daylight-saving change (Europe/Berlin, 2026-10-25)", () => {
    // Friday 17:00 + 2h → Monday 10:00 local, across the night the clocks went back.
    expect(
      addBusinessTime(
        at("2026-10-23T17:00:00+02:00"),
        "PT2H",
        office,
        "Europe/Berlin",
      ).toISOString(),
    ).toBe(at("2026-10-26T10:00:00+01:00").toISOString());
  });
});

describe("nextWorkingTime and businessTimeBetween", () => {
  it("moves a time outside working hours to the next working start", () => {
    expect(nextWorkingTime(at("2026-11-22T03:00:00+08:00"), office, shanghai).toISOString()).toBe(
      at("2026-11-23T09:00:00+08:00").toISOString(),
    );
    expect(nextWorkingTime(at("2026-11-23T18:00:00+08:00"), office, shanghai).toISOString()).toBe(
      at("2026-11-24T09:00:00+08:00").toISOString(),
    );
    expect(nextWorkingTime(at("2026-11-23T12:34:00+08:00"), office, shanghai).toISOString()).toBe(
      at("2026-11-23T12:34:00+08:00").toISOString(),
    );
  });

  it("measures only working time", () => {
    expect(
      businessTimeBetween(
        at("2026-11-20T17:00:00+08:00"),
        at("2026-11-23T10:00:00+08:00"),
        office,
        shanghai,
      ).as("hours"),
    ).toBe(2);
    expect(
      businessTimeBetween(
        at("2026-11-23T10:00:00+08:00"),
        at("2026-11-23T09:00:00+08:00"),
        office,
        shanghai,
      ).as("hours"),
    ).toBe(0);
  });

  it("supports round-the-clock calendars (used for second-scale SLAs)", () => {
    const always: WorkCalendar = {
      startMinute: 0,
      endMinute: 1440,
      weekdays: new Set([1, 2, 3, 4, 5, 6, 7]),
      holidays: new Set(),
      workdays: new Set(),
    };
    expect(addBusinessTime(at("2026-11-22T23:59:59Z"), "PT2S", always, "UTC").toISOString()).toBe(
      "2026-11-23T00:00:01.000Z",
    );
  });
});

describe("settings", () => {
  it("the shipped settings load, and 24:00 ends a day", async () => {
    const cal = toWorkCalendar(await loadSettings("config/settings.yaml"));
    expect(cal.startMinute).toBe(540);
    expect(cal.weekdays).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(
      toWorkCalendar(
        settingsSchema.parse({ calendar: { working_hours: { start: "00:00", end: "24:00" } } }),
      ).endMinute,
    ).toBe(1440);
  });

  it("refuses a bad calendar", () => {
    expect(
      settingsSchema.safeParse({ calendar: { working_hours: { start: "18:00", end: "09:00" } } })
        .success,
    ).toBe(false);
    expect(settingsSchema.safeParse({ reminders: { remind_every: "4 hours" } }).success).toBe(
      false,
    );
    expect(settingsSchema.safeParse({ calendar: { holidays: ["1st of May"] } }).success).toBe(
      false,
    );
  });
});

describe("durations", () => {
  it("a day is a working day and a week a working week; months and years are refused", () => {
    expect(settingsSchema.safeParse({ reminders: { remind_every: "PT1M" } }).success).toBe(true);
    expect(settingsSchema.safeParse({ reminders: { remind_every: "P1DT2H" } }).success).toBe(true);
    expect(settingsSchema.safeParse({ reminders: { remind_every: "P1M" } }).success).toBe(false);
    expect(settingsSchema.safeParse({ reminders: { remind_every: "P1Y" } }).success).toBe(false);
    expect(
      addBusinessTime(at("2026-11-23T09:00:00+08:00"), "P1W", office, shanghai).toISOString(),
    ).toBe(at("2026-11-30T09:00:00+08:00").toISOString());
  });
});
