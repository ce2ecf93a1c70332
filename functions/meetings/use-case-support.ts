import { runtimeConfig } from '../../shared/config/runtime';
import { seatsLeft } from '../../shared/domain/seats/rules';
import type { Mailer } from '../../shared/mailer/port';
import type { MeetingsStore, StoredMeeting } from './store';

/**
 * What every meetings use case is built from: the store, the clock, participation's published
 * read and the mailer, injected by the handler module.
 */
export interface MeetingsDeps {
  store: MeetingsStore;
  clock: () => Date;
  mailer: Mailer;
  /** Participation's published read: the initiative an engagement belongs to, undefined if none. */
  engagementInitiative: (engagementId: string) => Promise<string | undefined>;
}

/**
 * Seats of a meeting without a capacity: unlimited in effect (the mechanism counts seats, so an
 * unlimited meeting is one it never fills), shown to nobody.
 */
export const UNLIMITED_SEATS = 1_000_000_000;

/** The language mail is written in: the city's first. */
export const mailLanguage = () => runtimeConfig().LOCALES[0] ?? 'en';

/** A meeting as the public reads it. */
export const meetingView = (meeting: StoredMeeting) => ({
  meetingId: meeting.activityId,
  engagementId: meeting.engagementId,
  initiativeId: meeting.initiativeId,
  title: meeting.title,
  ...(meeting.description ? { description: meeting.description } : {}),
  startsAt: meeting.startsAt,
  endsAt: meeting.endsAt,
  timeZone: meeting.timeZone,
  format: meeting.format,
  ...(meeting.place ? { place: meeting.place } : {}),
  ...(meeting.link ? { link: meeting.link } : {}),
  accessibility: meeting.accessibility,
  languages: meeting.languages,
  assurance: meeting.assurance,
  ...(meeting.limited ? { capacity: meeting.capacity, seatsLeft: seatsLeft(meeting) } : {}),
  waiting: meeting.waiting,
  ...(meeting.record ? { record: meeting.record } : {}),
  createdAt: meeting.createdAt,
});
