import { z } from 'zod';
import { defineEvent, eventBase } from './define-event';

const batchKinds = z
  .enum(['survey-responses', 'ideas', 'meeting-attendance', 'petition-signatures'])
  .describe('What the batch holds.');
const entryChannel = z.enum(['paper', 'phone', 'in-person', 'sms', 'kiosk', 'email']);

/** Staff declared a batch of paper, phone or event input: what it holds and how many rows. */
export const BatchDeclared = defineEvent({
  source: 'civic.batches',
  detailType: 'BatchDeclared',
  detail: z.object({
    ...eventBase,
    batchId: z.string(),
    channel: entryChannel,
    kind: batchKinds,
    declaredRows: z.number().int().positive(),
    doubleEntry: z.boolean(),
  }),
});

/**
 * A reconciled batch is to be committed, row by row, by the `batch-commit` consumer. Raised again
 * by the consumer itself when a large batch needs more than one run (it resumes where it stopped).
 */
export const BatchCommitRequested = defineEvent({
  source: 'civic.batches',
  detailType: 'BatchCommitRequested',
  detail: z.object({
    ...eventBase,
    batchId: z.string(),
  }),
});

/** Every row of a batch went through its target's intake: the counts per outcome. */
export const BatchCommitted = defineEvent({
  source: 'civic.batches',
  detailType: 'BatchCommitted',
  detail: z.object({
    ...eventBase,
    batchId: z.string(),
    channel: entryChannel,
    kind: batchKinds,
    outcomes: z.object({
      recorded: z.number().int().nonnegative(),
      duplicate: z.number().int().nonnegative(),
      refused: z.number().int().nonnegative(),
      'needs-review': z.number().int().nonnegative(),
    }),
  }),
});
