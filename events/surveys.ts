import { z } from 'zod';
import { defineEvent, eventBase } from './define-event';

/** A resident answered a survey. Only consented profile fields appear, never contact details. */
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
  }),
});
