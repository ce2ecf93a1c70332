import type { EventDefinition } from '../../events/define-event';
import {
  type SeatedKind,
  SignupCancelled,
  SignupHoldExpired,
  TrainingEnrolled,
  TrainingEnrolmentCancelled,
  TrainingEnrolmentHoldExpired,
  TrainingPromoted,
  TrainingSeatHeld,
  TrainingWaitlisted,
  VolunteerPromoted,
  VolunteerSeatHeld,
  VolunteerSignedUp,
  VolunteerWaitlisted,
} from '../../events/volunteering';
import { type DomainEvent, domainEvent } from '../../shared/domain/domain-event';
import { newId } from '../../shared/domain/ids';
import type { StoredClaim } from './store';

export type { SeatedKind } from '../../events/volunteering';

type ClaimReference = Pick<
  StoredClaim,
  'claimId' | 'activityId' | 'initiativeId' | 'opportunityId' | 'volunteerId'
>;

/** A step of a seat claim that publishes an event. */
export type SeatStep = 'confirmed' | 'held' | 'expired' | 'waitlisted' | 'promoted' | 'cancelled';

/**
 * What differs between a shift and a training session as far as seats go: the events each step
 * publishes and the fields naming a claim in them. The rules (`seat-rules.ts`) and the mechanism
 * (`dynamo-seats.ts`) are the same for both.
 */
export interface SeatKind {
  kind: SeatedKind;
  events: Record<SeatStep, EventDefinition>;
  /** The event fields naming a claim and its activity. */
  reference(claim: ClaimReference): Record<string, string>;
}

export const shiftSeats: SeatKind = {
  kind: 'shift',
  events: {
    confirmed: VolunteerSignedUp,
    held: VolunteerSeatHeld,
    expired: SignupHoldExpired,
    waitlisted: VolunteerWaitlisted,
    promoted: VolunteerPromoted,
    cancelled: SignupCancelled,
  },
  reference: (claim) => ({
    signupId: claim.claimId,
    shiftId: claim.activityId,
    opportunityId: claim.opportunityId ?? '',
    initiativeId: claim.initiativeId,
    volunteerId: claim.volunteerId,
  }),
};

export const trainingSeats: SeatKind = {
  kind: 'training',
  events: {
    confirmed: TrainingEnrolled,
    held: TrainingSeatHeld,
    expired: TrainingEnrolmentHoldExpired,
    waitlisted: TrainingWaitlisted,
    promoted: TrainingPromoted,
    cancelled: TrainingEnrolmentCancelled,
  },
  reference: (claim) => ({
    enrolmentId: claim.claimId,
    sessionId: claim.activityId,
    initiativeId: claim.initiativeId,
    volunteerId: claim.volunteerId,
  }),
};

export const seatKinds: Record<SeatedKind, SeatKind> = { shift: shiftSeats, training: trainingSeats };

/** The event a step of a claim raises: the claim and its activity named as the kind names them. */
export function seatEvent(
  kind: SeatedKind,
  step: SeatStep,
  claim: ClaimReference,
  at: string,
  extra: Record<string, unknown> = {},
): DomainEvent {
  const spec = seatKinds[kind];
  return domainEvent(spec.events[step], {
    eventId: newId(),
    occurredAt: at,
    ...spec.reference(claim),
    ...extra,
  });
}
