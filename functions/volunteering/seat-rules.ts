import type { Commitment, NewClaim, SeatCounters, StoredClaim, StoredVolunteer } from './store';
import { utcInstant } from './time';

/**
 * The seat decisions, once, for shifts and training sessions alike: whether a claim gets a seat
 * or a waitlist place, which of a person's commitments refuse it, and the free-seat arithmetic.
 * Pure: the mechanism that reads the counters and commits a decision on condition that what it
 * was based on still holds is `dynamo-seats.ts`.
 */

/** Promotions per transaction when capacity grows (each is three items; the limit is 100). */
export const PROMOTIONS_PER_TRANSACTION = 10;

/** Seats nobody holds (never negative, even while a capacity decrease waits on cancellations). */
export const seatsLeft = (seats: Pick<SeatCounters, 'capacity' | 'confirmed'>): number =>
  Math.max(0, seats.capacity - seats.confirmed);

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
 * overlapping another seat or waitlist place an overlap. Otherwise the commitments to keep on the
 * profile, this claim's included.
 */
export function commitTo(
  volunteer: Pick<StoredVolunteer, 'commitments'> | undefined,
  claimId: string,
  interval: Commitment,
  now: string,
): { refused: 'duplicate' | 'overlap' } | { commitments: Record<string, Commitment> } {
  const commitments = currentCommitments(volunteer, now);
  const held = Object.values(commitments);
  if (held.some((other) => other.activity === interval.activity)) return { refused: 'duplicate' };
  if (held.some((other) => overlaps(other, interval))) return { refused: 'overlap' };
  commitments[claimId] = interval;
  return { commitments };
}

export type SeatDecision =
  | { status: 'confirmed' }
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
 * A seat while one is free and nobody is waiting for it (first come, first served); otherwise the
 * next place on the waitlist.
 */
export function decideSeat(
  counters: Pick<SeatCounters, 'capacity' | 'confirmed' | 'waiting' | 'waitlistIssued'>,
): SeatDecision {
  if (counters.confirmed < counters.capacity && counters.waiting === 0) return { status: 'confirmed' };
  return {
    status: 'waitlisted',
    ticket: counters.waitlistIssued + 1,
    position: counters.waiting + 1,
    seatsFreeBehindQueue: counters.confirmed < counters.capacity,
  };
}

/** Only a confirmed seat or a waitlist place can be cancelled. */
export const isActive = (status: StoredClaim['status']): status is 'confirmed' | 'waitlisted' =>
  status === 'confirmed' || status === 'waitlisted';

/** How many waiting people to promote in one go now: as many as seats are free, a batch at most. */
export function promotionsDue(counters: Pick<SeatCounters, 'capacity' | 'confirmed' | 'waiting'>): number {
  const free = counters.capacity - counters.confirmed;
  if (free <= 0 || counters.waiting === 0) return 0;
  return Math.min(free, counters.waiting, PROMOTIONS_PER_TRANSACTION);
}

/** A new capacity is never below the seats already confirmed. */
export const capacityRefusal = (
  counters: Pick<SeatCounters, 'confirmed'>,
  capacity: number,
): { outcome: 'below-confirmed'; confirmed: number } | undefined =>
  capacity < counters.confirmed ? { outcome: 'below-confirmed', confirmed: counters.confirmed } : undefined;
