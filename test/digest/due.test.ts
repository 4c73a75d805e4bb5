import { describe, expect, it } from "vitest";
import type { WorkCalendar } from "../../src/calendar/work-calendar.ts";
import { type DigestPerson, dueDigests } from "../../src/digest/due.ts";

const cal: WorkCalendar = {
  startMinute: 540,
  endMinute: 1080,
  weekdays: new Set([1, 2, 3, 4, 5]),
  holidays: new Set(["2026-10-01"]),
  workdays: new Set(["2026-09-27"]),
};
const person = (
  userId: string,
  time = "09:00",
  timeZone = "Asia/Shanghai",
  enabled = true,
): DigestPerson => ({ userId, time, timeZone, enabled });
const none = () => false;

describe("dueDigests", () => {
  it("is due from the local digest time on, on working days, once a day", () => {
    const monday0859 = new Date("2026-11-23T08:59:00+08:00");
    const monday0900 = new Date("2026-11-23T09:00:00+08:00");
    expect(dueDigests([person("A")], none, monday0859, cal)).toEqual([]);
    expect(dueDigests([person("A")], none, monday0900, cal)).toEqual([
      { userId: "A", day: "2026-11-23" },
    ]);
    expect(
      dueDigests([person("A")], (u, d) => u === "A" && d === "2026-11-23", monday0900, cal),
    ).toEqual([]);
  });

  it("follows each person's own hour, time zone and choice", () => {
    const at = new Date("2026-11-23T09:10:00+08:00"); // 02:10 in Berlin
    const people = [
      person("early", "08:30"),
      person("late", "10:00"),
      person("berlin", "09:00", "Europe/Berlin"),
      person("off", "08:00", "Asia/Shanghai", false),
    ];
    expect(dueDigests(people, none, at, cal).map((d) => d.userId)).toEqual(["early"]);
  });

  it("skips weekends and holidays, and goes out on 调休 working days", () => {
    expect(dueDigests([person("A")], none, new Date("2026-11-22T10:00:00+08:00"), cal)).toEqual([]); // Sunday
    expect(dueDigests([person("A")], none, new Date("2026-10-01T10:00:00+08:00"), cal)).toEqual([]); // holiday
    expect(dueDigests([person("A")], none, new Date("2026-09-27T10:00:00+08:00"), cal)).toEqual([
      { userId: "A", day: "2026-09-27" },
    ]); // 调休 Sunday
  });
});
