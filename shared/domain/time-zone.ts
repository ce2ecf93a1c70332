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
