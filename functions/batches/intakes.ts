import { meetingAttendanceBatchIntake } from '../meetings/published';
import { ideaBatchIntake } from '../participation/published';
import { petitionSignatureBatchIntake } from '../petitions/published';
import { surveyResponseBatchIntake } from '../surveys/published';
import type { BatchIntakes } from './targets';

/**
 * Where each kind of batch goes: the owning context's published intake. A new kind is one entry
 * here, one in `schemas.ts`'s `batchTarget` (and `events/batches.ts`' kinds), and the owner's
 * published intake; the types refuse a kind without its intake.
 */
export const batchIntakes: BatchIntakes = {
  'survey-responses': surveyResponseBatchIntake,
  ideas: ideaBatchIntake,
  'meeting-attendance': meetingAttendanceBatchIntake,
  'petition-signatures': petitionSignatureBatchIntake,
};
