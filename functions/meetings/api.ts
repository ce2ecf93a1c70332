import { z } from 'zod';
import { confirmationRoutes } from '../../shared/http/confirmation-routes';
import { defineRoute } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import type { ContextDeclaration } from '../context';
import { meetingMailEventPattern } from './mail-consumer-pattern';
import {
  accommodationAnswer,
  accommodationAnswerInput,
  accommodationSummary,
  attendance,
  calendarFeedQuery,
  cancellation,
  cancelTokenHeader,
  checkInInput,
  engagementParams,
  meeting,
  meetingInput,
  meetingListQuery,
  meetingPage,
  meetingParams,
  meetingsPersonalData,
  recordInput,
  registrationAnswer,
  registrationInput,
  registrationParams,
  registrationStatuses,
} from './schemas';

const tag = 'meetings';
const coordinator = staffAccess.manage;

const cancelTokenQuery = z.object({
  token: z
    .string()
    .min(16)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'This link is not one we sent.')
    .optional()
    .describe('The cancel token from the mail’s link; programs may send `X-Cancel-Token` instead.'),
});
const cancelTokenBody = z.object({
  token: z
    .string()
    .min(16)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'This link is not one we sent.')
    .describe('The cancel token (the page’s form carries it in a hidden field).'),
});

export const registrationView = z.object({
  registrationId: z.string(),
  meetingId: z.string(),
  status: z.enum(registrationStatuses),
  position: z.number().int().positive().optional(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
});

/** The route contracts; what each does is bound in `handler.ts`. */
export const meetingsRoutes = [
  defineRoute({
    operationId: 'scheduleMeeting',
    method: 'POST',
    path: '/engagements/{engagementId}/meetings',
    summary: 'Schedule a public meeting under an engagement',
    description:
      'In-person and hybrid meetings need a `place`, online and hybrid ones a `link`. Without `capacity` seats are unlimited (every registration is confirmed). `accessibility` lists features from the city’s `meetings.accessibilityFeatures`.',
    tag,
    auth: coordinator,
    request: { params: engagementParams, body: meetingInput },
    response: { status: 201, description: 'The new meeting.', schema: meeting },
    errors: [404],
  }),
  defineRoute({
    operationId: 'listMeetings',
    method: 'GET',
    path: '/meetings',
    summary: 'List public meetings by start time',
    description:
      'Filters: `initiativeId` or `engagementId`, a start date range (`from`, `to`: dates in UTC or instants), and an accessibility `feature` offered. A filtered page may hold fewer than `limit` items; follow `nextCursor`.',
    tag,
    auth: 'public',
    request: { query: meetingListQuery },
    response: { status: 200, description: 'A page of meetings.', schema: meetingPage },
  }),
  defineRoute({
    operationId: 'meetingsCalendar',
    method: 'GET',
    path: '/meetings.ics',
    summary: 'The upcoming public meetings as an iCalendar feed',
    description:
      'Meetings that have not ended, soonest first (at most 200), for calendar apps to subscribe to. Optionally one initiative’s.',
    tag,
    auth: 'public',
    request: { query: calendarFeedQuery },
    response: {
      status: 200,
      description: 'An iCalendar (RFC 5545) document.',
      schema: z.string(),
      text: { contentType: 'text/calendar; charset=utf-8' },
    },
  }),
  defineRoute({
    operationId: 'getMeeting',
    method: 'GET',
    path: '/meetings/{meetingId}',
    summary: 'Read one public meeting, with seats left',
    tag,
    auth: 'public',
    request: { params: meetingParams },
    response: { status: 200, description: 'The meeting.', schema: meeting },
    errors: [404],
  }),
  defineRoute({
    operationId: 'registerForMeeting',
    method: 'POST',
    path: '/meetings/{meetingId}/registrations',
    summary: 'Register for a meeting: a seat (held until confirmed by email), or a place on the waitlist',
    description:
      'With optional accommodation requests (interpreting, sign language, childcare, step-free access, other). On an `email` meeting (the default) the answer is always 202 `check-your-email`, the same whatever the address’s history; the mail carries a link to confirm the held seat, the waitlist position, or "you are already registered". On an `open` meeting the answer is `confirmed` or `waitlisted` with a position, and the same person twice is 409 `already-registered`. A confirmed place is mailed with a calendar invite.',
    tag,
    auth: 'public',
    acceptsForm: true,
    rateLimit: 'signups',
    request: { params: meetingParams, body: registrationInput },
    response: {
      status: 202,
      description:
        '`check-your-email` on an `email` meeting, for every address alike; where the registrant stands on an `open` one.',
      schema: registrationAnswer,
      capabilities: ['cancelToken'],
    },
    errors: [404, 409],
  }),
  ...confirmationRoutes({
    operationNoun: 'Registration',
    aNoun: 'a meeting registration',
    path: '/registrations/{registrationId}',
    params: registrationParams,
    tag,
    effect:
      'The seat held for the registration is confirmed and counts, if the hold has not lapsed (`SEAT_HOLD_MINUTES`); the confirmation mail with the calendar invite follows.',
  }),
  defineRoute({
    operationId: 'getRegistration',
    method: 'GET',
    path: '/registrations/{registrationId}',
    summary: 'Where a meeting registration stands (the registrant’s own view)',
    description:
      'Changes nothing. The cancel token comes in `?token=` (the mailed link) or the `X-Cancel-Token` header; a wrong one is 404.',
    tag,
    auth: 'public',
    request: { params: registrationParams, query: cancelTokenQuery, headers: cancelTokenHeader },
    response: { status: 200, description: 'The registration.', schema: registrationView },
    errors: [404],
  }),
  defineRoute({
    operationId: 'cancelRegistration',
    method: 'DELETE',
    path: '/registrations/{registrationId}',
    summary: 'Cancel a meeting registration (the registrant with the cancel token, or a coordinator)',
    description:
      'The registrant sends the token in `X-Cancel-Token`; a coordinator’s bearer token needs none. A confirmed or held seat goes to the first person waiting in the same transaction; the registrant is mailed that their place is cancelled (once, by the `meeting-mail` consumer). Cancelling again is 409 `not-active`.',
    tag,
    auth: 'optionalStaff',
    request: { params: registrationParams, headers: cancelTokenHeader },
    response: { status: 200, description: 'The registration is cancelled.', schema: cancellation },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'cancelRegistrationFromPage',
    method: 'POST',
    path: '/registrations/{registrationId}/cancel',
    summary: 'Cancel a meeting registration from its page (the token in the form’s body)',
    tag,
    auth: 'public',
    acceptsForm: true,
    request: { params: registrationParams, body: cancelTokenBody },
    response: { status: 200, description: 'The registration is cancelled.', schema: cancellation },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'getMeetingAccommodations',
    method: 'GET',
    path: '/meetings/{meetingId}/accommodations',
    summary: 'The accommodation requests of a meeting, counted per need (no names)',
    description: 'Over confirmed and waitlisted registrations, so needs can be arranged early.',
    tag,
    auth: staffAccess.personalData,
    request: { params: meetingParams },
    response: { status: 200, description: 'Counts per need.', schema: accommodationSummary },
    errors: [404],
  }),
  defineRoute({
    operationId: 'answerAccommodationRequest',
    method: 'POST',
    path: '/registrations/{registrationId}/accommodation-answer',
    summary: 'Answer a registrant’s accommodation request',
    description:
      'Recorded on the registration; mailed to the registrant when it cannot be met (a `message` is then required), or when met with a note.',
    tag,
    auth: coordinator,
    request: { params: registrationParams, body: accommodationAnswerInput },
    response: { status: 200, description: 'The answer as recorded.', schema: accommodationAnswer },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'checkInToMeeting',
    method: 'POST',
    path: '/registrations/{registrationId}/check-in',
    summary: 'Record that a confirmed registrant attended',
    description:
      'Idempotent: a second check-in answers the first’s time. Attendance counts in the impact ledger.',
    tag,
    auth: coordinator,
    request: { params: registrationParams, body: checkInInput },
    response: { status: 200, description: 'The attendance.', schema: attendance },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'publishMeetingRecord',
    method: 'PUT',
    path: '/meetings/{meetingId}/record',
    summary: 'Publish a meeting’s minutes and outcomes, after it ended',
    description: 'Before the meeting ends is 409 `not-ended`. Publishing again replaces the record.',
    tag,
    auth: coordinator,
    request: { params: meetingParams, body: recordInput },
    response: { status: 200, description: 'The meeting with its record.', schema: meeting },
    errors: [404, 409],
  }),
];

/** Public meetings: one HTTP function (`handler.ts`) and the job lapsing unconfirmed holds. */
export const meetings: ContextDeclaration = {
  name: 'meetings',
  personalData: meetingsPersonalData,
  http: [
    {
      name: 'meetings',
      entry: 'functions/meetings/handler.ts',
      routes: meetingsRoutes,
      tableAccess: 'readWrite',
      publishedFrom: { participation: 'read' },
      hashesParticipants: true,
      reservedConcurrency: 50,
      // A registration for a full meeting may wait its turn in the line for up to 25 s (the seat mechanism).
      timeoutSeconds: 28,
      // Registrations mail their confirmation links and invites while the request runs.
      mails: true,
    },
  ],
  consumers: [
    {
      name: 'meeting-mail',
      entry: 'functions/meetings/mail-consumer.ts',
      // A promotion from the waitlist: a link to confirm the held seat, or the confirmation with the invite;
      // a cancellation (by the registrant or a coordinator): the registrant is told, once.
      eventPattern: meetingMailEventPattern(),
      tableAccess: 'readWrite',
      mails: true,
    },
  ],
  jobs: [
    {
      name: 'meeting-reminders',
      description: 'Reminds confirmed registrants of meetings starting within the lead time',
      entry: 'functions/meetings/reminder-job.ts',
      input: 'instant',
      // Writes one "reminded" mark per registration, so overlapping runs send nothing twice.
      tableAccess: 'readWrite',
      mails: true,
      schedules: [{ cron: '0/15 * * * ? *' }],
    },
    {
      name: 'meeting-seat-holds',
      description:
        'Lapses meeting seat holds not confirmed in time, passing each seat to the first person waiting (as a hold) or freeing it',
      entry: 'functions/meetings/seat-holds-job.ts',
      input: 'instant',
      tableAccess: 'readWrite',
      schedules: [{ cron: '0/5 * * * ? *' }],
    },
  ],
};
