import type { EventDefinition } from '../../events/define-event';
import {
  SignupCancelled,
  TrainingEnrolled,
  TrainingEnrolmentCancelled,
  TrainingPromoted,
  TrainingWaitlisted,
  VolunteerPromoted,
  VolunteerSignedUp,
  VolunteerWaitlisted,
} from '../../events/volunteering';
import type { SeatedKind } from '../../shared/db/keys';
import type { StoredClaim } from './store';

type ClaimReference = Pick<
  StoredClaim,
  'claimId' | 'activityId' | 'initiativeId' | 'opportunityId' | 'volunteerId'
>;

/**
 * What differs between a shift and a training session as far as seats go: item names and the
 * events each step publishes. Everything else about seats is `seats.ts`, once.
 */
export interface SeatKind {
  kind: SeatedKind;
  itemTypes: { activity: string; claim: string };
  events: {
    confirmed: EventDefinition;
    waitlisted: EventDefinition;
    promoted: EventDefinition;
    cancelled: EventDefinition;
  };
  /** The event fields naming a claim and its activity. */
  reference(claim: ClaimReference): Record<string, string>;
}

export const shiftSeats: SeatKind = {
  kind: 'shift',
  itemTypes: { activity: 'Shift', claim: 'Signup' },
  events: {
    confirmed: VolunteerSignedUp,
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
  itemTypes: { activity: 'TrainingSession', claim: 'Enrolment' },
  events: {
    confirmed: TrainingEnrolled,
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
