import type { Channel } from '../channel';
import type { AssuranceLevel } from '../confirmation';

/**
 * The seat decisions, once, for every context that hands out seats with a waitlist (volunteering's
 * shifts and training sessions; meetings next): whether a claim gets a seat or a waitlist place,
 * when a lapsed hold's seat passes on, and the free-seat arithmetic. Pure: the mechanism that reads
 * the counters and commits a decision on condition that what it was based on still holds is
 * `shared/db/seats/mechanism.ts`, instantiated by each context with its own keys.
 */

/** The statuses the mechanism moves a claim through; a context may add its own after these (attendance…). */
export const seatClaimStatuses = ['held', 'confirmed', 'waitlisted', 'cancelled', 'expired'] as const;
export type SeatClaimStatus = (typeof seatClaimStatuses)[number];

/** The seat counters every seated activity keeps on its own item. */
export interface SeatCounters {
  capacity: number;
  /** Seats confirmed. */
  confirmed: number;
  /**
   * Seats confirmed or held (`confirmed` + the entries of `holds`); never above `capacity`, the
   * condition of every write that raises it.
   */
  taken: number;
  /**
   * The live holds: claim ID → epoch second its hold lapses. An entry past its second is free
   * for the next claimant (or the first person waiting), decided by conditions against the clock.
   */
  holds: Record<string, number>;
  /** People on the waitlist now. */
  waiting: number;
  /** Waitlist tickets issued so far: the next arrival gets `waitlistIssued + 1`. */
  waitlistIssued: number;
  /**
   * Every claim counted: `open` activities at the claim (confirmed or waitlisted), `email` ones at
   * confirmation (unconfirmed holds never count).
   */
  claims: number;
  cancellations: number;
  promotions: number;
  /** Claimants of the line the mechanism orders attempts by who got a seat or a ticket, or gave up. */
  lineServed?: number;
}

/** What the mechanism needs of a seated activity: its counters, and what a claim must prove. */
export interface SeatActivity<K extends string = string> extends SeatCounters {
  kind: K;
  activityId: string;
  /** What a claim must prove before its seat counts. */
  assurance: AssuranceLevel;
}

/** What the mechanism needs of a claim; a context's claim carries its own fields besides. */
export interface SeatClaim<K extends string = string, S extends string = string> {
  kind: K;
  claimId: string;
  activityId: string;
  /** The keyed identity of the claimant: one active claim per person and activity. */
  participantHash: string;
  status: S;
  /** The activity's assurance when the claim was made: `open` claims are counted unconfirmed. */
  assurance: AssuranceLevel;
  /** How the claim reached the city (public routes: `web`; claims from before channels read as `web`). */
  channel: Channel;
  /** While `held`: the epoch second the hold lapses (kept afterwards for the record). */
  holdExpiresAt?: number;
  /** SHA-256 of the confirmation token mailed for the hold; never the token itself. */
  tokenHash?: string;
  confirmedAt?: string;
  /** Waitlist arrival number, kept after a promotion for the record. */
  ticket?: number;
}

/** A claim before the mechanism decides it: no status yet, and the token hash stored only if held. */
export type NewSeatClaim<C extends SeatClaim> = Omit<
  C,
  'status' | 'ticket' | 'holdExpiresAt' | 'tokenHash' | 'confirmedAt' | 'expiredAt'
> & {
  /** The hash of the token the request mails when the claim is held (stored only then). */
  pendingTokenHash?: string;
};

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

/** A held claim whose hold has lapsed by `now` (epoch s): its seat is free for someone else. */
export const isLapsedHold = <C extends Pick<SeatClaim, 'status' | 'holdExpiresAt'>>(
  claim: C | undefined,
  now: number,
): claim is C => claim?.status === 'held' && (claim.holdExpiresAt ?? 0) <= now;

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
  activity: Pick<SeatActivity, 'assurance' | 'capacity' | 'taken' | 'holds' | 'waiting' | 'waitlistIssued'>,
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
export const promotedStatus = (activity: Pick<SeatActivity, 'assurance'>): 'held' | 'confirmed' =>
  activity.assurance === 'email' ? 'held' : 'confirmed';

/** Only a confirmed or held seat, or a waitlist place, can be cancelled. */
export const isActive = (status: string): status is 'confirmed' | 'waitlisted' | 'held' =>
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
