import {
  checkYourEmailPage,
  confirmationViewPage,
  confirmedPage,
} from '../../shared/http/confirmation-routes';
import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { engagementInitiative } from '../participation/published';
import { meetingsRoutes } from './api';
import { dynamoMeetingsStore } from './dynamo-store';
import { registrationAnswerPage, registrationPage } from './pages';
import { meetingsService } from './service';

const service = meetingsService(dynamoMeetingsStore, () => new Date(), {
  engagementInitiative,
  // Resolved at the first mail, so importing this module needs no mail configuration.
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
});

/** Meetings, registrations, accommodations, attendance and records. */
export const handler = createHttpHandler(
  bindRoutes(meetingsRoutes, {
    scheduleMeeting: ({ params, body }) => service.scheduleMeeting(params.engagementId, body),
    listMeetings: ({ query }) => service.listMeetings(query),
    meetingsCalendar: ({ query }) => service.calendarFeed(query),
    getMeeting: ({ params }) => service.getMeeting(params.meetingId),
    registerForMeeting: {
      handler: ({ params, body }) => service.register(params.meetingId, body),
      page: (answer, input, language) =>
        answer.status === 'check-your-email'
          ? checkYourEmailPage(answer, input, language)
          : registrationAnswerPage(answer, language),
    },
    viewRegistrationConfirmation: {
      handler: ({ params, query }) => service.viewConfirmation(params.registrationId, query.token),
      page: confirmationViewPage,
    },
    confirmRegistration: {
      handler: ({ params, body }) => service.confirm(params.registrationId, body.token),
      page: confirmedPage,
    },
    getRegistration: {
      handler: ({ params, query, headers }) =>
        service.viewRegistration(params.registrationId, query.token ?? headers['x-cancel-token']),
      page: (view, { query }, language) => registrationPage(view, query.token, language),
    },
    cancelRegistration: ({ params, headers, principal }) =>
      service.cancel(params.registrationId, headers['x-cancel-token'], principal),
    cancelRegistrationFromPage: ({ params, body }) =>
      service.cancel(params.registrationId, body.token, { kind: 'anonymous' }),
    getMeetingAccommodations: ({ params }) => service.accommodations(params.meetingId),
    answerAccommodationRequest: ({ params, body }) =>
      service.answerAccommodation(params.registrationId, body),
    checkInToMeeting: ({ params, body }) => service.checkIn(params.registrationId, body?.at),
    publishMeetingRecord: ({ params, body }) => service.publishRecord(params.meetingId, body),
  }),
);
