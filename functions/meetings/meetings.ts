import { calendarFeed as buildCalendarFeed } from '../../shared/calendar/ics';
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { PageRequest } from '../../shared/domain/page';
import { calendarName, meetingCalendarEntry } from './mail';
import { boundInstant, type MeetingInput } from './schemas';
import type { StoredMeeting } from './store';
import { type MeetingsDeps, mailLanguage, meetingView, UNLIMITED_SEATS } from './use-case-support';

/** How many upcoming meetings the iCalendar feed lists at most (soonest first). */
export const FEED_SIZE = 200;

/** Scheduling meetings, the public list and page, the iCalendar feed, and the record after a meeting. */
export function meetingUseCases({ store, clock, engagementInitiative }: MeetingsDeps) {
  async function requireMeeting(meetingId: string): Promise<StoredMeeting> {
    const meeting = await store.getMeeting(meetingId);
    if (!meeting) throw new NotFoundError('No meeting with this ID.');
    return meeting;
  }

  return {
    requireMeeting,

    async scheduleMeeting(engagementId: string, input: MeetingInput) {
      const initiativeId = await engagementInitiative(engagementId);
      if (!initiativeId) throw new NotFoundError('No engagement with this ID.');
      const meeting: StoredMeeting = {
        kind: 'meeting',
        activityId: newId(),
        engagementId,
        initiativeId,
        title: input.title,
        ...(input.description ? { description: input.description } : {}),
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        timeZone: input.timeZone,
        format: input.format,
        // An online meeting has no place, an in-person one no link, whatever was sent.
        ...(input.place && input.format !== 'online' ? { place: input.place } : {}),
        ...(input.link && input.format !== 'in-person' ? { link: input.link } : {}),
        accessibility: input.accessibility,
        languages: input.languages,
        assurance: input.assurance,
        limited: input.capacity !== undefined,
        capacity: input.capacity ?? UNLIMITED_SEATS,
        confirmed: 0,
        taken: 0,
        holds: {},
        waiting: 0,
        waitlistIssued: 0,
        claims: 0,
        cancellations: 0,
        promotions: 0,
        attended: 0,
        createdAt: clock().toISOString(),
      };
      await store.putMeeting(meeting);
      return meetingView(meeting);
    },

    async listMeetings(query: {
      initiativeId?: string | undefined;
      engagementId?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
      feature?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    }) {
      // An engagement's meetings are in its initiative's list: read that, keep the engagement's.
      let initiativeId = query.initiativeId;
      if (query.engagementId) {
        initiativeId = await engagementInitiative(query.engagementId);
        if (!initiativeId) return { items: [] };
      }
      const page: PageRequest = { limit: query.limit, cursor: query.cursor };
      const result = await store.listMeetings(
        {
          initiativeId,
          engagementId: query.engagementId,
          from: query.from ? boundInstant(query.from, false) : undefined,
          to: query.to ? boundInstant(query.to, true) : undefined,
          feature: query.feature,
        },
        page,
      );
      return { ...result, items: result.items.map(meetingView) };
    },

    getMeeting: async (meetingId: string) => meetingView(await requireMeeting(meetingId)),

    /** The upcoming meetings (not yet ended) as an iCalendar feed, soonest first. */
    async calendarFeed(query: { initiativeId?: string | undefined }) {
      // A meeting under way is still upcoming for a subscriber: start the range a day back, keep those not ended.
      const now = clock();
      const from = new Date(now.getTime() - 24 * 3_600_000).toISOString();
      const meetings: StoredMeeting[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listMeetings(
          { initiativeId: query.initiativeId, from },
          { limit: 100, cursor },
        );
        meetings.push(...page.items.filter((meeting) => Date.parse(meeting.endsAt) > now.getTime()));
        cursor = page.nextCursor;
      } while (cursor && meetings.length < FEED_SIZE);
      return buildCalendarFeed(
        meetings.slice(0, FEED_SIZE).map((meeting) => meetingCalendarEntry(meeting, mailLanguage())),
        { productId: 'civic/meetings', name: calendarName(mailLanguage()) },
      );
    },

    /** Minutes and outcomes, once the meeting has ended (409 before); publishing again replaces them. */
    async publishRecord(
      meetingId: string,
      input: { minutes: Record<string, string>; outcomes: Record<string, string>[] },
    ) {
      const meeting = await requireMeeting(meetingId);
      const now = clock();
      if (Date.parse(meeting.endsAt) > now.getTime())
        throw new ConflictError(
          'This meeting has not ended yet; publish its record afterwards.',
          'not-ended',
        );
      const record = { minutes: input.minutes, outcomes: input.outcomes, publishedAt: now.toISOString() };
      await store.publishRecord(meeting, record);
      return meetingView({ ...meeting, record });
    },
  };
}
