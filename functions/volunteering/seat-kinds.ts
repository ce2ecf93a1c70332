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
import type { SeatKind } from '../../shared/domain/seats/kinds';
import type { StoredClaim } from './store';

export type { SeatedKind } from '../../events/volunteering';

/** The fields naming a claim and its activity in volunteering's seat events. */
export type ClaimReference = Pick<
  StoredClaim,
  'claimId' | 'activityId' | 'initiativeId' | 'opportunityId' | 'volunteerId'
>;

/** A shift's seats: sign-ups, named by `signupId` and `shiftId` in their events. */
export const shiftSeats: SeatKind<ClaimReference> = {
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

/** A training session's seats: enrolments, named by `enrolmentId` and `sessionId`. */
export const trainingSeats: SeatKind<ClaimReference> = {
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

/**
 * What differs between a shift and a training session as far as seats go: the events each step
 * publishes and the fields naming a claim in them. The rules and the mechanism are the shared ones.
 */
export const seatKinds: Record<SeatedKind, SeatKind<ClaimReference>> = {
  shift: shiftSeats,
  training: trainingSeats,
};
