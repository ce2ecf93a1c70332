import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { initiativeExists } from '../participation/published';
import { surveyRoutes } from './api';
import { dynamoNeedStore } from './dynamo-need-store';
import { dynamoSurveyStore } from './dynamo-store';
import { needService } from './needs';
import { surveyService } from './service';

const service = surveyService(dynamoSurveyStore, initiativeExists);
const needs = needService(dynamoNeedStore, dynamoSurveyStore, initiativeExists);

/** Surveys: authoring versioned question sets, serving them to forms, results and needs. */
export const handler = createHttpHandler(
  bindRoutes(surveyRoutes, {
    createSurvey: ({ body }) => service.createSurvey(body),
    updateSurvey: ({ params, body }) => service.updateSurvey(params.surveyId, body),
    getSurvey: ({ params, query, headers }) =>
      service.publishedSurvey(params.surveyId, query.lang, headers['accept-language']),
    submitSurveyResponse: ({ params, body }) => service.submitResponse(params.surveyId, body),
    getSurveyResults: ({ params, query }) => service.results(params.surveyId, query),
    defineNeed: ({ body }) => needs.defineNeed(body),
    listNeeds: ({ query }) => needs.rankedNeedsPage(query.initiativeId, query),
  }),
);
