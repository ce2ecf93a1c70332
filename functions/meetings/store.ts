import type { Channel } from '../../shared/domain/channel';
import type { IssuedLinkToken } from '../../shared/domain/link-tokens';
import type { Page, PageRequest } from '../../shared/domain/page';
import type {
  DueHold,
  LapseOutcome,
  ClaimOutcome as SeatClaimOutcome,
  ConfirmOutcome as SeatConfirmOutcome,
  ReleaseOutcome as SeatReleaseOutcome,
} from '../../shared/domain/seats/outcomes';
import type { NewSeatClaim, SeatActivity, SeatClaim } from '../../shared/domain/seats/rules';
import type { Accommodations, MeetingFormat, RegistrationStatus } from './schemas';

export type MeetingKind = 'meeting';

/** A meeting as stored: its details and the shared mechanism's seat counters. */
export interface StoredMeeting extends SeatActivity<MeetingKind> {
  engagementId: string;
  initiativeId: string;
  title: Record<string, string>;
  description?: Record<string, string> | undefined;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  format: MeetingFormat;
  place?: { address: string; point: { lat: number; lon: number } } | undefined;
  link?: string | undefined;
  accessibility: string[];
  languages: string[];
  /** Whether `capacity` is the coordinator's: without one, seats are unlimited (a very large capacity). */
  limited: boolean;
  attended: number;
  record?:
    | { minutes: Record<string, string>; outcomes: Record<string, string>[]; publishedAt: string }
    | undefined;
  createdAt: string;
}

/** The fields naming a registration and its meeting in meeting events. */
export interface RegistrationReference {
  claimId: string;
  activityId: string;
  engagementId: string;
  initiativeId: string;
}

/** A registration as stored: the mechanism's claim, the registrant's contact and requests. */
export interface StoredRegistration
  extends SeatClaim<MeetingKind, RegistrationStatus>,
    RegistrationReference {
  contact: { name: string; email: string; phone?: string | undefined; consentToContact: boolean };
  accommodations?: Accommodations | undefined;
  accommodationAnswer?: { met: boolean; message?: string | undefined; answeredAt: string } | undefined;
  cancelTokens: IssuedLinkToken[];
  title: Record<string, string>;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  createdAt: string;
  expiredAt?: string | undefined;
  cancelledAt?: string | undefined;
  cancelledBy?: 'registrant' | 'staff' | undefined;
  attendedAt?: string | undefined;
  /** Attendance from a sign-in sheet: its channel (the registration keeps its own) and provenance. */
  attendanceChannel?: Exclude<Channel, 'web'> | undefined;
  attendanceProvenance?:
    | { batchId: string; rowNumber: number; enteredBy: string; collectedAt: string }
    | undefined;
}

export type NewRegistration = NewSeatClaim<StoredRegistration>;
export type ClaimOutcome = SeatClaimOutcome<StoredRegistration>;
export type ConfirmOutcome = SeatConfirmOutcome<StoredRegistration>;
export type ReleaseOutcome = SeatReleaseOutcome<RegistrationStatus>;

export interface MeetingFilter {
  initiativeId?: string | undefined;
  /** With `initiativeId` (the engagement's, read through participation), only this engagement's meetings. */
  engagementId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  feature?: string | undefined;
}

/** What the meetings use cases need of storage; `dynamo-store.ts` is the only implementation. */
export interface MeetingsStore {
  /** The meeting and its `MeetingScheduled` event, in one transaction. */
  putMeeting(meeting: StoredMeeting): Promise<void>;
  getMeeting(meetingId: string): Promise<StoredMeeting | undefined>;
  listMeetings(filter: MeetingFilter, page: PageRequest): Promise<Page<StoredMeeting>>;

  claimSeat(registration: NewRegistration, now: string): Promise<ClaimOutcome>;
  releaseSeat(registrationId: string, by: 'registrant' | 'staff', at: string): Promise<ReleaseOutcome>;
  confirmHold(
    registrationId: string,
    matches: (registration: StoredRegistration) => boolean,
    at: string,
  ): Promise<ConfirmOutcome>;
  lapseHold(registrationId: string, at: string): Promise<LapseOutcome>;
  holdsDue(at: string): Promise<DueHold<MeetingKind>[]>;
  renewHoldToken(registrationId: string, tokenHash: string, at: string): Promise<boolean>;
  waitlistPosition(registration: StoredRegistration): Promise<number>;
  getRegistration(registrationId: string): Promise<StoredRegistration | undefined>;
  issueCancelToken(registrationId: string, issued: IssuedLinkToken): Promise<boolean>;
  /** Every confirmed or waitlisted registration of a meeting (a meeting's registrations are few). */
  activeRegistrations(meetingId: string): Promise<StoredRegistration[]>;
  recordAccommodationAnswer(
    registrationId: string,
    answer: { met: boolean; message?: string | undefined; answeredAt: string },
  ): Promise<void>;
  /** Records attendance once: `false` when it was recorded already. Raises `MeetingAttended`. */
  checkIn(registration: StoredRegistration, at: string): Promise<boolean>;
  publishRecord(meeting: StoredMeeting, record: NonNullable<StoredMeeting['record']>): Promise<void>;
  /**
   * Takes the mark "mail `mark` sent to this registration" (an event ID, or `reminder`): `false`
   * when it was taken already, so a redelivered event or an overlapping run sends nothing twice.
   */
  markMailed(registrationId: string, mark: string): Promise<boolean>;
  /** Gives the mark back when the mail could not be sent, so the retry sends it. */
  unmarkMailed(registrationId: string, mark: string): Promise<void>;
  /** The confirmed registrations of the meetings starting between two instants (the reminder job). */
  meetingsStartingBetween(from: string, to: string): Promise<StoredMeeting[]>;
  confirmedRegistrations(meetingId: string): Promise<StoredRegistration[]>;
}
