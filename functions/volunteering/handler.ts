import {
  checkYourEmailPage,
  confirmationViewPage,
  confirmedPage,
} from '../../shared/http/confirmation-routes';
import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { initiativeExists } from '../participation/published';
import { volunteeringRoutes } from './api';
import { claimAnswerPage, claimPage } from './claim-page';
import { dynamoVolunteeringStore } from './dynamo-store';
import { volunteeringService } from './service';

const service = volunteeringService(dynamoVolunteeringStore, () => new Date(), {
  initiativeExists,
  // Resolved at the first mail, so importing this module needs no mail configuration.
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
});

/**
 * The cancel token of a view: `?token=` (a mailed link) or the `X-Cancel-Token` header. Routes
 * that act take it from the header or the body only, never the URL.
 */
const viewToken = (query: { token?: string | undefined }, headers: Readonly<Record<string, string>>) =>
  query.token ?? headers['x-cancel-token'];
const headerToken = (headers: Readonly<Record<string, string>>) => headers['x-cancel-token'];

/** Opportunities, shifts, sign-ups, attendance, hours, training sessions and volunteer profiles. */
export const handler = createHttpHandler(
  bindRoutes(volunteeringRoutes, {
    createOpportunity: ({ body }) => service.createOpportunity(body),
    listOpportunities: ({ query }) =>
      service.listOpportunities({ initiativeId: query.initiativeId, skills: query.skills }, query),
    getOpportunity: ({ params }) => service.getOpportunity(params.opportunityId),
    createShift: ({ params, body }) => service.createShift(params.opportunityId, body),
    listShifts: ({ params, query }) => service.listShifts(params.opportunityId, query),
    getShift: ({ params }) => service.getShift(params.shiftId),
    changeShiftCapacity: ({ params, body }) => service.changeShiftCapacity(params.shiftId, body.capacity),
    signUpForShift: {
      handler: ({ params, body }) => service.signUp(params.shiftId, body),
      page: (answer, input, language) =>
        answer.status === 'check-your-email'
          ? checkYourEmailPage(answer, input, language)
          : claimAnswerPage('sign-up', answer, language),
    },
    listShiftSignups: ({ params, query }) => service.roster(params.shiftId, query.status, query),
    getSignup: {
      handler: ({ params, query, headers }) => service.viewSignup(params.signupId, viewToken(query, headers)),
      page: (view, { params, query }, language) =>
        claimPage('sign-up', params.signupId, view, query.token, language),
    },
    cancelSignup: ({ params, headers }) => service.cancelSignup(params.signupId, headerToken(headers)),
    cancelSignupFromPage: ({ params, body }) => service.cancelSignup(params.signupId, body.token),
    cancelSignupAsStaff: ({ params }) => service.cancelSignupAsStaff(params.signupId),
    viewSignupConfirmation: {
      handler: ({ params, query }) => service.viewSignupConfirmation(params.signupId, query.token),
      page: confirmationViewPage,
    },
    confirmSignup: {
      handler: ({ params, body }) => service.confirmSignup(params.signupId, body.token),
      page: confirmedPage,
    },
    checkIn: ({ params, body }) => service.checkIn(params.signupId, { at: body?.at }),
    checkOut: ({ params, body, principal }) => service.checkOut(params.signupId, { at: body?.at }, principal),
    markNoShow: ({ params }) => service.markNoShow(params.signupId),
    createTrainingSession: ({ body }) => service.createTrainingSession(body),
    listTrainingSessions: ({ query }) => service.listTrainingSessions(query),
    getTrainingSession: ({ params }) => service.getTrainingSession(params.sessionId),
    changeTrainingSessionCapacity: ({ params, body }) =>
      service.changeSessionCapacity(params.sessionId, body.capacity),
    enrolInTrainingSession: {
      handler: ({ params, body }) => service.enrol(params.sessionId, body),
      page: (answer, input, language) =>
        answer.status === 'check-your-email'
          ? checkYourEmailPage(answer, input, language)
          : claimAnswerPage('enrolment', answer, language),
    },
    getEnrolment: {
      handler: ({ params, query, headers }) =>
        service.viewEnrolment(params.enrolmentId, viewToken(query, headers)),
      page: (view, { params, query }, language) =>
        claimPage('enrolment', params.enrolmentId, view, query.token, language),
    },
    cancelEnrolment: ({ params, headers }) =>
      service.cancelEnrolment(params.enrolmentId, headerToken(headers)),
    cancelEnrolmentFromPage: ({ params, body }) => service.cancelEnrolment(params.enrolmentId, body.token),
    cancelEnrolmentAsStaff: ({ params }) => service.cancelEnrolmentAsStaff(params.enrolmentId),
    viewEnrolmentConfirmation: {
      handler: ({ params, query }) => service.viewEnrolmentConfirmation(params.enrolmentId, query.token),
      page: confirmationViewPage,
    },
    confirmEnrolment: {
      handler: ({ params, body }) => service.confirmEnrolment(params.enrolmentId, body.token),
      page: confirmedPage,
    },
    completeTraining: ({ params }) => service.completeTraining(params.enrolmentId),
    getVolunteer: ({ params }) => service.getVolunteer(params.volunteerId),
    addVolunteerHours: ({ params, body, principal }) => service.addHours(params.volunteerId, body, principal),
    verifyVolunteerHours: ({ params, principal }) =>
      service.verifyHours(params.volunteerId, params.entryId, principal),
  }),
);
