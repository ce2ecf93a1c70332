import { checkYourEmailAnswer } from '../../shared/domain/confirmation';
import { readsAsAdmin } from '../../shared/domain/small-numbers';
import {
  checkYourEmailPage,
  confirmationViewPage,
  confirmedPage,
} from '../../shared/http/confirmation-routes';
import { thankYouPage } from '../../shared/http/html';
import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import type { MessageLanguage } from '../../shared/messages';
import { initiativeExists } from '../participation/published';
import { surveyRoutes } from './api';
import { dynamoNeedStore } from './dynamo-need-store';
import { dynamoSurveyStore } from './dynamo-store';
import { needService } from './needs';
import { surveyService } from './service';

const service = surveyService(dynamoSurveyStore, initiativeExists, {
  // Resolved at the first response under `email` assurance, so importing this module needs no mail configuration.
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
});
const needs = needService(dynamoNeedStore, dynamoSurveyStore, initiativeExists);

/**
 * The page a response posted from a plain form that named no thank-you page ends on: under `open`
 * the generic thank-you page it always had, under `email` the check-your-email page.
 */
const responsePage = (answer: object, input: unknown, language: MessageLanguage) =>
  'status' in answer && answer.status === 'check-your-email'
    ? checkYourEmailPage(checkYourEmailAnswer, input, language)
    : thankYouPage(language);

/** Surveys: authoring versioned question sets, serving them to forms, responses (confirmed by email under `email` assurance), results and needs. */
export const handler = createHttpHandler(
  bindRoutes(surveyRoutes, {
    createSurvey: ({ body }) => service.createSurvey(body),
    updateSurvey: ({ params, body }) => service.updateSurvey(params.surveyId, body),
    getSurvey: ({ params, query, headers }) =>
      service.publishedSurvey(params.surveyId, query.lang, headers['accept-language']),
    submitSurveyResponse: {
      handler: ({ params, body }) => service.submitResponse(params.surveyId, body),
      page: responsePage,
    },
    viewSurveyResponseConfirmation: {
      handler: ({ params, query }) =>
        service.viewResponseConfirmation(params.surveyId, params.responseId, query.token),
      page: confirmationViewPage,
    },
    confirmSurveyResponse: {
      handler: ({ params, body }) => service.confirmResponse(params.surveyId, params.responseId, body.token),
      page: confirmedPage,
    },
    getSurveyResults: ({ params, query, principal }) =>
      service.results(params.surveyId, query, { admin: readsAsAdmin(principal) }),
    defineNeed: ({ body }) => needs.defineNeed(body),
    listNeeds: ({ query }) => needs.rankedNeedsPage(query.initiativeId, query),
  }),
);
