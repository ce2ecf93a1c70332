import type { Channel } from '../../shared/domain/channel';
import type { DomainEvent } from '../../shared/domain/domain-event';
import type { Page, PageRequest } from '../../shared/domain/page';
import type { FixedThresholds, PetitionStatus, StoredPetition, StoredSignature } from './schemas';

/**
 * What the petition use cases need from storage, in domain terms. `dynamo-store.ts` is the one
 * implementation (docs/data-model.md, patterns PE1–PE9); every state change and the events it
 * causes commit in one transaction.
 */

export type { StoredPetition, StoredSignature };

/** The counts of one petition: the sum over its counter shards. */
export interface PetitionCounts {
  total: number;
  byChannel: Partial<Record<Channel, number>>;
  /** Keyed by the city's spelling of each neighbourhood. */
  byNeighbourhood: Record<string, number>;
}

/** What a confirmation does to the petition besides counting: check it still takes signatures, or (the creator's) draft it. */
export type PetitionStep =
  | { kind: 'takes-signatures'; statuses: readonly PetitionStatus[]; now: Date }
  | { kind: 'drafted'; at: string; event: DomainEvent };

export type ConfirmOutcome =
  | 'counted'
  | 'already-confirmed'
  | 'lapsed'
  | 'superseded'
  | 'petition-not-open'
  | 'household-full';

export interface PetitionListFilter {
  status: PetitionStatus;
  initiativeId?: string | undefined;
  neighbourhood?: string | undefined;
}

export interface PetitionsStore {
  /** A new petition (`unconfirmed`) with its creator's pending signature. */
  createPetition(petition: StoredPetition, creator: StoredSignature): Promise<void>;
  getPetition(petitionId: string): Promise<StoredPetition | undefined>;
  listPetitions(filter: PetitionListFilter, page: PageRequest): Promise<Page<StoredPetition>>;
  /** Petitions in one status, oldest first (the moderation queue, the closing scan). */
  petitionsInStatus(status: PetitionStatus, page: PageRequest): Promise<Page<StoredPetition>>;

  /**
   * A signature awaiting its emailed confirmation. A newer request from the same signer replaces
   * a pending one (its link stops working); a confirmed or invalidated one stays: `already-signed`.
   */
  requestSignature(signature: StoredSignature): Promise<'pending' | 'already-signed'>;
  getSignature(signatureId: string): Promise<StoredSignature | undefined>;
  /**
   * Counts a pending signature: the signature and its signer confirmed, one random counter shard
   * (`total`, its channel, its neighbourhood) +1, the household's names +1 where the rule is on,
   * the petition checked (or drafted), and the event: one transaction.
   */
  confirmSignature(
    signature: StoredSignature,
    confirmation: {
      confirmedAt: string;
      shard: number;
      petition: PetitionStep;
      event: DomainEvent;
      /** Where the household rule is on: at most this many names per address. */
      householdMax?: number | undefined;
      /** The signature's retention runs from the petition's close (or, before publication, a stand-in). */
      retentionFrom: Date;
    },
  ): Promise<ConfirmOutcome>;

  /** The petition's counts: one consistent query over its shards. */
  counts(petitionId: string): Promise<PetitionCounts>;

  /** `gathering-sponsors` → `awaiting-moderation`; false when it had moved already. */
  submitForModeration(petitionId: string, at: string): Promise<boolean>;
  /**
   * Marks a level reached, once: the conditional update and its events commit together, so
   * however many confirmations race past the threshold one of them wins. False: already marked.
   */
  markReached(
    petitionId: string,
    level: 'response' | 'debate',
    at: string,
    responseDueAt: string | undefined,
    events: readonly DomainEvent[],
  ): Promise<boolean>;
  /** `awaiting-moderation` → `published` with thresholds and closing date fixed, and its event. */
  publish(
    petitionId: string,
    publication: { at: string; closesAt: string; thresholds: FixedThresholds; moderatedBy: string },
    event: DomainEvent,
  ): Promise<boolean>;
  /**
   * Re-times the retention of the signatures counted before publication (the creator's and
   * sponsors'), and of their signer and household items, from the closing date now known.
   */
  retainFromClose(petitionId: string, closesAt: Date): Promise<number>;
  /** `awaiting-moderation` → `rejected` with the reason. */
  reject(
    petitionId: string,
    rejection: NonNullable<StoredPetition['rejection']>,
    moderatedBy: string,
  ): Promise<boolean>;
  /**
   * Records the city's answer. The first answer commits with its event (`first`); a later PUT
   * corrects the text (`replaced`) without a second event or mailing. `not-answerable`: the
   * petition is not published or closed.
   */
  answer(
    petitionId: string,
    response: NonNullable<StoredPetition['response']>,
    event: DomainEvent,
    /** The deadline the answer meets, whose "awaiting an answer" entry it removes. */
    dueAt: string | undefined,
  ): Promise<'first' | 'replaced' | 'not-answerable'>;
  /** `published` → `closed`, with its event; false when it was not published. */
  close(petitionId: string, at: string, event: DomainEvent): Promise<boolean>;
  /** Marks the answer overdue with its event, unless it was answered or marked already. */
  markOverdue(petitionId: string, at: string, event: DomainEvent): Promise<boolean>;
  /** Claims a once-only step (`reminder`, a mailing); false when it was claimed before. */
  claimStep(petitionId: string, step: string, at: string): Promise<boolean>;
}
