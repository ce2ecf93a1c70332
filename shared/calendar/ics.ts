import { createEvent, createEvents, type EventAttributes } from 'ics';

/**
 * iCalendar, once, for every context that puts things in people's calendars: volunteering's seat
 * invites, meetings' invites and their public feed. Instants are written in UTC (`…Z`), which
 * every calendar shows in its reader's own zone, so no time-zone table is needed in the file.
 */
export interface CalendarEntry {
  /** Stable per thing described, so a later mail or feed refresh updates the same calendar entry. */
  uid: string;
  title: string;
  /** ISO instants. */
  startsAt: string;
  endsAt: string;
  location?: string | undefined;
  geo?: { lat: number; lon: number } | undefined;
  url?: string | undefined;
  description?: string | undefined;
  status?: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
}

function attributes(entry: CalendarEntry): EventAttributes {
  return {
    uid: entry.uid,
    title: entry.title,
    start: Date.parse(entry.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(entry.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: entry.status ?? 'CONFIRMED',
    ...(entry.location ? { location: entry.location } : {}),
    ...(entry.geo ? { geo: entry.geo } : {}),
    ...(entry.url ? { url: entry.url } : {}),
    ...(entry.description ? { description: entry.description } : {}),
  };
}

/** One event, as the attachment of a mail (`invite.ics`, `METHOD:PUBLISH`). */
export function calendarInviteFile(entry: CalendarEntry, productId: string): string {
  const { error, value } = createEvent({ ...attributes(entry), productId, method: 'PUBLISH' });
  if (error || !value)
    throw new Error(`The calendar invite could not be built: ${error?.message ?? 'empty'}`);
  return value;
}

/** A feed of events (a subscribable calendar): an empty list is a valid, empty calendar. */
export function calendarFeed(
  entries: readonly CalendarEntry[],
  header: { productId: string; name: string },
): string {
  const { error, value } = createEvents(entries.map(attributes), {
    productId: header.productId,
    method: 'PUBLISH',
    calName: header.name,
  });
  if (error || typeof value !== 'string')
    throw new Error(`The calendar feed could not be built: ${error?.message ?? 'empty'}`);
  return value;
}
