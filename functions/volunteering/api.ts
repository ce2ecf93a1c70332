import type { z } from 'zod';
import { confirmationRoutes } from '../../shared/http/confirmation-routes';
import { defineRoute } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import type { ContextDeclaration } from '../context';
import { seatMailEventPattern } from './mail-events';
import {
  attendance,
  attendanceInput,
  cancellation,
  cancelTokenBody,
  cancelTokenHeader,
  cancelTokenQuery,
  capacityInput,
  claimantInput,
  completion,
  enrolmentAnswer,
  enrolmentParams,
  enrolmentView,
  hoursEntry,
  hoursEntryParams,
  hoursInput,
  opportunity,
  opportunityInput,
  opportunityListQuery,
  opportunityPage,
  opportunityParams,
  rosterPage,
  rosterQuery,
  shift,
  shiftInput,
  shiftListQuery,
  shiftPage,
  shiftParams,
  signupAnswer,
  signupParams,
  signupView,
  trainingSession,
  trainingSessionInput,
  trainingSessionListQuery,
  trainingSessionPage,
  trainingSessionParams,
  volunteeringPersonalData,
  volunteerParams,
  volunteerProfile,
} from './schemas';

const tag = 'volunteering';
const coordinator = staffAccess.manage;

/**
 * Where each route takes the cancel token, and why: only the page an emailed link opens has it in
 * its URL (a mail link can carry it nowhere else, and that GET changes nothing); every route that
 * acts takes it in the body or a header, never the URL, so it stays out of URLs that proxies,
 * browsers and logs keep.
 */
const tokenHelp =
  'A token stays valid while it is among the sign-up’s five newest cancel links (each mail carries a new one; the open sign-up’s answer one). A wrong, retired or another sign-up’s token answers 404, as an unknown ID does.';

/**
 * The route contracts every seat claim has — a shift sign-up or a training enrolment — from one
 * description: the holder's own view (a page in a browser, with a cancel button), cancelling with
 * the token (`DELETE`, or `POST …/cancel` from that page, since HTML forms cannot send DELETE), and
 * cancelling as staff. What each does is bound in `handler.ts`.
 */
function seatClaimRoutes<N extends string, P extends z.ZodObject<z.ZodRawShape>, V extends z.ZodType>(claim: {
  noun: 'sign-up' | 'enrolment';
  /** The noun with its article, for summaries: `a sign-up`, `an enrolment`. */
  aNoun: string;
  /** In operation ids: `getSignup`, `cancelSignupFromPage`… */
  operationNoun: N;
  collection: string;
  idParam: string;
  holder: 'volunteer' | 'participant';
  params: P;
  view: V;
  viewDescription?: string;
  cancelDescription: string;
}) {
  const path = `/${claim.collection}/{${claim.idParam}}`;
  const cancelled = {
    status: 200,
    description: `The ${claim.noun} is cancelled.`,
    schema: cancellation,
  } as const;
  return [
    defineRoute({
      operationId: `get${claim.operationNoun}` as const,
      method: 'GET',
      path,
      summary: `Where ${claim.aNoun} stands (the ${claim.holder}’s own view)`,
      description: `${claim.viewDescription ? `${claim.viewDescription} ` : ''}Changes nothing (mail scanners open every link). Browsers get a page whose cancel button posts the token in the form's body to \`${path}/cancel\` (the confirmation and reminder mails link here, with the token in \`?token=\`; programs may send the \`X-Cancel-Token\` header instead). ${tokenHelp}`,
      tag,
      auth: 'public',
      request: { params: claim.params, query: cancelTokenQuery, headers: cancelTokenHeader },
      response: { status: 200, description: `The ${claim.noun}.`, schema: claim.view },
      errors: [404],
    }),
    defineRoute({
      operationId: `cancel${claim.operationNoun}` as const,
      method: 'DELETE',
      path,
      summary: `Cancel ${claim.aNoun} (the ${claim.holder}, with the cancel token)`,
      description: `${claim.cancelDescription} The token goes in the \`X-Cancel-Token\` header (never the URL); HTML forms use \`POST ${path}/cancel\`, staff \`POST ${path}/cancellation\`. Cancelling again is 409 \`not-active\`. ${tokenHelp}`,
      tag,
      auth: 'public',
      request: { params: claim.params, headers: cancelTokenHeader },
      response: cancelled,
      errors: [404, 409],
    }),
    defineRoute({
      operationId: `cancel${claim.operationNoun}FromPage` as const,
      method: 'POST',
      path: `${path}/cancel`,
      summary: `Cancel ${claim.aNoun} from its page (the ${claim.holder}, with the cancel token)`,
      description: `As \`DELETE ${path}\`, for the button on the page the mails link to (HTML forms cannot send DELETE): the token in the body, never the URL. ${tokenHelp}`,
      tag,
      auth: 'public',
      acceptsForm: true,
      request: { params: claim.params, body: cancelTokenBody },
      response: cancelled,
      errors: [404, 409],
    }),
    defineRoute({
      operationId: `cancel${claim.operationNoun}AsStaff` as const,
      method: 'POST',
      path: `${path}/cancellation`,
      summary: `Cancel ${claim.aNoun} on the ${claim.holder}’s behalf`,
      description: `As \`DELETE ${path}\`, for coordinators (no cancel token).`,
      tag,
      auth: coordinator,
      request: { params: claim.params },
      response: cancelled,
      errors: [404, 409],
    }),
  ];
}

/** What a sign-up (enrolment) route does, by the activity's assurance level. */
function claimDescription(activity: 'shift' | 'session', holder: 'volunteer' | 'participant'): string {
  return [
    `On an \`email\` ${activity} (the default) the answer is always 202 \`check-your-email\`, byte for byte the same whatever the address's history (new, holding or having this seat, waitlisted, overlapping another commitment); a plain form gets the same thank-you page (or 303 to its \`_redirect\`). What differs goes to the address by mail: a link to confirm the seat held for the ${holder} for \`SEAT_HOLD_MINUTES\` (30 by default; unconfirmed, it goes to the next claimant or the first person waiting), the waitlist position (a seat freeing later is held and mailed the same way), "you already have this", or "this overlaps your … on …".`,
    `On an \`open\` ${activity} the seat counts at once, unconfirmed: the answer (also 202) is \`confirmed\` while seats remain, otherwise \`waitlisted\` with a position (1 = next); the same person twice is 409 \`already-signed-up\`, a time overlapping one of their seats, holds or waitlist places 409 \`overlapping-commitment\`; a confirmation mail with a calendar invite and a cancel link follows.`,
  ].join(' ');
}

const claimAnswerDescription =
  '`check-your-email` on an `email` activity (the default), for every address alike; where the claimant stands on an `open` one.';

/** The route contracts; what each does is bound in `handler.ts`. */
export const volunteeringRoutes = [
  defineRoute({
    operationId: 'createOpportunity',
    method: 'POST',
    path: '/opportunities',
    summary: 'Publish a volunteer opportunity',
    tag,
    auth: coordinator,
    request: { body: opportunityInput },
    response: { status: 201, description: 'The new opportunity.', schema: opportunity },
  }),
  defineRoute({
    operationId: 'listOpportunities',
    method: 'GET',
    path: '/opportunities',
    summary: 'List volunteer opportunities, or rank them by shared skills',
    description:
      'With `skills=a,b`: the opportunities wanting at least one of those skills, the most shared skills first (ties: oldest first), each with `matchedSkills`.',
    tag,
    auth: 'public',
    request: { query: opportunityListQuery },
    response: { status: 200, description: 'A page of opportunities.', schema: opportunityPage },
  }),
  defineRoute({
    operationId: 'getOpportunity',
    method: 'GET',
    path: '/opportunities/{opportunityId}',
    summary: 'Read one volunteer opportunity',
    tag,
    auth: 'public',
    request: { params: opportunityParams },
    response: { status: 200, description: 'The opportunity.', schema: opportunity },
    errors: [404],
  }),
  defineRoute({
    operationId: 'createShift',
    method: 'POST',
    path: '/opportunities/{opportunityId}/shifts',
    summary: 'Add a shift to an opportunity',
    tag,
    auth: coordinator,
    request: { params: opportunityParams, body: shiftInput },
    response: { status: 201, description: 'The new shift.', schema: shift },
    errors: [404],
  }),
  defineRoute({
    operationId: 'listShifts',
    method: 'GET',
    path: '/opportunities/{opportunityId}/shifts',
    summary: 'List the shifts of an opportunity by start time, with seats left',
    tag,
    auth: 'public',
    request: { params: opportunityParams, query: shiftListQuery },
    response: { status: 200, description: 'A page of shifts.', schema: shiftPage },
    errors: [404],
  }),
  defineRoute({
    operationId: 'getShift',
    method: 'GET',
    path: '/shifts/{shiftId}',
    summary: 'Read one shift, with seats left',
    tag,
    auth: 'public',
    request: { params: shiftParams },
    response: { status: 200, description: 'The shift.', schema: shift },
    errors: [404],
  }),
  defineRoute({
    operationId: 'changeShiftCapacity',
    method: 'PATCH',
    path: '/shifts/{shiftId}',
    summary: 'Change a shift’s capacity',
    description:
      'Below the confirmed sign-ups is 409. Raising it promotes people from the waitlist, first come first served.',
    tag,
    auth: coordinator,
    request: { params: shiftParams, body: capacityInput },
    response: { status: 200, description: 'The shift with its new capacity.', schema: shift },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'signUpForShift',
    method: 'POST',
    path: '/shifts/{shiftId}/signups',
    summary: 'Sign up for a shift: a seat (held until confirmed by email), or a place on the waitlist',
    description: `${claimDescription('shift', 'volunteer')}`,
    tag,
    auth: 'public',
    acceptsForm: true,
    rateLimit: 'signups',
    request: { params: shiftParams, body: claimantInput },
    response: {
      status: 202,
      description: claimAnswerDescription,
      schema: signupAnswer,
      // Never kept in an idempotency record: a replay answers without them (the mail has the link).
      capabilities: ['cancelToken', 'cancelUrl'],
    },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'listShiftSignups',
    method: 'GET',
    path: '/shifts/{shiftId}/signups',
    summary: 'The roster of a shift (contact details included), by status',
    tag,
    auth: staffAccess.personalData,
    request: { params: shiftParams, query: rosterQuery },
    response: { status: 200, description: 'A page of sign-ups.', schema: rosterPage },
    errors: [404],
  }),
  ...seatClaimRoutes({
    noun: 'sign-up',
    aNoun: 'a sign-up',
    operationNoun: 'Signup',
    collection: 'signups',
    idParam: 'signupId',
    holder: 'volunteer',
    params: signupParams,
    view: signupView,
    viewDescription:
      'A waitlisted sign-up shows its position now: 1 + the people still waiting who arrived earlier.',
    cancelDescription:
      'A confirmed or held seat goes to the first person waiting (held for them to confirm, on an `email` shift), in the same transaction.',
  }),
  ...confirmationRoutes({
    operationNoun: 'Signup',
    aNoun: 'a sign-up',
    path: '/signups/{signupId}',
    params: signupParams,
    tag,
    effect:
      'The seat held for the sign-up is confirmed and counts, if the hold has not lapsed (`SEAT_HOLD_MINUTES`, 30 by default); the confirmation mail with the calendar invite and cancel link follows.',
  }),
  defineRoute({
    operationId: 'checkIn',
    method: 'POST',
    path: '/signups/{signupId}/check-in',
    summary: 'Record a volunteer’s arrival',
    tag,
    auth: coordinator,
    request: { params: signupParams, body: attendanceInput.optional() },
    response: { status: 200, description: 'The attendance so far.', schema: attendance },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'checkOut',
    method: 'POST',
    path: '/signups/{signupId}/check-out',
    summary: 'Record a volunteer’s departure; the hours count as verified',
    description:
      'Minutes = check-out − check-in as instants, so offsets and daylight-saving changes are right.',
    tag,
    auth: coordinator,
    request: { params: signupParams, body: attendanceInput.optional() },
    response: { status: 200, description: 'The attendance with its minutes.', schema: attendance },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'markNoShow',
    method: 'POST',
    path: '/signups/{signupId}/no-show',
    summary: 'Record that a confirmed volunteer did not come',
    description: 'Once the shift has started, for a confirmed sign-up without a check-in.',
    tag,
    auth: coordinator,
    request: { params: signupParams },
    response: { status: 200, description: 'The sign-up, now `no-show`.', schema: attendance },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'createTrainingSession',
    method: 'POST',
    path: '/training-sessions',
    summary: 'Schedule a training session or workshop',
    tag,
    auth: coordinator,
    request: { body: trainingSessionInput },
    response: { status: 201, description: 'The new session.', schema: trainingSession },
  }),
  defineRoute({
    operationId: 'listTrainingSessions',
    method: 'GET',
    path: '/training-sessions',
    summary: 'List training sessions by start time, with seats left',
    tag,
    auth: 'public',
    request: { query: trainingSessionListQuery },
    response: { status: 200, description: 'A page of sessions.', schema: trainingSessionPage },
  }),
  defineRoute({
    operationId: 'getTrainingSession',
    method: 'GET',
    path: '/training-sessions/{sessionId}',
    summary: 'Read one training session',
    tag,
    auth: 'public',
    request: { params: trainingSessionParams },
    response: { status: 200, description: 'The session.', schema: trainingSession },
    errors: [404],
  }),
  defineRoute({
    operationId: 'changeTrainingSessionCapacity',
    method: 'PATCH',
    path: '/training-sessions/{sessionId}',
    summary: 'Change a training session’s capacity',
    description: 'Below the confirmed enrolments is 409; raising it promotes people from the waitlist.',
    tag,
    auth: coordinator,
    request: { params: trainingSessionParams, body: capacityInput },
    response: { status: 200, description: 'The session with its new capacity.', schema: trainingSession },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'enrolInTrainingSession',
    method: 'POST',
    path: '/training-sessions/{sessionId}/enrolments',
    summary:
      'Enrol in a training session: a seat (held until confirmed by email), or a place on the waitlist',
    description: `The same seats, holds and waitlist as shift sign-ups. ${claimDescription('session', 'participant')}`,
    tag,
    auth: 'public',
    acceptsForm: true,
    rateLimit: 'signups',
    request: { params: trainingSessionParams, body: claimantInput },
    response: {
      status: 202,
      description: claimAnswerDescription,
      schema: enrolmentAnswer,
      // Never kept in an idempotency record: a replay answers without them (the mail has the link).
      capabilities: ['cancelToken', 'cancelUrl'],
    },
    errors: [404, 409],
  }),
  ...seatClaimRoutes({
    noun: 'enrolment',
    aNoun: 'an enrolment',
    operationNoun: 'Enrolment',
    collection: 'enrolments',
    idParam: 'enrolmentId',
    holder: 'participant',
    params: enrolmentParams,
    view: enrolmentView,
    cancelDescription: 'The seat goes to the first person waiting.',
  }),
  ...confirmationRoutes({
    operationNoun: 'Enrolment',
    aNoun: 'an enrolment',
    path: '/enrolments/{enrolmentId}',
    params: enrolmentParams,
    tag,
    effect:
      'The seat held for the enrolment is confirmed and counts, if the hold has not lapsed; the confirmation mail with the calendar invite follows.',
  }),
  defineRoute({
    operationId: 'completeTraining',
    method: 'POST',
    path: '/enrolments/{enrolmentId}/completion',
    summary: 'Record that a participant completed the session',
    description:
      'Adds the session’s skills to the participant’s profile and counts toward the initiative’s capacity-building figures.',
    tag,
    auth: coordinator,
    request: { params: enrolmentParams },
    response: { status: 200, description: 'The completion.', schema: completion },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'getVolunteer',
    method: 'GET',
    path: '/volunteers/{volunteerId}',
    summary: 'A volunteer’s profile: contact, skills, shifts, training and verified hours',
    tag,
    auth: staffAccess.personalData,
    request: { params: volunteerParams },
    response: { status: 200, description: 'The profile.', schema: volunteerProfile },
    errors: [404],
  }),
  defineRoute({
    operationId: 'addVolunteerHours',
    method: 'POST',
    path: '/volunteers/{volunteerId}/hours',
    summary: 'Enter hours by hand (unverified until a second coordinator verifies them)',
    tag,
    auth: coordinator,
    request: { params: volunteerParams, body: hoursInput },
    response: { status: 201, description: 'The unverified entry.', schema: hoursEntry },
    errors: [404],
  }),
  defineRoute({
    operationId: 'verifyVolunteerHours',
    method: 'POST',
    path: '/volunteers/{volunteerId}/hours/{entryId}/verification',
    summary: 'Verify hours entered by hand; they then count in the totals',
    description: 'By a coordinator other than the one who entered them (409 `self-verification`).',
    tag,
    auth: coordinator,
    request: { params: hoursEntryParams },
    response: { status: 200, description: 'The verified entry.', schema: hoursEntry },
    errors: [404, 409],
  }),
];

/**
 * Volunteering and capacity building: one HTTP function (`handler.ts`), the confirmation-mail
 * consumer, the reminder job and the seat-holds job.
 */
export const volunteering: ContextDeclaration = {
  name: 'volunteering',
  personalData: volunteeringPersonalData,
  http: [
    {
      name: 'volunteering',
      entry: 'functions/volunteering/handler.ts',
      routes: volunteeringRoutes,
      tableAccess: 'readWrite',
      publishedFrom: { participation: 'read' },
      hashesParticipants: true,
      reservedConcurrency: 50,
      // A sign-up to a full shift may wait its turn in the line for up to 25 s (functions/volunteering/dynamo-seats.ts).
      timeoutSeconds: 28,
      // Sign-ups and enrolments mail their confirmation links while the request runs.
      mails: true,
    },
  ],
  consumers: [
    {
      name: 'volunteer-mail',
      entry: 'functions/volunteering/mail-consumer.ts',
      // Confirmed seats get a confirmation with a calendar invite; promotions to a held seat a link to confirm it.
      eventPattern: seatMailEventPattern(),
      tableAccess: 'readWrite',
      mails: true,
    },
  ],
  jobs: [
    {
      name: 'shift-reminders',
      description:
        'Reminds confirmed volunteers of shifts and training sessions starting within the lead time',
      entry: 'functions/volunteering/reminder-job.ts',
      input: 'instant',
      // Writes one "reminded" mark per volunteer and shift, so overlapping runs send nothing twice.
      tableAccess: 'readWrite',
      mails: true,
      schedules: [{ cron: '0/15 * * * ? *' }],
    },
    {
      name: 'seat-holds',
      description:
        'Lapses seat holds not confirmed in time, passing each seat to the first person waiting (as a hold) or freeing it',
      entry: 'functions/volunteering/seat-holds-job.ts',
      input: 'instant',
      // Each lapse is one conditional transaction: overlapping runs and claimants lapse a hold once.
      tableAccess: 'readWrite',
      schedules: [{ cron: '0/5 * * * ? *' }],
    },
  ],
};
