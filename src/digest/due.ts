// Pure: who is due their daily digest at `now`: past their local digest time today, on a
// working day of their calendar, and not yet sent today (a run that started late catches up).
import { DateTime } from "luxon";
import { isWorkingDay, type WorkCalendar } from "../calendar/work-calendar.ts";

export interface DigestPerson {
  userId: string;
  timeZone: string;
  /** "HH:MM" local time. */
  time: string;
  enabled: boolean;
}

export interface Due {
  userId: string;
  /** The person's local date, yyyy-MM-dd: one digest per person and day. */
  day: string;
}

export function dueDigests(
  people: DigestPerson[],
  deliveredToday: (userId: string, day: string) => boolean,
  now: Date,
  cal: WorkCalendar,
): Due[] {
  const due: Due[] = [];
  for (const p of people) {
    if (!p.enabled) continue;
    const local = DateTime.fromJSDate(now, { zone: p.timeZone });
    if (!isWorkingDay(local, cal)) continue;
    const [h, m] = p.time.split(":").map(Number) as [number, number];
    if (local < local.startOf("day").set({ hour: h, minute: m })) continue;
    const day = local.toISODate()!;
    if (!deliveredToday(p.userId, day)) due.push({ userId: p.userId, day });
  }
  return due;
}
