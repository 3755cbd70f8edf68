// UTC months and weeks of day numbers (days since 1970-01-01), as the term roll-ups block them.

const DAY_MS = 86_400_000;

/** UTC month index (year × 12 + month − 1) of a day number. */
export function monthOfDay(day: number): number {
  const date = new Date(day * DAY_MS);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** First day number of a month index. */
export function firstDayOfMonth(month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(Math.floor(month / 12), month % 12, 1);
  return Math.round(date.getTime() / DAY_MS);
}

/** Week (Monday to Sunday, UTC) of a day number. */
export function weekOf(day: number): number {
  return Math.floor((day + 3) / 7);
}

/** First day number of a week. */
export function firstDayOfWeek(week: number): number {
  return week * 7 - 3;
}
