import { z } from 'zod';
import { InvalidFieldError } from '../../shared/domain/errors';
import { idSchema } from '../../shared/domain/ids';
import { pageQuery, pageSchema } from '../../shared/domain/page';
import { defineRoute } from '../../shared/http/route';
import { defineNeed, need, needInput, rankedNeeds } from './needs';
import {
  publicSurvey,
  publicSurveyQuery,
  responseInput,
  resultsQuery,
  staffSurvey,
  surveyInput,
  surveyParams,
  surveyResponse,
  surveyResults,
  surveyUpdate,
} from './schemas';
import { surveyService } from './service';

const service = surveyService();
const tag = 'surveys';
const coordinator = { roles: ['coordinator'] } as const;

export const surveyRoutes = [
  defineRoute({
    operationId: 'createSurvey',
    method: 'POST',
    path: '/surveys',
    summary: 'Create a survey (a draft, version 1)',
    tag,
    auth: coordinator,
    request: { body: surveyInput },
    response: { status: 201, description: 'The draft survey with its questions.', schema: staffSurvey },
    handler: ({ body }) => service.createSurvey(body),
  }),
  defineRoute({
    operationId: 'updateSurvey',
    method: 'PUT',
    path: '/surveys/{surveyId}',
    summary: 'Edit, publish or close a survey',
    description:
      'A draft is edited in place. Changing the questions of a published survey creates a new version; responses keep the version they answered. A closed survey cannot change (409).',
    tag,
    auth: coordinator,
    request: { params: surveyParams, body: surveyUpdate },
    response: { status: 200, description: 'The survey with its current questions.', schema: staffSurvey },
    errors: [404, 409],
    handler: ({ params, body }) => service.updateSurvey(params.surveyId, body),
  }),
  defineRoute({
    operationId: 'getSurvey',
    method: 'GET',
    path: '/surveys/{surveyId}',
    summary: 'The published version of a survey, rendered in one language',
    description: 'Language from `?lang=`, then `Accept-Language`, then the city default. Drafts are 404.',
    tag,
    auth: 'public',
    request: { params: surveyParams, query: publicSurveyQuery },
    response: { status: 200, description: 'What a form needs to render the survey.', schema: publicSurvey },
    errors: [404],
    handler: ({ params, query, headers }) =>
      service.publishedSurvey(params.surveyId, query.lang, headers['accept-language']),
  }),
  defineRoute({
    operationId: 'submitSurveyResponse',
    method: 'POST',
    path: '/surveys/{surveyId}/responses',
    summary: 'Answer the published version of a survey',
    description:
      'Every answer is checked against that version’s questions and skip logic; each problem names its question (`body.answers.<id>`). Plain HTML forms post `answers.<id>=…`. Drafts and closed surveys answer 409.',
    tag,
    auth: 'public',
    acceptsForm: true,
    request: { params: surveyParams, body: responseInput },
    response: { status: 201, description: 'The response was stored.', schema: surveyResponse },
    errors: [404, 409],
    handler: ({ params, body }) => service.submitResponse(params.surveyId, body),
  }),
  defineRoute({
    operationId: 'getSurveyResults',
    method: 'GET',
    path: '/surveys/{surveyId}/results',
    summary: 'Per-question aggregates of a survey version',
    description:
      'Counts and shares per option, Likert mean/median/distribution, number min/max/mean/median, ranking average positions and Borda scores, text answer counts, completion rate. Computed by one query of the survey’s own partition.',
    tag,
    auth: { roles: ['analyst', 'coordinator'] },
    request: { params: surveyParams, query: resultsQuery },
    response: { status: 200, description: 'The aggregates.', schema: surveyResults },
    errors: [404],
    handler: ({ params, query }) => service.results(params.surveyId, query),
  }),
  defineRoute({
    operationId: 'defineNeed',
    method: 'POST',
    path: '/needs',
    summary: 'Name a need, with the survey answers that evidence it',
    description:
      'Ranked by score = severity × share (see GET /needs). Evidence responses already given are counted shortly after.',
    tag,
    auth: coordinator,
    request: { body: needInput },
    response: { status: 201, description: 'The need and its score so far.', schema: need },
    handler: ({ body }) => defineNeed(body),
  }),
  defineRoute({
    operationId: 'listNeeds',
    method: 'GET',
    path: '/needs',
    summary: 'The needs of an initiative, ranked',
    description:
      'score = severity × share, where share is, over the evidence questions, the highest fraction of respondents who chose an evidence option among those who answered the question. Tallies update as responses arrive.',
    tag,
    auth: 'public',
    request: { query: z.object({ initiativeId: idSchema, ...pageQuery }) },
    response: { status: 200, description: 'A page of needs, highest score first.', schema: pageSchema(need) },
    handler: async ({ query }) => {
      const all = await rankedNeeds(query.initiativeId);
      const start = query.cursor ? Number.parseInt(query.cursor, 36) : 0;
      if (!Number.isInteger(start) || start < 0)
        throw new InvalidFieldError('query.cursor', 'Not a cursor this API issued.');
      const end = start + query.limit;
      return { items: all.slice(start, end), ...(end < all.length ? { nextCursor: end.toString(36) } : {}) };
    },
  }),
];
