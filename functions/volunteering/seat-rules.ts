import type {
  Commitment,
  NewClaim,
  SeatCounters,
  StoredActivity,
  StoredClaim,
  StoredVolunteer,
} from './store';
import { utcInstant } from './time';

/**
 * The seat decisions, once, for shifts and training sessions alike: whether a claim gets a seat
 * or a waitlist place, which of a person's commitments refuse it, and the free-seat arithmetic.
 * Pure: the mechanism that reads the counters and commits a decision on condition that what it
 * was based on still holds is `dynamo-seats.ts`.
 */

/** Promotions per transaction when capacity grows (each is three items; the limit is 100). */
export const PROMOTIONS_PER_TRANSACTION = 10;

/** Seats neither confirmed nor held (never negative, even while a capacity decrease waits on cancellations). */
export const seatsLeft = (seats: Pick<SeatCounters, 'capacity' | 'taken'>): number =>
  Math.max(0, seats.capacity - seats.taken);

/** Seats held for claims awaiting their emailed confirmation (lapsed ones included until reclaimed). */
export const seatsHeld = (seats: Pick<SeatCounters, 'holds'>): number => Object.keys(seats.holds).length;

/** The hold that lapsed first at `now` (epoch s), if any: its seat is free for someone else. */
export function lapsedHold(seats: Pick<SeatCounters, 'holds'>, now: number): string | undefined {
  let first: [string, number] | undefined;
  for (const [claimId, expiresAt] of Object.entries(seats.holds))
    if (expiresAt <= now && (!first || expiresAt < first[1])) first = [claimId, expiresAt];
  return first?.[0];
}

/** The time a claim promises, as kept on the person's profile to refuse overlaps. */
export const commitmentOf = (
  claim: Pick<NewClaim, 'kind' | 'activityId' | 'startsAt' | 'endsAt'>,
): Commitment => ({
  activity: `${claim.kind}#${claim.activityId}`,
  startsAt: utcInstant(claim.startsAt),
  endsAt: utcInstant(claim.endsAt),
});

/** Commitments still to come (or under way) at `now`; past ones are dropped as the profile is rewritten. */
export function currentCommitments(
  volunteer: Pick<StoredVolunteer, 'commitments'> | undefined,
  now: string,
): Record<string, Commitment> {
  const cutoff = Date.parse(now);
  return Object.fromEntries(
    Object.entries(volunteer?.commitments ?? {}).filter(([, c]) => Date.parse(c.endsAt) > cutoff),
  );
}

export const overlaps = (a: Commitment, b: Commitment) =>
  Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);

/**
 * Whether a person may take on `interval`: a second claim on the same activity is a duplicate, one
 * overlapping another seat, hold or waitlist place an overlap (`by` names the claim in the way).
 * Otherwise the commitments to keep on the profile, this claim's included.
 */
export function commitTo(
  volunteer: Pick<StoredVolunteer, 'commitments'> | undefined,
  claimId: string,
  interval: Commitment,
  now: string,
): { refused: 'duplicate' | 'overlap'; by: string } | { commitments: Record<string, Commitment> } {
  const commitments = currentCommitments(volunteer, now);
  const entries = Object.entries(commitments);
  const same = entries.find(([, other]) => other.activity === interval.activity);
  if (same) return { refused: 'duplicate', by: same[0] };
  const clash = entries.find(([, other]) => overlaps(other, interval));
  if (clash) return { refused: 'overlap', by: clash[0] };
  commitments[claimId] = interval;
  return { commitments };
}

export type SeatDecision =
  | {
      /** `held` on an `email` activity (awaiting the emailed confirmation), `confirmed` on an `open` one. */
      status: 'confirmed' | 'held';
      /** The lapsed hold whose seat this claim takes over (its claim lapses in the same transaction). */
      reclaims?: string;
    }
  /** A lapsed hold's seat belongs to the first person waiting: pass it on, then decide again. */
  | { status: 'pass-lapsed-hold'; claimId: string }
  | {
      status: 'waitlisted';
      /** The arrival number the waitlist place gets. */
      ticket: number;
      /** 1 + the people already waiting. */
      position: number;
      /** Seats are free while people wait (a capacity increase still promoting): the line must move. */
      seatsFreeBehindQueue: boolean;
    };

/**
 * A seat while one is free and nobody is waiting for it (first come, first served), or the seat of
 * a hold that lapsed by `now` (epoch s) when nobody is waiting; a lapsed hold's seat goes to the
 * people waiting first. Otherwise the next place on the waitlist. The seat is held on an `email`
 * activity, confirmed on an `open` one.
 */
export function decideSeat(
  activity: Pick<StoredActivity, 'assurance' | 'capacity' | 'taken' | 'holds' | 'waiting' | 'waitlistIssued'>,
  now: number,
): SeatDecision {
  const seat = activity.assurance === 'email' ? 'held' : 'confirmed';
  const lapsed = lapsedHold(activity, now);
  if (activity.waiting === 0) {
    if (activity.taken < activity.capacity) return { status: seat };
    if (lapsed) return { status: seat, reclaims: lapsed };
  } else if (lapsed) return { status: 'pass-lapsed-hold', claimId: lapsed };
  return {
    status: 'waitlisted',
    ticket: activity.waitlistIssued + 1,
    position: activity.waiting + 1,
    seatsFreeBehindQueue: activity.taken < activity.capacity,
  };
}

/** The status a promotion from the waitlist gives: a hold to confirm by email, or a confirmed seat. */
export const promotedStatus = (activity: Pick<StoredActivity, 'assurance'>): 'held' | 'confirmed' =>
  activity.assurance === 'email' ? 'held' : 'confirmed';

/** Only a confirmed or held seat, or a waitlist place, can be cancelled. */
export const isActive = (status: StoredClaim['status']): status is 'confirmed' | 'waitlisted' | 'held' =>
  status === 'confirmed' || status === 'waitlisted' || status === 'held';

/** How many waiting people to promote in one go now: as many as seats are free, a batch at most. */
export function promotionsDue(counters: Pick<SeatCounters, 'capacity' | 'taken' | 'waiting'>): number {
  const free = counters.capacity - counters.taken;
  if (free <= 0 || counters.waiting === 0) return 0;
  return Math.min(free, counters.waiting, PROMOTIONS_PER_TRANSACTION);
}

/** A new capacity is never below the seats already confirmed or held. */
export const capacityRefusal = (
  counters: Pick<SeatCounters, 'taken'>,
  capacity: number,
): { outcome: 'below-confirmed'; confirmed: number } | undefined =>
  capacity < counters.taken ? { outcome: 'below-confirmed', confirmed: counters.taken } : undefined;
