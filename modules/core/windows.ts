/** RDS backup and maintenance windows: parsing, length and overlap, as RDS checks them. */

const TIME = "([01]\\d|2[0-3]):([0-5]\\d)";
const DAY = "(mon|tue|wed|thu|fri|sat|sun)";
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const BACKUP_WINDOW_PATTERN = new RegExp(`^${TIME}-${TIME}$`);
const MAINTENANCE_WINDOW_PATTERN = new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`);
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** RDS's shortest backup and maintenance windows. */
export const MIN_WINDOW_MINUTES = 30;

/** A recurring window as minute offsets in the week; `end` may pass the week's end. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/** "hh:mm-hh:mm" as the window of the week's first day. */
export function parseBackupWindow(text: string): Window | undefined {
  const match = BACKUP_WINDOW_PATTERN.exec(text);
  if (!match) return undefined;
  const [, startHour, startMinute, endHour, endMinute] = match.map(Number);
  return span(startHour * 60 + startMinute, endHour * 60 + endMinute, MINUTES_PER_DAY);
}

/** "ddd:hh:mm-ddd:hh:mm" as a window of the week. */
export function parseMaintenanceWindow(text: string): Window | undefined {
  const match = MAINTENANCE_WINDOW_PATTERN.exec(text);
  if (!match) return undefined;
  const [, startDay, startHour, startMinute, endDay, endHour, endMinute] = match;
  const minuteOfWeek = (day: string, hour: string, minute: string) =>
    DAYS.indexOf(day) * MINUTES_PER_DAY + Number(hour) * 60 + Number(minute);
  return span(minuteOfWeek(startDay, startHour, startMinute), minuteOfWeek(endDay, endHour, endMinute), MINUTES_PER_WEEK);
}

export function windowLength(window: Window): number {
  return window.end - window.start;
}

/** Whether a weekly maintenance window shares a minute with a daily backup window on any day. */
export function overlapsDaily(maintenance: Window, dailyBackup: Window): boolean {
  return DAYS.some((_, day) =>
    overlaps(maintenance, { start: dailyBackup.start + day * MINUTES_PER_DAY, end: dailyBackup.end + day * MINUTES_PER_DAY }),
  );
}

/** A window from `start` to `end`, wrapping past the end of a `period`-minute cycle. */
function span(start: number, end: number, period: number): Window {
  return { start, end: end >= start ? end : end + period };
}

/** Whether two windows of a weekly cycle share a minute. */
function overlaps(a: Window, b: Window): boolean {
  return [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK].some((shift) => a.start < b.end + shift && b.start + shift < a.end);
}
