// Business time: durations count only working hours of working days (holidays off,
// 调休 make-up days on), in a given time zone. Pure functions; `now` is passed in.
import { DateTime, Duration } from "luxon";

export interface WorkCalendar {
  /** Minutes after midnight; end may be 1440 (24:00) for round-the-clock. */
  startMinute: number;
  endMinute: number;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  weekdays: ReadonlySet<number>;
  /** yyyy-MM-dd dates off even on a weekday. */
  holidays: ReadonlySet<string>;
  /** yyyy-MM-dd make-up working days (调休), working even on a weekend. */
  workdays: ReadonlySet<string>;
}

export function isWorkingDay(day: DateTime, cal: WorkCalendar): boolean {
  const date = day.toISODate()!;
  if (cal.holidays.has(date)) return false;
  if (cal.workdays.has(date)) return true;
  return cal.weekdays.has(day.weekday);
}

const dayStart = (d: DateTime, cal: WorkCalendar) =>
  d.startOf("day").plus({ minutes: cal.startMinute });
const dayEnd = (d: DateTime, cal: WorkCalendar) =>
  d.startOf("day").plus({ minutes: cal.endMinute });

/** The first working instant at or after `at` (working time is [start, end) each working day). */
export function nextWorkingTime(at: Date, cal: WorkCalendar, timeZone: string): Date {
  return clamp(DateTime.fromJSDate(at, { zone: timeZone }), cal).toJSDate();
}

function clamp(t: DateTime, cal: WorkCalendar): DateTime {
  let day = t.startOf("day");
  for (let i = 0; i < 366 * 2; i++) {
    if (isWorkingDay(day, cal)) {
      const start = dayStart(day, cal);
      const end = dayEnd(day, cal);
      if (t < start) return start;
      if (t < end) return t;
    }
    day = day.plus({ days: 1 });
    t = day;
  }
  throw new Error("work calendar has no working time in the next two years");
}

/**
 * Working milliseconds in a duration: hours, minutes and seconds are working time, a day
 * (D) is one working day (e.g. 9 h for 09:00-18:00) and a week (W) one working week.
 */
export function businessMillis(duration: Duration | string, cal: WorkCalendar): number {
  const d = (typeof duration === "string" ? Duration.fromISO(duration) : duration).shiftTo(
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
    "milliseconds",
  );
  const day = (cal.endMinute - cal.startMinute) * 60_000;
  const days = d.days + d.weeks * cal.weekdays.size;
  return (
    days * day +
    Duration.fromObject({
      hours: d.hours,
      minutes: d.minutes,
      seconds: d.seconds,
      milliseconds: d.milliseconds,
    }).as("milliseconds")
  );
}

/**
 * `from` plus `duration` of working time. A result that falls exactly on the end of a
 * working day, or outside working time, moves to the next working start.
 */
export function addBusinessTime(
  from: Date,
  duration: Duration | string,
  cal: WorkCalendar,
  timeZone: string,
): Date {
  return addWorkingMillis(from, businessMillis(duration, cal), cal, timeZone);
}

/** `from` plus this many milliseconds of working time. */
export function addWorkingMillis(
  from: Date,
  ms: number,
  cal: WorkCalendar,
  timeZone: string,
): Date {
  let remaining = ms;
  let t = clamp(DateTime.fromJSDate(from, { zone: timeZone }), cal);
  for (;;) {
    const end = dayEnd(t.startOf("day"), cal);
    const available = end.toMillis() - t.toMillis();
    if (remaining < available) return t.plus({ milliseconds: remaining }).toJSDate();
    remaining -= available;
    t = clamp(end, cal);
  }
}

/** Working time elapsed between two instants (for "waiting for 3 working hours"). */
export function businessTimeBetween(
  from: Date,
  to: Date,
  cal: WorkCalendar,
  timeZone: string,
): Duration {
  let t = clamp(DateTime.fromJSDate(from, { zone: timeZone }), cal);
  const stop = DateTime.fromJSDate(to, { zone: timeZone });
  let ms = 0;
  while (t < stop) {
    const end = dayEnd(t.startOf("day"), cal);
    ms += Math.min(end.toMillis(), stop.toMillis()) - t.toMillis();
    t = clamp(end, cal);
  }
  return Duration.fromMillis(Math.max(0, ms));
}
