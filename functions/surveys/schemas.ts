import { z } from 'zod';
import { channelSchema, channels, publicChannelField } from '../../shared/domain/channel';
import { assuranceLevel } from '../../shared/domain/confirmation';
import { idSchema } from '../../shared/domain/ids';
import { localeTag, localizedText } from '../../shared/domain/localized-text';
import { pageQuery } from '../../shared/domain/page';
import { participantInput } from '../../shared/domain/participant';
import { cellFlags, suppressionNote } from '../../shared/domain/small-numbers';
import { oneLineText } from '../../shared/domain/text';
import { personalData } from '../../shared/privacy/personal-data';
import { question, questionBounds, slug } from './questions';

const id = idSchema;

export const surveyStatuses = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];

const maxQuestions = 100;
const questions = z.array(question).min(1).max(maxQuestions);

/** How much a response must prove before it counts; surveys stored before it read as `open`. */
const responseAssurance = assuranceLevel.describe(
  'How responses count. `open` (the default): at once, as before. `email`: the response carries an `email`, the answer is 202 `check-your-email`, and it counts (in results, exports, needs and the impact ledger) once the emailed link is confirmed; one response per person.',
);

export const surveyInput = z.object({
  initiativeId: id,
  title: localizedText(300),
  description: localizedText(4000, 'long').optional(),
  questions,
  assurance: responseAssurance.default('open'),
});

export const surveyUpdate = z.object({
  title: localizedText(300),
  description: localizedText(4000, 'long').optional(),
  questions,
  status: z
    .enum(surveyStatuses)
    .describe(
      'draft → published → closed. Changing the questions of a published survey creates a new version.',
    ),
  assurance: responseAssurance.optional().describe('Absent: unchanged.'),
});
export type SurveyUpdate = z.output<typeof surveyUpdate>;

/** The survey's own record, without its questions (those live on the version items). */
export const storedSurvey = z.object({
  surveyId: z.string(),
  initiativeId: z.string(),
  title: z.record(z.string(), z.string()),
  description: z.record(z.string(), z.string()).optional(),
  status: z.enum(surveyStatuses),
  currentVersion: z
    .number()
    .int()
    .positive()
    .describe('The newest version (the draft, or the published one).'),
  publishedVersion: z.number().int().positive().optional().describe('The version residents answer.'),
  assurance: responseAssurance.default('open'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoredSurvey = z.infer<typeof storedSurvey>;

/** What staff see: the survey and the questions of its current version, in every language. */
export const staffSurvey = storedSurvey.extend({
  questions: z.array(z.record(z.string(), z.unknown())).max(maxQuestions),
});

export const surveyParams = z.object({ surveyId: id });
export const publicSurveyQuery = z.object({
  lang: localeTag
    .optional()
    .describe('Language to render in; otherwise `Accept-Language`, then the city default.'),
});

const renderedOption = z.object({ id: z.string(), label: z.string() });

/** A published version, rendered in one language: what a form needs to draw itself. */
export const publicSurvey = z.object({
  surveyId: z.string(),
  version: z.number().int(),
  status: z.enum(['published', 'closed']),
  assurance: responseAssurance,
  language: z.string(),
  title: z.string(),
  description: z.string().optional(),
  questions: z
    .array(
      z.object({
        id: z.string(),
        type: z.string(),
        title: z.string(),
        help: z.string().optional(),
        required: z.boolean(),
        showIf: z
          .object({ questionId: z.string(), anyOf: z.array(z.string()).max(questionBounds.showIfAnswers) })
          .optional(),
        options: z.array(renderedOption).max(questionBounds.options).optional(),
        minSelections: z.number().optional(),
        maxSelections: z.number().optional(),
        points: z.number().optional(),
        labels: z.object({ low: z.string(), high: z.string() }).optional(),
        min: z.number().optional(),
        max: z.number().optional(),
        integer: z.boolean().optional(),
        long: z.boolean().optional(),
        maxLength: z.number().optional(),
        boundingBox: z.array(z.number()).length(4).optional().describe('[minLon, minLat, maxLon, maxLat]'),
        neighbourhoods: z.array(z.string()).max(questionBounds.neighbourhoods).optional(),
      }),
    )
    .max(maxQuestions),
});

// ── Responses ────────────────────────────────────────────────────────────────

export const ageBands = [
  'under-16',
  '16-24',
  '25-34',
  '35-44',
  '45-54',
  '55-64',
  '65-74',
  '75-plus',
] as const;

/**
 * What a respondent may share about themselves, with consent, for the inclusion figures: never a
 * name or contact detail.
 */
export const respondentProfile = z
  .object({
    consent: z.literal(true, 'Sharing profile details needs consent.'),
    neighbourhood: oneLineText({ max: 100 }).optional(),
    ageBand: z.enum(ageBands).optional(),
    language: localeTag.optional(),
  })
  .describe('Optional; only stored when `consent` is true.');

export const responseInput = z.object({
  answers: z
    .record(slug, z.unknown())
    .describe('Answers by question id; the survey’s published version decides what is valid.'),
  respondent: respondentProfile.optional(),
  email: participantInput.shape.email
    .optional()
    .describe(
      'Required when the survey’s `assurance` is `email`: the confirmation link goes there. Never stored; one response per canonical address. Ignored under `open`.',
    ),
  ...publicChannelField,
});

/** Under `open` assurance: the response is stored and counts. */
export const surveyResponse = z.object({
  responseId: z.string(),
  surveyId: z.string(),
  version: z.number().int(),
  submittedAt: z.string(),
});

export const responseConfirmationParams = z.object({ surveyId: id, responseId: id });

// ── Raw responses (the export) ───────────────────────────────────────────────

export const responseRecord = z.object({
  responseId: z.string(),
  surveyId: z.string(),
  version: z.number().int(),
  submittedAt: z.string(),
  channel: channelSchema,
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

export const responsesQuery = z.object({
  version: z.coerce.number().int().positive().optional().describe('Only responses to this version.'),
  ...pageQuery,
});
export type ResponsesQuery = z.output<typeof responsesQuery>;

// ── Results ──────────────────────────────────────────────────────────────────

export const resultsQuery = z.object({
  version: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('Defaults to the published (or current) version.'),
  neighbourhood: oneLineText({ max: 100 })
    .optional()
    .describe('Only respondents who shared this neighbourhood.'),
});

const optionalNumber = z.number().optional();

export const surveyResults = z.object({
  surveyId: z.string(),
  version: z.number().int(),
  neighbourhood: z.string().optional(),
  suppressed: cellFlags.suppressed.describe(
    'The `neighbourhood` has fewer respondents than the minimum cell size (or is the one that would reveal such a neighbourhood): its figures are null and `questions` empty, except for admins.',
  ),
  belowMinimum: cellFlags.belowMinimum,
  totalResponses: z
    .number()
    .int()
    .nullable()
    .describe('Counted responses: under `email`, confirmed ones only. Null when `suppressed`.'),
  awaitingConfirmation: z
    .number()
    .int()
    .describe(
      'Responses to this version whose emailed link is neither confirmed nor lapsed: not counted anywhere (whatever `neighbourhood` says).',
    ),
  completeResponses: z
    .number()
    .int()
    .nullable()
    .describe('Responses that answered every question shown to them.'),
  completionRate: z.number().nullable(),
  channels: z
    .array(z.object({ channel: channelSchema, count: z.number().int() }))
    .max(channels.length)
    .optional()
    .describe(
      'Counted responses per channel (of the neighbourhood, when one is asked for), every channel listed. Absent when `suppressed`. Treated like an answer’s counts: a shown neighbourhood already passed the minimum cell size.',
    ),
  questions: z
    .array(
      z.object({
        questionId: z.string(),
        type: z.string(),
        shown: z.number().int().describe('Responses to which skip logic showed the question.'),
        answered: z.number().int(),
        options: z
          .array(
            z.object({
              optionId: z.string(),
              count: optionalNumber,
              share: optionalNumber.describe('count ÷ answered'),
              averagePosition: optionalNumber.describe('Ranking: mean position, 1 = first.'),
              bordaScore: optionalNumber.describe(
                'Ranking: n−1 points for first place … 0 for last, summed.',
              ),
            }),
          )
          .max(questionBounds.options)
          .optional(),
        min: optionalNumber,
        max: optionalNumber,
        mean: optionalNumber,
        median: optionalNumber,
        distribution: z
          .array(z.object({ point: z.number().int(), count: z.number().int() }))
          .max(questionBounds.scalePoints)
          .optional(),
        neighbourhoods: z
          .array(z.object({ name: z.string(), count: z.number().int().nullable(), ...cellFlags }))
          .max(questionBounds.neighbourhoods)
          .optional(),
      }),
    )
    .max(maxQuestions),
  suppression: suppressionNote.optional(),
});

// ── Personal data (the record of processing: docs/privacy.md) ──────────────────

export const surveysPersonalData = [
  personalData({
    entity: 'SurveyResponse',
    fields: ['answers.*', 'respondent.neighbourhood', 'respondent.ageBand', 'respondent.language'],
    purpose:
      'To report what residents answered, by neighbourhood and age band, without knowing who they are (no address is kept). When its retention ends, free-text answers are removed; choices and the shared profile stay as anonymous counts.',
    legalBasis: 'publicTask',
    retentionDays: 1095,
    atExpiry: 'anonymise',
    // A response names nobody: what was chosen and the shared profile are the survey's results
    // and must keep counting. Only answers to `text` questions go, since a resident may have
    // written anything there (a name, a phone number); `applyRetention` tells them apart by the
    // questions of the response's version.
    survivesAnonymisation: [
      'answers.*',
      'respondent.neighbourhood',
      'respondent.ageBand',
      'respondent.language',
    ],
    readers: 'read',
  }),
  personalData({
    entity: 'SurveyResponseConfirmation',
    fields: ['answers.*', 'respondent.neighbourhood', 'respondent.ageBand', 'respondent.language'],
    identity: ['participantHash', 'gsi3pk', 'gsi3sk'],
    purpose:
      'To hold an answer under `email` assurance until its emailed link is followed; it lapses with the link (its expiry is the lapse deadline until confirmed, then this retention).',
    legalBasis: 'publicTask',
    retentionDays: 8,
    atExpiry: 'delete',
    readers: 'mail',
  }),
  personalData({
    entity: 'SurveyRespondent',
    fields: [],
    identity: ['sk', 'participantHash', 'gsi3pk', 'gsi3sk'],
    purpose:
      'To count one response per person under `email` assurance, by the keyed hash of their address. A pending one lapses with its link; a counted one is re-keyed anonymously when its retention ends.',
    legalBasis: 'publicTask',
    retentionDays: 1095,
    atExpiry: 'anonymise',
    readers: 'read',
  }),
];
