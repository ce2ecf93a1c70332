import { z } from 'zod';
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

/** The activities that hand out seats through one mechanism: shifts (sign-ups) and training sessions (enrolments). */
export type SeatedKind = 'shift' | 'training';

export const seatStatuses = ['confirmed', 'waitlisted'] as const;
export const cancelledBy = ['volunteer', 'staff'] as const;

/** A volunteer took a seat on a shift (a confirmation mail follows). */
export const VolunteerSignedUp = defineEvent({
  source,
  detailType: 'VolunteerSignedUp',
  detail: z.object({ ...shiftSignup, participantHash: z.string() }),
});

/** The shift was full: the volunteer waits at `position` (1 = next to be promoted). */
export const VolunteerWaitlisted = defineEvent({
  source,
  detailType: 'VolunteerWaitlisted',
  detail: z.object({ ...shiftSignup, participantHash: z.string(), position: z.number().int().positive() }),
});

/** A seat freed up and the first volunteer waiting took it (a confirmation mail follows). */
export const VolunteerPromoted = defineEvent({
  source,
  detailType: 'VolunteerPromoted',
  detail: z.object(shiftSignup),
});

/** A sign-up was cancelled by the volunteer (cancel token) or by staff; a confirmed one freed its seat. */
export const SignupCancelled = defineEvent({
  source,
  detailType: 'SignupCancelled',
  detail: z.object({
    ...shiftSignup,
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

/** A participant took a seat in a training session or workshop. */
export const TrainingEnrolled = defineEvent({
  source,
  detailType: 'TrainingEnrolled',
  detail: z.object({ ...trainingEnrolment, participantHash: z.string() }),
});

/** The session was full: the participant waits at `position`. */
export const TrainingWaitlisted = defineEvent({
  source,
  detailType: 'TrainingWaitlisted',
  detail: z.object({
    ...trainingEnrolment,
    participantHash: z.string(),
    position: z.number().int().positive(),
  }),
});

/** A seat freed up in a session and the first participant waiting took it. */
export const TrainingPromoted = defineEvent({
  source,
  detailType: 'TrainingPromoted',
  detail: z.object(trainingEnrolment),
});

/** An enrolment was cancelled; a confirmed one freed its seat. */
export const TrainingEnrolmentCancelled = defineEvent({
  source,
  detailType: 'TrainingEnrolmentCancelled',
  detail: z.object({
    ...trainingEnrolment,
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
