import { z } from 'zod';
import { defineEvent, eventBase } from './define-event';

/** Staff named a need; its evidence questions are counted from now on (and backfilled). */
export const NeedDefined = defineEvent({
  source: 'civic.needs',
  detailType: 'NeedDefined',
  detail: z.object({
    ...eventBase,
    needId: z.string(),
    initiativeId: z.string(),
    evidenceSurveyIds: z.array(z.string()),
  }),
});
