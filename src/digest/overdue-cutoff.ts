// Pure: which assignments are past their deadline, without working out each one's
// deadline. The deadline grows with the assignment's start (working time is added to
// it), so for one duration and time zone there is a latest start that is overdue at
// `now`: found once by bisection, it turns 20,000 calendar walks into a comparison each.
import type { WorkCalendar } from "../calendar/work-calendar.ts";
import { addWorkingMillis } from "../calendar/work-calendar.ts";

/** The latest start (epoch ms) whose deadline, `workingMs` of working time later, is at or before `now`; -Infinity if none. */
export function overdueCutoff(
  workingMs: number,
  now: Date,
  cal: WorkCalendar,
  timeZone: string,
): number {
  const nowMs = now.getTime();
  const dueAt = (startMs: number) =>
    addWorkingMillis(new Date(startMs), workingMs, cal, timeZone).getTime();
  // A start this far back is overdue (at least the duration again of wall time per try,
  // doubling, so long holidays are crossed); hi is never overdue (the deadline is after it).
  let back = Math.max(workingMs, 60_000);
  let lo = nowMs - back;
  for (let i = 0; dueAt(lo) > nowMs; i++) {
    if (i === 40) return -Infinity;
    back *= 2;
    lo = nowMs - back;
  }
  let hi = nowMs;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dueAt(mid) <= nowMs) lo = mid;
    else hi = mid;
  }
  return lo;
}
