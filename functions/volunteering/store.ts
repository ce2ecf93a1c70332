import type { SeatedKind } from '../../events/volunteering';
import type { AssuranceLevel } from '../../shared/domain/confirmation';
import type { DomainEvent } from '../../shared/domain/domain-event';
import type { IssuedLinkToken } from '../../shared/domain/link-tokens';
import type { LocalizedText } from '../../shared/domain/localized-text';
import type { Page, PageRequest } from '../../shared/domain/page';
import type {
  CapacityOutcome as SeatCapacityOutcome,
  ClaimOutcome as SeatClaimOutcome,
  ConfirmOutcome as SeatConfirmOutcome,
  DueHold as SeatDueHold,
  LapseOutcome as SeatLapseOutcome,
  ReleaseOutcome as SeatReleaseOutcome,
} from '../../shared/domain/seats/outcomes';
import type { NewSeatClaim, SeatActivity, SeatClaim } from '../../shared/domain/seats/rules';
import type { ClaimStatus, HoursEntry, Opportunity, Place } from './schemas';

/** A shift or a training session as stored: its details, its seats and its outcome counters. */
export interface StoredActivity extends SeatActivity<SeatedKind> {
  /** Items from before assurance levels read as `open`. */
  assurance: AssuranceLevel;
  initiativeId: string;
  /** Shifts only. */
  opportunityId?: string;
  title: LocalizedText;
  description?: LocalizedText;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  location?: Place;
  /** Training sessions: what completion adds to a profile. */
  skillsGained?: string[];
  /** Shifts: copied from the opportunity; a sign-up must confirm it. */
  minimumAge?: number;
  attended: number;
  noShows: number;
  verifiedMinutes: number;
  completed: number;
  createdAt: string;
}

export interface Contact {
  name: string;
  email: string;
  phone?: string;
  consentToContact: boolean;
}

/** The activity details a claim keeps, so mail, reminders and profiles need no second read. */
export interface ActivitySnapshot {
  title: LocalizedText;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  location?: Place;
}

/** A sign-up (shift) or enrolment (training session): the only item besides the profile with contact details. */
export interface StoredClaim extends ActivitySnapshot, SeatClaim<SeatedKind, ClaimStatus> {
  initiativeId: string;
  opportunityId?: string;
  volunteerId: string;
  expiredAt?: string;
  contact: Contact;
  skills: string[];
  /**
   * The hashes of the cancel links given to the person (in mail, or an `open` sign-up's answer),
   * newest first, at most `LIVE_CANCEL_LINKS` (`shared/domain/link-tokens.ts`); never a token.
   */
  cancelTokens: IssuedLinkToken[];
  /** Written before tokens were hashed: its raw token is still stored until first use (`hashStoredCancelToken`). */
  rawCancelTokenStored?: boolean;
  createdAt: string;
  promotedAt?: string;
  cancelledAt?: string;
  cancelledBy?: 'volunteer' | 'staff';
  checkedInAt?: string;
  checkedOutAt?: string;
  minutes?: number;
  noShowAt?: string;
  completedAt?: string;
}

/** A time a person has promised (a confirmed or waitlisted seat), kept to refuse overlaps. */
export interface Commitment {
  /** `<kind>#<activityId>`: a second claim on the same activity is a duplicate, not an overlap. */
  activity: string;
  startsAt: string;
  endsAt: string;
}

/** The volunteer profile: one per person (keyed email hash), shared by shifts and training. */
export interface StoredVolunteer {
  volunteerId: string;
  participantHash: string;
  contact: Contact;
  skills: string[];
  trainedSkills: string[];
  commitments: Record<string, Commitment>;
  verifiedMinutes: number;
  /** Optimistic version: every change to `commitments` is conditioned on it. */
  version: number;
  createdAt: string;
}

export type NewClaim = NewSeatClaim<StoredClaim>;

/** A mail about a claim: the one answering an event, or the reminder before it starts. */
export type MailMark = { eventId: string } | 'reminder';

export type ClaimOutcome = SeatClaimOutcome<StoredClaim>;
export type ConfirmOutcome = SeatConfirmOutcome<StoredClaim>;
export type LapseOutcome = SeatLapseOutcome;
/** A hold the `seat-holds` job found due (its hold-due item). */
export type DueHold = SeatDueHold<SeatedKind>;
export type ReleaseOutcome = SeatReleaseOutcome<ClaimStatus>;
export type CapacityOutcome = SeatCapacityOutcome;

export type ClaimChange<T extends string> = { outcome: 'changed'; claim: StoredClaim } | { outcome: T };

export interface StoredHoursEntry extends HoursEntry {}

/**
 * Persistence for volunteering and capacity building, in domain terms: state changes come with the
 * `DomainEvent`s they raise, which the store commits in the same transaction. Seats (shifts and
 * sessions alike) go through the shared seat mechanism, instantiated in `dynamo-seats.ts`; the
 * rest is plain conditional writes.
 */
export interface VolunteeringStore {
  putOpportunity(opportunity: Opportunity): Promise<void>;
  getOpportunity(opportunityId: string): Promise<Opportunity | undefined>;
  listOpportunities(
    filter: { initiativeId?: string | undefined },
    page: PageRequest,
  ): Promise<Page<Opportunity>>;
  /** The opportunities wanting any of `skills`, with which (one short index partition per skill). */
  opportunitiesWantingSkills(
    skills: readonly string[],
  ): Promise<Map<string, { initiativeId: string; skills: string[] }>>;
  getOpportunities(opportunityIds: readonly string[]): Promise<Opportunity[]>;

  putActivity(activity: StoredActivity, cityTimeZone: string): Promise<void>;
  getActivity(kind: SeatedKind, activityId: string): Promise<StoredActivity | undefined>;
  listShifts(opportunityId: string, page: PageRequest): Promise<Page<StoredActivity>>;
  listTrainingSessions(page: PageRequest): Promise<Page<StoredActivity>>;

  /** Takes a seat, or a place on the waitlist, in one conditional transaction. */
  claimSeat(claim: NewClaim, now: string, volunteerSkills: readonly string[]): Promise<ClaimOutcome>;
  /** Cancels a claim; a confirmed one's seat goes to the first person waiting, in the same transaction. */
  releaseSeat(
    kind: SeatedKind,
    claimId: string,
    by: 'volunteer' | 'staff',
    at: string,
  ): Promise<ReleaseOutcome>;
  changeCapacity(
    kind: SeatedKind,
    activityId: string,
    capacity: number,
    at: string,
  ): Promise<CapacityOutcome>;
  getClaim(kind: SeatedKind, claimId: string): Promise<StoredClaim | undefined>;
  /**
   * Confirms a held claim whose stored token hash `matches` the presented token, while its hold
   * has not lapsed at `at`: held → confirmed, the counters and the confirmed event in one
   * conditional transaction. A claim already confirmed answers `confirmed` and writes nothing.
   */
  confirmHold(
    kind: SeatedKind,
    claimId: string,
    matches: (claim: StoredClaim) => boolean,
    at: string,
  ): Promise<ConfirmOutcome>;
  /**
   * Lapses a hold due at `at`: the claim → `expired`, the person free to claim again, the seat to
   * the first person waiting (as a hold) or free; one conditional transaction.
   */
  lapseHold(kind: SeatedKind, claimId: string, at: string): Promise<LapseOutcome>;
  /** Holds lapsing at or before `at`, from the hold-due items of the last days. */
  holdsDue(at: string): Promise<DueHold[]>;
  /**
   * Adds a cancel link's hash to the claim's live ones (the oldest beyond the bound drop out);
   * false when the claim is gone.
   */
  issueCancelToken(kind: SeatedKind, claimId: string, issued: IssuedLinkToken): Promise<boolean>;
  /** Replaces a claim's raw cancel token from before hashing by its hash (see `rawCancelTokenStored`). */
  hashStoredCancelToken(kind: SeatedKind, claimId: string): Promise<void>;
  /** Stores a freshly mailed token's hash on a claim, on condition it is still held at `at`. */
  renewHoldToken(kind: SeatedKind, claimId: string, tokenHash: string, at: string): Promise<boolean>;
  /** Rank among the people still waiting (1 = next). */
  waitlistPosition(claim: StoredClaim): Promise<number>;
  listRoster(
    kind: SeatedKind,
    activityId: string,
    status: ClaimStatus | undefined,
    page: PageRequest,
  ): Promise<Page<StoredClaim>>;

  checkIn(claim: StoredClaim, at: string, event: DomainEvent): Promise<ClaimChange<'changed-concurrently'>>;
  checkOut(
    claim: StoredClaim,
    at: string,
    entry: StoredHoursEntry,
    cityTimeZone: string,
    event: DomainEvent,
  ): Promise<ClaimChange<'changed-concurrently'>>;
  markNoShow(
    claim: StoredClaim,
    at: string,
    event: DomainEvent,
  ): Promise<ClaimChange<'changed-concurrently'>>;
  completeTraining(
    claim: StoredClaim,
    skills: readonly string[],
    at: string,
    event: DomainEvent,
  ): Promise<ClaimChange<'changed-concurrently'>>;

  /** Shifts (or sessions) starting in (from, to], read from the days they touch in the city's calendar. */
  activitiesStartingBetween(
    kind: SeatedKind,
    from: string,
    to: string,
    cityTimeZone: string,
  ): Promise<StoredActivity[]>;
  /**
   * Marks one mail about a claim as sent (`attribute_not_exists`): true for the first caller
   * only, so a redelivered event or a re-run job sends nothing twice.
   */
  markMailed(kind: SeatedKind, claimId: string, what: MailMark): Promise<boolean>;
  /** Takes the mark back after a failed send, so a retry sends. */
  unmarkMailed(kind: SeatedKind, claimId: string, what: MailMark): Promise<void>;

  getVolunteer(volunteerId: string): Promise<StoredVolunteer | undefined>;
  /** Every sign-up and enrolment of a volunteer (their own history: tens, not thousands). */
  listVolunteerClaims(volunteerId: string): Promise<StoredClaim[]>;
  listHoursEntries(volunteerId: string): Promise<StoredHoursEntry[]>;
  addHoursEntry(entry: StoredHoursEntry): Promise<void>;
  getHoursEntry(volunteerId: string, entryId: string): Promise<StoredHoursEntry | undefined>;
  verifyHoursEntry(
    entry: StoredHoursEntry,
    verifiedBy: string,
    at: string,
    cityTimeZone: string,
    event: DomainEvent,
  ): Promise<'verified' | 'changed-concurrently'>;
}
