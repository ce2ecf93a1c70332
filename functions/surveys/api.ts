import { ConsentWithdrawn } from '../../events/privacy';
import { pageSchema } from '../../shared/domain/page';
import { confirmationRoutes } from '../../shared/http/confirmation-routes';
import { defineRoute } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import type { ContextDeclaration } from '../context';
import { need, needInput, needListQuery } from './needs-schemas';
import {
  publicSurvey,
  publicSurveyQuery,
  responseConfirmationParams,
  responseInput,
  responseRecord,
  responsesQuery,
  resultsQuery,
  staffSurvey,
  surveyInput,
  surveyParams,
  surveyResponse,
  surveyResults,
  surveysPersonalData,
  surveyUpdate,
} from './schemas';

const tag = 'surveys';
const coordinator = staffAccess.manage;

/** The route contracts of the `surveys` function; what each does is bound in `handler.ts`. */
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
  }),
  defineRoute({
    operationId: 'submitSurveyResponse',
    method: 'POST',
    path: '/surveys/{surveyId}/responses',
    summary: 'Answer the published version of a survey',
    description:
      'Every answer is checked against that version’s questions and skip logic; each problem names its question (`body.answers.<id>`). Plain HTML forms post `answers.<id>=…`. Drafts and closed surveys answer 409. Counted as the survey’s `assurance` says. Under `open` (the default) the response is stored and counts at once: 201 with the response. Under `email` the body must carry `email` (422 naming `body.email` otherwise; nothing stored, nothing mailed) and the answer is **202** `check-your-email` (JSON), the check-your-email page or 303 to `_redirect` (forms), byte for byte the same whatever the address’s history: a new response waits for its emailed link to be confirmed (`POST /surveys/{surveyId}/responses/{responseId}/confirmation`), a repeated one while pending replaces it (only the latest link works), and an address whose response already counts is told so by mail. One response per person (canonical address); the address is never stored.',
    tag,
    auth: 'public',
    acceptsForm: true,
    request: { params: surveyParams, body: responseInput },
    response: {
      status: 201,
      description: 'Under `open`: the response was stored and counts.',
      schema: surveyResponse,
      awaitsConfirmation: true,
    },
    errors: [404, 409],
  }),
  ...confirmationRoutes({
    operationNoun: 'SurveyResponse',
    aNoun: 'a survey response',
    path: '/surveys/{surveyId}/responses/{responseId}',
    params: responseConfirmationParams,
    tag,
    effect:
      'The response counts (in results, exports, needs’ evidence and the impact ledger), in one transaction with the `SurveyResponseSubmitted` event, if its link has not lapsed (24 hours), is the latest one sent to that address, and the survey is still published; a superseded link is 409 `confirmation-superseded`, a closed survey 409 `survey-not-open`.',
  }),
  defineRoute({
    operationId: 'getSurveyResults',
    method: 'GET',
    path: '/surveys/{surveyId}/results',
    summary: 'Per-question aggregates of a survey version',
    description:
      'Counted responses per channel (`channels`: web, paper…), counts and shares per option, Likert mean/median/distribution, number min/max/mean/median, ranking average positions and Borda scores, text answer counts, completion rate. Computed by one query of the survey’s own partition. Only counted responses (under `email` assurance: confirmed ones); `awaitingConfirmation` says how many wait for their emailed link. Small numbers stay private: for anyone but an admin, `?neighbourhood=` with fewer respondents than the minimum cell size (deploy config `privacy.minimumCellSize`, 5) answers `suppressed: true` with no figures, as does the next-smallest neighbourhood when only one is that small; counts by neighbourhood below it are null. Admins see them, flagged `belowMinimum`; `suppression` says what was withheld or flagged.',
    tag,
    auth: staffAccess.read,
    request: { params: surveyParams, query: resultsQuery },
    response: { status: 200, description: 'The aggregates.', schema: surveyResults },
    errors: [404],
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
    request: { query: needListQuery },
    response: { status: 200, description: 'A page of needs, highest score first.', schema: pageSchema(need) },
  }),
];

/**
 * The route contracts of the streaming `survey-exports` function (bound in `export-handler.ts`):
 * API Gateway streams its answers, so a CSV of every response leaves as it is read instead of
 * being held in memory.
 */
export const surveyExportRoutes = [
  defineRoute({
    operationId: 'listSurveyResponses',
    method: 'GET',
    path: '/surveys/{surveyId}/responses',
    summary: 'Raw responses: JSON pages, or every response as CSV',
    description:
      "Counted responses only (under `email` assurance: confirmed ones). JSON: a page of responses, oldest first (with `version`, a page may hold fewer than `limit`; follow `nextCursor`). With `Accept: text/csv`: every response (of `version`, when given) as one CSV download — UTF-8 with BOM, CRLF, RFC 4180 quoting; columns `response_id`, `submitted_at`, `version`, `channel` (`web`, `paper`…), `neighbourhood`, `age_band`, `language`, then one per question id; multiple choices and rankings joined with `; ` in order; points as `lat lon`. Free text that a spreadsheet would run as a formula is prefixed with `'`. `cursor` and `limit` do not apply to CSV.",
    tag,
    auth: staffAccess.read,
    request: { params: surveyParams, query: responsesQuery },
    response: { status: 200, description: 'A page of responses.', schema: pageSchema(responseRecord) },
    errors: [404],
    streamed: {
      contentType: 'text/csv; charset=utf-8',
      description: 'Every response, one row each.',
    },
  }),
];

/**
 * Surveys and needs assessment: the `surveys` function (authoring, responses, results, needs),
 * the streaming `survey-exports` function (raw responses, CSV), and the `need-evidence` consumer
 * that keeps needs' evidence tallies current and applies withdrawn consents to share demographics.
 */
export const surveys: ContextDeclaration = {
  name: 'surveys',
  personalData: surveysPersonalData,
  http: [
    {
      name: 'surveys',
      entry: 'functions/surveys/handler.ts',
      routes: surveyRoutes,
      tableAccess: 'readWrite',
      publishedFrom: { participation: 'read' },
      hashesParticipants: true,
      reservedConcurrency: 50,
      // Response confirmation links (surveys under `email` assurance) are mailed while the request runs.
      mails: true,
    },
    {
      name: 'survey-exports',
      entry: 'functions/surveys/export-handler.ts',
      routes: surveyExportRoutes,
      tableAccess: 'read',
      responseTransfer: 'stream',
    },
  ],
  consumers: [
    {
      name: 'need-evidence',
      entry: 'functions/surveys/need-evidence-consumer.ts',
      // Also applies withdrawn consents to share demographics to the person's responses: one
      // function rather than a consumer of its own, since each costs about ten CloudFormation
      // resources and the stack is close to CloudFormation's 500. A withdrawal of another purpose
      // is ignored (a pattern's `detail` filter would apply to the other events too).
      eventPattern: {
        source: ['civic.surveys', 'civic.needs', ConsentWithdrawn.source],
        'detail-type': ['SurveyResponseSubmitted', 'NeedDefined', ConsentWithdrawn.detailType],
      },
      tableAccess: 'readWrite',
    },
  ],
};
