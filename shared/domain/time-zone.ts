/**
 * Whether `value` names a time zone the way EventBridge Scheduler and the tz database do
 * (`Europe/Brussels`, `UTC`). Offsets such as `+01:00` are valid for Intl on newer engines but not
 * for Scheduler, so the name must look like one *and* be known to Intl.
 */
export function isTimeZone(value: string): boolean {
  if (!/^(UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in `timeZone`: 2026-03-31T22:30Z is `2026-04-01`
 * in Europe/Paris. Every record filed by local day or month (activity ledger, shifts by day,
 * partnership history by month) goes through here, so they all read the calendar the same way.
 */
export function localDate(instant: Date, timeZone: string): string {
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The month (`YYYY-MM`) of an instant in `timeZone`. */
export function localMonth(instant: Date, timeZone: string): string {
  return localDate(instant, timeZone).slice(0, 7);
}
