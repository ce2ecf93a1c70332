import type { BatchRowOutcome, BatchRowResult } from '../../shared/domain/batch-intake';
import type { DomainEvent } from '../../shared/domain/domain-event';
import type { Page, PageRequest } from '../../shared/domain/page';
import type { Batch } from './schemas';

export type Keying = 1 | 2;

/** One keying of one row as stored: the validated data until the row is committed, then its outcome. */
export interface StoredRow {
  batchId: string;
  rowNumber: number;
  keying: Keying;
  /** The row as the target's intake validated it; removed once committed (the record holds it then). */
  data?: Record<string, unknown>;
  /** SHA-256 of the data's canonical JSON: replays and the two keyings are compared by it. */
  dataHash: string;
  /** The keyed identity of the row's email, if it has one (taken on entry, where the key is). */
  participantHash?: string;
  enteredBy: string;
  enteredAt: string;
  /**
   * The person the row named was erased at their own request before the commit: its data and
   * keyed identity are gone, and the commit records it as `refused` (the row still counts).
   */
  erased?: boolean;
  /** Set when committed. */
  outcome?: BatchRowOutcome;
  recordId?: string;
  reason?: string;
}

/** What reconciliation reads of each row: never its data. */
export type RowSummary = Pick<
  StoredRow,
  'rowNumber' | 'keying' | 'dataHash' | 'enteredBy' | 'erased' | 'outcome'
>;

/** Persistence for batches; `dynamo-store.ts` keeps a batch and its rows in one partition. */
export interface BatchStore {
  addBatch(batch: Batch, event: DomainEvent): Promise<void>;
  getBatch(batchId: string): Promise<Batch | undefined>;
  listBatches(page: PageRequest): Promise<Page<Batch>>;
  /** The rows of one keying with these numbers (absent ones left out). */
  getRows(batchId: string, keying: Keying, rowNumbers: readonly number[]): Promise<StoredRow[]>;
  /** Stores a row if the batch is still `open` and the row is new; otherwise says which. */
  addRow(row: StoredRow): Promise<'added' | 'exists' | 'not-open'>;
  /** Every row of both keyings, without data (one query of the batch's partition). */
  rowSummaries(batchId: string): Promise<RowSummary[]>;
  /** A page of first-keying rows, in row order. */
  rowPage(batchId: string, page: PageRequest): Promise<Page<StoredRow>>;
  /** `open` → `committing`, with the event asking for the commit; `not-open` when it was not open. */
  markCommitting(batchId: string, at: string, event: DomainEvent): Promise<'marked' | 'not-open'>;
  /** Up to `limit` first-keying rows not committed yet, in row order. */
  uncommittedRows(batchId: string, limit: number): Promise<StoredRow[]>;
  /** Records a row's outcome and forgets its data (and its second keying's). */
  recordOutcome(batchId: string, rowNumber: number, result: BatchRowResult, at: string): Promise<void>;
  /** Asks for another run of a large commit (the event through the outbox). */
  continueCommit(event: DomainEvent): Promise<void>;
  /** `committing` → `committed` with the counts and the event. */
  finishCommit(
    batchId: string,
    outcomes: Record<BatchRowOutcome, number>,
    at: string,
    event: DomainEvent,
  ): Promise<void>;
}
