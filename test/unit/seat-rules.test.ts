import { describe, expect, it } from 'vitest';
import { VolunteerPromoted, VolunteerSignedUp } from '../../events/volunteering';
import { seatEvent } from '../../shared/domain/seats/kinds';
import {
  capacityRefusal,
  decideSeat,
  isActive,
  isLapsedHold,
  lapsedHold,
  PROMOTIONS_PER_TRANSACTION,
  promotedStatus,
  promotionsDue,
  seatsHeld,
  seatsLeft,
} from '../../shared/domain/seats/rules';

/** An activity's seat counters: 3 seats, none taken, nobody waiting, `open`. */
const seats = (fields: Partial<Parameters<typeof decideSeat>[0]> = {}) => ({
  assurance: 'open' as const,
  capacity: 3,
  taken: 0,
  holds: {} as Record<string, number>,
  waiting: 0,
  waitlistIssued: 0,
  ...fields,
});

const NOW = 1_000;

describe('the shared seat rules', () => {
  it('confirms a seat on an open activity and holds it on an email one while seats are free', () => {
    // Act
    const open = decideSeat(seats(), NOW);
    const email = decideSeat(seats({ assurance: 'email' }), NOW);

    // Assess
    expect(open).toEqual({ status: 'confirmed' });
    expect(email).toEqual({ status: 'held' });
  });

  it('waitlists a claim when every seat is taken, with the next ticket and position', () => {
    // Act
    const decision = decideSeat(seats({ taken: 3, waiting: 2, waitlistIssued: 7 }), NOW);

    // Assess
    expect(decision).toEqual({ status: 'waitlisted', ticket: 8, position: 3, seatsFreeBehindQueue: false });
  });

  it('waitlists a claim behind people already waiting even while a seat is free, and says the line must move', () => {
    // Act
    const decision = decideSeat(seats({ taken: 2, waiting: 1, waitlistIssued: 1 }), NOW);

    // Assess
    expect(decision).toMatchObject({ status: 'waitlisted', position: 2, seatsFreeBehindQueue: true });
  });

  it('takes over the earliest lapsed hold of a full activity when nobody waits', () => {
    // Prepare
    const full = seats({ assurance: 'email', taken: 3, holds: { a: NOW + 60, b: NOW - 5, c: NOW - 30 } });

    // Act
    const decision = decideSeat(full, NOW);

    // Assess
    expect(decision).toEqual({ status: 'held', reclaims: 'c' });
    expect(lapsedHold(full, NOW)).toBe('c');
    expect(lapsedHold(full, NOW - 31)).toBeUndefined();
  });

  it('passes a lapsed hold’s seat to the people waiting before deciding a new claim', () => {
    // Act
    const decision = decideSeat(seats({ taken: 3, holds: { old: NOW }, waiting: 1, waitlistIssued: 1 }), NOW);

    // Assess
    expect(decision).toEqual({ status: 'pass-lapsed-hold', claimId: 'old' });
  });

  it('tells a lapsed hold from a live one by the clock', () => {
    // Assess
    expect(isLapsedHold({ status: 'held', holdExpiresAt: NOW }, NOW)).toBe(true);
    expect(isLapsedHold({ status: 'held', holdExpiresAt: NOW + 1 }, NOW)).toBe(false);
    expect(isLapsedHold({ status: 'confirmed', holdExpiresAt: NOW - 1 }, NOW)).toBe(false);
    expect(isLapsedHold(undefined, NOW)).toBe(false);
  });

  it('promotes as many waiting people as seats are free, a batch at most', () => {
    // Assess
    expect(promotionsDue({ capacity: 5, taken: 3, waiting: 10 })).toBe(2);
    expect(promotionsDue({ capacity: 5, taken: 3, waiting: 1 })).toBe(1);
    expect(promotionsDue({ capacity: 50, taken: 0, waiting: 40 })).toBe(PROMOTIONS_PER_TRANSACTION);
    expect(promotionsDue({ capacity: 5, taken: 6, waiting: 4 })).toBe(0);
    expect(promotedStatus({ assurance: 'email' })).toBe('held');
    expect(promotedStatus({ assurance: 'open' })).toBe('confirmed');
  });

  it('refuses a capacity below the seats confirmed or held, and counts free and held seats', () => {
    // Assess
    expect(capacityRefusal({ taken: 4 }, 3)).toEqual({ outcome: 'below-confirmed', confirmed: 4 });
    expect(capacityRefusal({ taken: 4 }, 4)).toBeUndefined();
    expect(seatsLeft({ capacity: 3, taken: 5 })).toBe(0);
    expect(seatsLeft({ capacity: 5, taken: 3 })).toBe(2);
    expect(seatsHeld({ holds: { a: 1, b: 2 } })).toBe(2);
    expect(['confirmed', 'held', 'waitlisted', 'cancelled', 'expired'].filter(isActive)).toEqual([
      'confirmed',
      'held',
      'waitlisted',
    ]);
  });
});

describe('seat events', () => {
  const shift = {
    kind: 'shift',
    events: {
      confirmed: VolunteerSignedUp,
      held: VolunteerSignedUp,
      expired: VolunteerSignedUp,
      waitlisted: VolunteerSignedUp,
      promoted: VolunteerPromoted,
      cancelled: VolunteerSignedUp,
    },
    reference: (claim: { claimId: string }) => ({
      signupId: claim.claimId,
      shiftId: 's',
      opportunityId: 'o',
      initiativeId: 'i',
      volunteerId: 'v',
    }),
  };

  it('carry the channel the claim came through', () => {
    // Act
    const event = seatEvent(shift, 'confirmed', { claimId: 'c', channel: 'paper' }, '2026-12-02T10:00:00Z', {
      participantHash: 'h',
    });

    // Assess
    expect(event.detail).toMatchObject({ signupId: 'c', channel: 'paper', participantHash: 'h' });
  });

  it('read an event from before channels as `web`', () => {
    // Act
    const detail = VolunteerPromoted.detail.parse({
      eventId: 'e',
      occurredAt: '2026-12-02T10:00:00Z',
      signupId: 'c',
      shiftId: 's',
      opportunityId: 'o',
      initiativeId: 'i',
      volunteerId: 'v',
    });

    // Assess
    expect(detail.channel).toBe('web');
  });
});
