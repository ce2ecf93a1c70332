import { localDate, localMonth as localMonthOf } from '../../shared/domain/time-zone';
/**
 * Time arithmetic for shifts and hours. Every duration is a difference of instants, so a shift
 * across a daylight-saving change, or a check-in and check-out written in different offsets,
 * counts the time that really passed. Days and months are read in a named IANA zone (the city's),
 * because that is how periods are reported.
 */

/** Whole minutes from `start` to `end` (ISO 8601 instants with any offsets), rounded to the nearest. */
export function minutesBetween(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 60_000);
}

/** The instant as UTC ISO 8601 (`…Z`): the form used in keys, where string order must be time order. */
export function utcInstant(iso: string): string {
  return new Date(Date.parse(iso)).toISOString();
}

/** The calendar day (`YYYY-MM-DD`) an ISO 8601 instant falls on in `timeZone`. */
export const localDay = (iso: string, timeZone: string): string => localDate(new Date(iso), timeZone);

/** The calendar month (`YYYY-MM`) an ISO 8601 instant falls in, in `timeZone`. */
export const localMonth = (iso: string, timeZone: string): string => localMonthOf(new Date(iso), timeZone);

/** Every calendar day in `timeZone` that the window [from, to] touches, in order. */
export function localDaysTouched(from: string, to: string, timeZone: string): string[] {
  const days: string[] = [];
  const end = Date.parse(to);
  // Hour steps cannot skip a day, whatever the zone's offset changes do.
  for (let t = Date.parse(from); t < end + 3_600_000; t += 3_600_000) {
    const day = localDay(new Date(Math.min(t, end)).toISOString(), timeZone);
    if (days.at(-1) !== day) days.push(day);
  }
  return days;
}

/** The offset, in minutes east of UTC, written in an ISO 8601 date-time (`Z` is 0). */
export function writtenOffsetMinutes(iso: string): number {
  const match = /(Z|([+-])(\d{2}):?(\d{2}))$/i.exec(iso);
  if (!match || match[1]?.toUpperCase() === 'Z') return 0;
  const minutes = Number(match[3]) * 60 + Number(match[4]);
  return match[2] === '-' ? -minutes : minutes;
}

/** The offset of `timeZone` from UTC at that instant, in minutes east of UTC. */
export function zoneOffsetMinutes(iso: string, timeZone: string): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(Date.parse(iso)))
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** "Saturday 27 March 2027, 09:00–13:00 (Europe/Brussels)" in the reader's language. */
export function describeTimeRange(
  startsAt: string,
  endsAt: string,
  timeZone: string,
  locale: string,
): string {
  const day = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' });
  const start = new Date(Date.parse(startsAt));
  const end = new Date(Date.parse(endsAt));
  const sameDay = localDay(startsAt, timeZone) === localDay(endsAt, timeZone);
  const until = sameDay ? time.format(end) : `${day.format(end)}, ${time.format(end)}`;
  return `${day.format(start)}, ${time.format(start)}–${until} (${timeZone})`;
}
