import { z } from 'zod';
import { pageQuery, pageSchema } from '../../shared/domain/page';
import { defineRoute } from '../../shared/http/route';
import { surveyExports } from './export';
import { surveyParams } from './schemas';

const surveyExport = surveyExports();

const responseRecord = z.object({
  responseId: z.string(),
  surveyId: z.string(),
  version: z.number().int(),
  submittedAt: z.string(),
  answers: z.record(z.string(), z.unknown()).describe('Answers by question id, as validated on submission.'),
  respondent: z
    .object({
      neighbourhood: z.string().optional(),
      ageBand: z.string().optional(),
      language: z.string().optional(),
    })
    .optional()
    .describe('The profile the respondent consented to share.'),
});

const responsesQuery = z.object({
  version: z.coerce.number().int().positive().optional().describe('Only responses to this version.'),
  ...pageQuery,
});

/**
 * Routes served by the streaming `survey-exports` function: API Gateway streams its answers, so a
 * CSV of every response leaves as it is read instead of being held in memory.
 */
export const surveyExportRoutes = [
  defineRoute({
    operationId: 'listSurveyResponses',
    method: 'GET',
    path: '/surveys/{surveyId}/responses',
    summary: 'Raw responses: JSON pages, or every response as CSV',
    description:
      "JSON: a page of responses, oldest first (with `version`, a page may hold fewer than `limit`; follow `nextCursor`). With `Accept: text/csv`: every response (of `version`, when given) as one CSV download — UTF-8 with BOM, CRLF, RFC 4180 quoting; columns `response_id`, `submitted_at`, `version`, `neighbourhood`, `age_band`, `language`, then one per question id; multiple choices and rankings joined with `; ` in order; points as `lat lon`. Free text that a spreadsheet would run as a formula is prefixed with `'`. `cursor` and `limit` do not apply to CSV.",
    tag: 'surveys',
    auth: { roles: ['analyst', 'coordinator'] },
    request: { params: surveyParams, query: responsesQuery },
    response: { status: 200, description: 'A page of responses.', schema: pageSchema(responseRecord) },
    errors: [404],
    handler: ({ params, query }) => surveyExport.responsePage(params.surveyId, query),
    streamed: {
      contentType: 'text/csv; charset=utf-8',
      description: 'Every response, one row each.',
      filename: ({ params, query }) =>
        `survey-${params.surveyId}${query.version === undefined ? '' : `-v${query.version}`}-responses.csv`,
      open: ({ params, query }) => surveyExport.responsesCsv(params.surveyId, query.version),
    },
  }),
];
