import type { Channel } from './channel';

/**
 * The contract between the batches context (staff-entered paper, phone and event input) and a
 * context that owns what a batch holds (survey responses, ideas, meeting attendance…). The owner
 * publishes one `BatchIntake` in its `published.ts`; `functions/batches/intakes.ts` lists them by
 * kind, so a new kind of batch is one entry there plus the owner's published intake.
 *
 * Imports nothing that stores or reads: declarations and both sides load it.
 */

/** Where a committed record came from: kept on the record the owner writes. */
export interface BatchProvenance {
  batchId: string;
  rowNumber: number;
  /** The staff `sub` who keyed the row (the first keying under double entry). */
  enteredBy: string;
  /** When the paper was collected (the batch's `collectedAt`), ISO 8601. */
  collectedAt: string;
  channel: Exclude<Channel, 'web'>;
}

/**
 * What committing one row came to:
 * - `recorded`: written (or found written by an earlier run of the same commit: nothing twice);
 * - `duplicate`: this person already took part (web or an earlier batch), not counted twice;
 * - `refused`: not recorded: the person was erased at their own request, or the target no longer
 *   takes input (a closed survey);
 * - `needs-review`: whether it duplicates someone cannot be decided (no email where the target
 *   counts one per person): left for a coordinator, never silently merged.
 */
export type BatchRowOutcome = 'recorded' | 'duplicate' | 'refused' | 'needs-review';
export const batchRowOutcomes: readonly BatchRowOutcome[] = [
  'recorded',
  'duplicate',
  'refused',
  'needs-review',
];

export interface BatchRowResult {
  outcome: BatchRowOutcome;
  /** The record written (or already there), for `recorded`. */
  recordId?: string;
  /** A stable reason for the outcome, e.g. `already-responded`, `erased`, `survey-not-open`. */
  reason?: string;
}

/** A field the row's data got wrong, named as the web route names it (`title`, `answers.often`). */
export interface BatchRowError {
  path: string;
  message: string;
}

export type BatchRowValidation =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; errors: BatchRowError[] };

/**
 * One owning context's intake of batch rows, for one kind of target (`T`, e.g. `{ surveyId }`).
 * `validateRow` checks a row exactly as the web route checks a resident's post (the same body
 * schema, the same stored rules); `commitBatchRow` writes the record with the batch's channel and
 * provenance in one conditional transaction with its event, its ID derived from batch and row so a
 * re-run writes nothing twice.
 */
export interface BatchIntake<T> {
  /** Whether the target exists and takes batches; a reason when it does not (404 / 409 on declaring). */
  checkTarget(target: T): Promise<{ ok: true } | { ok: false; missing: boolean; reason: string }>;
  /**
   * Checks one row's data. `flat` rows come from CSV: dotted column names nest
   * (`participant.email`) and text is coerced as a plain HTML form's would be. `keyedHash` (where
   * rows are entered: that function holds the key) lets an intake keep a keyed hash of a field
   * its one-per-person rule compares besides the email (a petition signer's name, under the
   * household rule), since the commit that compares it holds no key.
   */
  validateRow(
    target: T,
    data: Record<string, unknown>,
    options: { flat: boolean; keyedHash?: (purpose: string, value: string) => Promise<string> },
  ): Promise<BatchRowValidation>;
  /** The row's email, if it has one: batches hash it and check erasure before committing. */
  emailOf(value: Record<string, unknown>): string | undefined;
  commitBatchRow(
    target: T,
    row: { value: Record<string, unknown>; participantHash?: string },
    provenance: BatchProvenance,
  ): Promise<BatchRowResult>;
}
