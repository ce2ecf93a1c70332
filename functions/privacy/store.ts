import type { ConsentPurpose, PrivacyRequestType } from '../../events/privacy';
import type { DomainEvent } from '../../shared/domain/domain-event';
import type { Page, PageRequest } from '../../shared/domain/page';
import type { PrivacyRequestStatus } from './schemas';

/** A privacy request as stored: its course, and while it runs, whose it is. */
export interface StoredPrivacyRequest {
  requestId: string;
  requestType: PrivacyRequestType;
  purpose?: ConsentPurpose | undefined;
  status: PrivacyRequestStatus;
  /** The canonical address, to mail the result; removed when the request completes. */
  email?: string | undefined;
  /** The keyed identity the contexts know the person by; removed when the request completes. */
  participantHash?: string | undefined;
  tokenHash: string;
  /** Epoch second the emailed link lapses (decided against the clock, not by TTL deletion). */
  lapsesAt: number;
  requestedAt: string;
  confirmedAt?: string | undefined;
  completedAt?: string | undefined;
  /** An erasure's pseudonym, the same in every step and every retry; removed when it completes. */
  erasedAs?: string | undefined;
  /** The contexts an erasure has finished, in order. */
  stepsDone: string[];
}

/** An export ready for download: where its document lies, and its link's token, hashed. */
export interface StoredExport {
  requestId: string;
  objectKey: string;
  tokenHash: string;
  /** Epoch second the download link lapses (72 h after it was mailed). */
  lapsesAt: number;
  /** The kinds of record the document holds, for the CSV links. */
  entities: string[];
  createdAt: string;
}

export type ConfirmOutcome = 'confirmed' | 'already-confirmed' | 'lapsed';

/** The privacy context's storage (`dynamo-store.ts`). */
export interface PrivacyRequestStore {
  putPendingRequest(request: StoredPrivacyRequest): Promise<void>;
  getRequest(requestId: string): Promise<StoredPrivacyRequest | undefined>;
  /** Confirms a pending request before it lapses, with `event` in the same transaction. */
  confirmRequest(requestId: string, confirmedAt: Date, event: DomainEvent): Promise<ConfirmOutcome>;
  /** The erasure's pseudonym: `proposed` the first time, the stored one on every retry. */
  fixErasedAs(requestId: string, proposed: string): Promise<string>;
  /** Records that an erasure finished in `context`; a step already recorded changes nothing. */
  markStepDone(requestId: string, context: string): Promise<void>;
  putExport(record: StoredExport): Promise<void>;
  getExport(requestId: string): Promise<StoredExport | undefined>;
  /**
   * Completes a confirmed request: removes the address, keyed identity and pseudonym from it and
   * puts `event` in the outbox, and for an erasure leaves the tombstone, all in one transaction.
   * False when it was already complete (a redelivered event).
   */
  completeRequest(
    request: Pick<StoredPrivacyRequest, 'requestId'>,
    completedAt: Date,
    event: DomainEvent | undefined,
    tombstone?: { participantHash: string },
  ): Promise<boolean>;
  listRequests(page: PageRequest): Promise<Page<StoredPrivacyRequest>>;
  isErased(participantHash: string): Promise<boolean>;
  /**
   * Deletes the outbox events that name the person by any of these identifiers (the person
   * index's `OUTBOX#PERSON#<identifier>`): the stream has carried them to the bus already, and
   * otherwise they would name the person in the table for the outbox's week (forever on DynamoDB
   * Local). Idempotent.
   */
  eraseOutboxEvents(identifiers: readonly string[]): Promise<number>;
  /** Ends the retention of requests and tombstones the retention job found due. */
  applyRetention(due: readonly { pk: string; sk: string; type: string; expiresAt: number }[]): Promise<void>;
}
