import { z } from 'zod';
import { channelSchema, defaultChannel } from '../shared/domain/channel';
import { defineEvent, eventBase } from './define-event';

const source = 'civic.meetings';

/**
 * Meeting events name people by `participantHash` (the keyed email hash) where a count of unique
 * participants needs it; never by name, email, phone or accommodation request. Every registration
 * event carries the channel the registration came through (absent: `web`).
 */
const registration = {
  ...eventBase,
  registrationId: z.string(),
  meetingId: z.string(),
  engagementId: z.string(),
  initiativeId: z.string(),
  channel: channelSchema.default(defaultChannel),
};

/** How the seat was confirmed: `open` counted at once (address unproven), `email` once the mailed link was followed. */
const assurance = z.enum(['open', 'email']).optional();
const hold = { holdExpiresAt: z.iso.datetime({ offset: true }) };
const registrationStatuses = ['confirmed', 'waitlisted', 'held'] as const;

/** A coordinator scheduled a public meeting under an engagement. */
export const MeetingScheduled = defineEvent({
  source,
  detailType: 'MeetingScheduled',
  detail: z.object({
    ...eventBase,
    meetingId: z.string(),
    engagementId: z.string(),
    initiativeId: z.string(),
    startsAt: z.iso.datetime({ offset: true }),
    format: z.enum(['in-person', 'online', 'hybrid']),
  }),
});

/**
 * A registration's seat is confirmed: at once on an `open` meeting, when the mailed link is
 * followed on an `email` one. The counted event: the impact ledger counts it per initiative.
 */
export const MeetingRegistered = defineEvent({
  source,
  detailType: 'MeetingRegistered',
  detail: z.object({ ...registration, participantHash: z.string(), assurance }),
});

/** A seat on an `email` meeting is held until `holdExpiresAt`, awaiting the mailed confirmation. Not counted. */
export const MeetingSeatHeld = defineEvent({
  source,
  detailType: 'MeetingSeatHeld',
  detail: z.object({ ...registration, ...hold }),
});

/** The meeting was full: the person waits at `position`. Counted by the ledger on `open` meetings only. */
export const MeetingWaitlisted = defineEvent({
  source,
  detailType: 'MeetingWaitlisted',
  detail: z.object({
    ...registration,
    participantHash: z.string(),
    position: z.number().int().positive(),
    assurance,
  }),
});

/** A seat freed up and the first person waiting took it (`confirmed`), or holds it to confirm (`held`). */
export const MeetingPromoted = defineEvent({
  source,
  detailType: 'MeetingPromoted',
  detail: z.object({
    ...registration,
    status: z.enum(['confirmed', 'held']).optional(),
    holdExpiresAt: hold.holdExpiresAt.optional(),
  }),
});

/** A held seat was not confirmed in time: the registration is `expired`, the seat went on. */
export const MeetingHoldExpired = defineEvent({
  source,
  detailType: 'MeetingHoldExpired',
  detail: z.object({ ...registration, ...hold }),
});

/** A registration was cancelled, by the registrant (cancel token) or staff; a seat went to the first person waiting. */
export const MeetingRegistrationCancelled = defineEvent({
  source,
  detailType: 'MeetingRegistrationCancelled',
  detail: z.object({
    ...registration,
    previousStatus: z.enum(registrationStatuses),
    cancelledBy: z.enum(['registrant', 'staff']),
  }),
});

/**
 * A coordinator recorded that a registrant attended (check-in), or a sign-in sheet entered as a
 * batch did (a registrant, or a walk-in). The ledger counts attendance per initiative and channel.
 */
export const MeetingAttended = defineEvent({
  source,
  detailType: 'MeetingAttended',
  detail: z.object({
    ...registration,
    // A walk-in from a sign-in sheet has no registration: its attendance record names it instead.
    registrationId: z.string().optional(),
    attendanceId: z.string().optional(),
    // An anonymous walk-in (no email on the sheet) counts without a person.
    participantHash: z.string().optional(),
    attendedAt: z.iso.datetime({ offset: true }),
    /** Attendance from a staff-entered batch (a sign-in sheet): which batch and row. */
    provenance: z.object({ batchId: z.string(), rowNumber: z.number().int().positive() }).optional(),
  }),
});

/** The meeting's minutes and outcomes were published (or republished) after it ended. */
export const MeetingRecordPublished = defineEvent({
  source,
  detailType: 'MeetingRecordPublished',
  detail: z.object({
    ...eventBase,
    meetingId: z.string(),
    engagementId: z.string(),
    initiativeId: z.string(),
    outcomes: z.number().int().nonnegative().describe('How many outcomes the record lists.'),
  }),
});

/** The seat events of a registration, by the mechanism's step. */
export const meetingSeatEvents = {
  confirmed: MeetingRegistered,
  held: MeetingSeatHeld,
  expired: MeetingHoldExpired,
  waitlisted: MeetingWaitlisted,
  promoted: MeetingPromoted,
  cancelled: MeetingRegistrationCancelled,
} as const;
