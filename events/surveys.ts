import { z } from 'zod';
import { storedChannel } from '../shared/domain/channel';
import { assuranceLevel } from '../shared/domain/confirmation';
import { defineEvent, eventBase } from './define-event';

/**
 * A resident's survey response counts. Only consented profile fields appear, never contact
 * details. Under `email` assurance it is raised when the emailed link is confirmed (never for a
 * pending response), so consumers (needs' evidence, the impact ledger) count confirmed responses only.
 */
export const SurveyResponseSubmitted = defineEvent({
  source: 'civic.surveys',
  detailType: 'SurveyResponseSubmitted',
  detail: z.object({
    ...eventBase,
    surveyId: z.string(),
    initiativeId: z.string(),
    responseId: z.string(),
    version: z.number().int().positive(),
    answeredQuestions: z.number().int().nonnegative(),
    complete: z
      .boolean()
      .optional()
      .describe('Every question shown to the respondent was answered (absent on events before it existed).'),
    neighbourhood: z.string().optional(),
    ageBand: z.string().optional(),
    assurance: assuranceLevel
      .optional()
      .describe(
        'How the response came to count: `open` at once, `email` on confirmation (absent on events before assurance levels).',
      ),
    channel: storedChannel.describe(
      'Where it came from; events from before channels have none (they were `web`).',
    ),
  }),
});
