import type { SeatedKind } from '../../events/volunteering';
import { volunteeringKeys as keys } from '../../shared/db/keys';
import { eventPut } from '../../shared/db/seats/items';
import { seatMechanism } from '../../shared/db/seats/mechanism';
import { parseActivity, parseClaim, parseWaitingEntry } from './dynamo-items';
import { contactConsentEvent, personalAttributes } from './dynamo-person-keys';
import { itemTypes, readVolunteer, volunteerClaimant } from './dynamo-seat-items';
import { seatKinds } from './seat-kinds';
import type { ClaimOutcome, NewClaim, ReleaseOutcome } from './store';

/**
 * Shifts and training sessions on the shared seat-and-waitlist mechanism: volunteering's keys,
 * items and events, and the volunteer profile as the claimant's record (`dynamo-seat-items.ts`).
 * The mechanism's steps are exported as the store uses them.
 */
const seats = seatMechanism({
  kinds: ['shift', 'training'],
  keys,
  claimTypes: { shift: itemTypes.shift.claim, training: itemTypes.training.claim },
  parseActivity,
  parseClaim,
  parseWaiting: parseWaitingEntry,
  seatKinds,
  promotedReference: (activity, head) => ({
    ...activity,
    claimId: head.claimId,
    volunteerId: head.volunteerId,
  }),
  claimAttributes: (claim, item, now) => ({
    ...keys.claimOfVolunteer(claim.kind, claim.volunteerId, claim.claimId),
    ...personalAttributes(item, claim.participantHash, now),
  }),
  holderAttributes: (claim, item, now) => personalAttributes(item, claim.participantHash, now),
  waitingAttributes: (claim) => ({ volunteerId: claim.volunteerId }),
  // A claim that counts carries the person's consent to be contacted, if they gave it.
  countedEvents: (claim, at) =>
    claim.contact.consentToContact ? [contactConsentEvent(claim.participantHash, at)] : [],
  claimant: volunteerClaimant,
});

export const { readActivity, readClaim, claimStatusUpdate } = seats.items;
export { eventPut, itemTypes, readVolunteer };

export const { lapseHold, confirmHold, renewHoldToken, holdsDue, changeCapacity, waitlistPosition } = seats;

/**
 * Takes a seat or a waitlist place; the person's other seats, holds and waitlist places (their
 * profile's commitments) refuse one that overlaps in time. `volunteerSkills` go onto the profile.
 */
export const claimSeat = (
  claim: NewClaim,
  now: string,
  volunteerSkills: readonly string[],
): Promise<ClaimOutcome> => seats.claimSeat(claim, now, volunteerSkills);

/** Cancels a claim, by the volunteer (cancel token) or staff; the freed seat goes to the first person waiting. */
export const releaseSeat = (
  kind: SeatedKind,
  claimId: string,
  by: 'volunteer' | 'staff',
  at: string,
): Promise<ReleaseOutcome> => seats.releaseSeat(kind, claimId, at, { cancelledBy: by }, { cancelledBy: by });
