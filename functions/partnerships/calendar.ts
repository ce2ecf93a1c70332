/**
 * Calendar dates as the city lives them. Partnership dates and contribution dates are calendar
 * dates (`YYYY-MM-DD`) in the city's time zone, read from instants by `shared/domain/time-zone.ts`.
 */

export { localDate, localMonth } from '../../shared/domain/time-zone';

/** A calendar date `days` later (or earlier, when negative). */
export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}
