import { z } from 'zod';
import { channelSchema, defaultChannel } from '../shared/domain/channel';
import { defineEvent, eventBase } from './define-event';

const source = 'civic.volunteering';

/**
 * Volunteering events name people by `volunteerId` (derived from the keyed email hash) and, where
 * a count of unique participants needs it, by `participantHash`; never by name, email or phone.
 */
const shiftSignup = {
  ...eventBase,
  signupId: z.string(),
  shiftId: z.string(),
  opportunityId: z.string(),
  initiativeId: z.string(),
  volunteerId: z.string(),
};

const trainingEnrolment = {
  ...eventBase,
  enrolmentId: z.string(),
  sessionId: z.string(),
  initiativeId: z.string(),
  volunteerId: z.string(),
};

/**
 * Every seat event (a claim's steps: confirmed, held, waitlisted, promoted, expired, cancelled)
 * names the channel the claim came through. Absent on events from before channels: `web`.
 */
const shiftSeat = { ...shiftSignup, channel: channelSchema.default(defaultChannel) };
const trainingSeat = { ...trainingEnrolment, channel: channelSchema.default(defaultChannel) };

/** The activities that hand out seats through one mechanism: shifts (sign-ups) and training sessions (enrolments). */
export type SeatedKind = 'shift' | 'training';

export const seatStatuses = ['confirmed', 'waitlisted', 'held'] as const;
export const cancelledBy = ['volunteer', 'staff'] as const;

/**
 * How the seat was confirmed: `open` counted at once (the address unproven), `email` once the
 * link mailed to the address was followed. Absent on events from before assurance levels: `open`.
 */
const assurance = z.enum(['open', 'email']).optional();

/** A seat held for a claim awaiting its emailed confirmation, until `holdExpiresAt`. */
const hold = { holdExpiresAt: z.iso.datetime({ offset: true }) };

/**
 * A volunteer's seat on a shift is confirmed (the issue's `SignupConfirmed`): at sign-up on an
 * `open` shift, when the emailed link is followed on an `email` one. The counted event: the impact
 * ledger counts it; a confirmation mail with the calendar invite follows.
 */
export const VolunteerSignedUp = defineEvent({
  source,
  detailType: 'VolunteerSignedUp',
  detail: z.object({ ...shiftSeat, participantHash: z.string(), assurance }),
});

/**
 * A seat on an `email` shift is held for a sign-up until `holdExpiresAt`, awaiting the emailed
 * confirmation. Not counted: the address is unproven until then.
 */
export const VolunteerSeatHeld = defineEvent({
  source,
  detailType: 'VolunteerSeatHeld',
  detail: z.object({ ...shiftSeat, ...hold }),
});

/**
 * The shift was full: the volunteer waits at `position` (1 = next to be promoted). Counted as a
 * sign-up by the ledger on `open` shifts only (on `email` ones the address is unproven).
 */
export const VolunteerWaitlisted = defineEvent({
  source,
  detailType: 'VolunteerWaitlisted',
  detail: z.object({
    ...shiftSeat,
    participantHash: z.string(),
    position: z.number().int().positive(),
    assurance,
  }),
});

/**
 * A seat freed up and the first volunteer waiting took it: `confirmed` on an `open` shift (a
 * confirmation mail follows), `held` until `holdExpiresAt` on an `email` one (a mail with a
 * confirmation link follows; unconfirmed, the seat passes on). Absent `status`: confirmed.
 */
export const VolunteerPromoted = defineEvent({
  source,
  detailType: 'VolunteerPromoted',
  detail: z.object({
    ...shiftSeat,
    status: z.enum(['confirmed', 'held']).optional(),
    holdExpiresAt: hold.holdExpiresAt.optional(),
  }),
});

/**
 * A held seat was not confirmed in time: the sign-up is `expired`, the person may sign up again,
 * and the seat went to the next claimant or the first person waiting (or is free).
 */
export const SignupHoldExpired = defineEvent({
  source,
  detailType: 'SignupHoldExpired',
  detail: z.object({ ...shiftSeat, ...hold }),
});

/** A sign-up was cancelled by the volunteer (cancel token) or by staff; a confirmed one freed its seat. */
export const SignupCancelled = defineEvent({
  source,
  detailType: 'SignupCancelled',
  detail: z.object({
    ...shiftSeat,
    previousStatus: z.enum(seatStatuses),
    cancelledBy: z.enum(cancelledBy),
  }),
});

/** A coordinator recorded the volunteer's arrival. */
export const VolunteerCheckedIn = defineEvent({
  source,
  detailType: 'VolunteerCheckedIn',
  detail: z.object({ ...shiftSignup, checkedInAt: z.iso.datetime({ offset: true }) }),
});

/** A coordinator recorded that a confirmed volunteer did not come. */
export const VolunteerNoShow = defineEvent({
  source,
  detailType: 'VolunteerNoShow',
  detail: z.object(shiftSignup),
});

/** Hours now count: a check-out (attendance) or a coordinator's verification of hours entered by hand. */
export const VolunteerHoursVerified = defineEvent({
  source,
  detailType: 'VolunteerHoursVerified',
  detail: z.object({
    ...eventBase,
    entryId: z.string(),
    volunteerId: z.string(),
    initiativeId: z.string(),
    opportunityId: z.string().optional(),
    signupId: z.string().optional(),
    source: z.enum(['attendance', 'manual']),
    minutes: z.number().int().positive(),
    startedAt: z.iso.datetime({ offset: true }),
  }),
});

/** A participant's seat in a training session or workshop is confirmed (as `VolunteerSignedUp`). */
export const TrainingEnrolled = defineEvent({
  source,
  detailType: 'TrainingEnrolled',
  detail: z.object({ ...trainingSeat, participantHash: z.string(), assurance }),
});

/** A seat in an `email` session is held for an enrolment awaiting its emailed confirmation. */
export const TrainingSeatHeld = defineEvent({
  source,
  detailType: 'TrainingSeatHeld',
  detail: z.object({ ...trainingSeat, ...hold }),
});

/** The session was full: the participant waits at `position`. */
export const TrainingWaitlisted = defineEvent({
  source,
  detailType: 'TrainingWaitlisted',
  detail: z.object({
    ...trainingSeat,
    participantHash: z.string(),
    position: z.number().int().positive(),
    assurance,
  }),
});

/** A seat freed up in a session and the first participant waiting took it (or holds it: as `VolunteerPromoted`). */
export const TrainingPromoted = defineEvent({
  source,
  detailType: 'TrainingPromoted',
  detail: z.object({
    ...trainingSeat,
    status: z.enum(['confirmed', 'held']).optional(),
    holdExpiresAt: hold.holdExpiresAt.optional(),
  }),
});

/** A held seat in a session was not confirmed in time (as `SignupHoldExpired`). */
export const TrainingEnrolmentHoldExpired = defineEvent({
  source,
  detailType: 'TrainingEnrolmentHoldExpired',
  detail: z.object({ ...trainingSeat, ...hold }),
});

/** An enrolment was cancelled; a confirmed one freed its seat. */
export const TrainingEnrolmentCancelled = defineEvent({
  source,
  detailType: 'TrainingEnrolmentCancelled',
  detail: z.object({
    ...trainingSeat,
    previousStatus: z.enum(seatStatuses),
    cancelledBy: z.enum(cancelledBy),
  }),
});

/** A participant completed a session: its skills are now on their profile (capacity building). */
export const TrainingCompleted = defineEvent({
  source,
  detailType: 'TrainingCompleted',
  detail: z.object({ ...trainingEnrolment, skills: z.array(z.string()) }),
});
