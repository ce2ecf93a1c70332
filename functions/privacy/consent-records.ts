import {
  type ConsentPurpose,
  ConsentWithdrawn,
  type consentChannels,
  consentPurposes,
} from '../../events/privacy';
import { type DomainEvent, domainEvent } from '../../shared/domain/domain-event';
import { newId } from '../../shared/domain/ids';
import { consentWordingVersion } from '../../shared/privacy/consents';
import type { Person, PersonalDataHolder, PersonalRecords, RetentionDue } from '../../shared/privacy/person';

/**
 * The consent ledger: per person (keyed identity), an append-only list of consents given and
 * withdrawn, each naming the wording the person was shown. Nothing is ever updated in place: a
 * withdrawal is a new record, so the ledger shows what the person agreed to and when, as a
 * data-protection officer must be able to. Contexts report consents as `ConsentRecorded` events
 * (the `consent-ledger` consumer); withdrawals come from the person's privacy request.
 */

export type ConsentChannel = (typeof consentChannels)[number];

export interface ConsentRecord {
  /** The `ConsentRecorded` event's id for a consent given; the request's id for a withdrawal. */
  recordId: string;
  participantHash: string;
  kind: 'given' | 'withdrawn';
  purpose: ConsentPurpose;
  /** SHA-256 of the wording shown (`shared/privacy/consents.ts`). */
  wordingVersion: string;
  channel: ConsentChannel;
  /** Where it was given or withdrawn (`participation`, `surveys`, `privacy`). */
  context: string;
  recordedAt: string;
}

/** What a person currently agrees to, purpose by purpose: the latest record of each. */
export interface CurrentConsent {
  purpose: ConsentPurpose;
  given: boolean;
  wordingVersion: string;
  context: string;
  since: string;
}

/** The ledger's storage (`dynamo-consent-ledger.ts`). */
export interface ConsentLedgerStore {
  /**
   * Appends a record, with `event` in the same transaction when there is one. False, and nothing
   * written, when the record is already there (a redelivered event, a retried request) or the
   * person was erased after it was made.
   */
  append(record: ConsentRecord, event?: DomainEvent): Promise<boolean>;
  /** The person's records in the order they were made; those past their retention are absent. */
  recordsOf(participantHash: string): Promise<ConsentRecord[]>;
  /** Deletes every record of the person, expired ones too; how many went. */
  forget(participantHash: string): Promise<number>;
  /** Deletes these records unless they changed since the retention job found them. */
  endRetention(due: readonly RetentionDue[]): Promise<void>;
}

/** The entity the ledger's items declare (`consentRecordDeclaration` in `schemas.ts`). */
export const consentRecordEntity = 'ConsentRecord';

/** The consent as a `ConsentRecorded` event reports it (its detail, already checked by the catalogue). */
export interface ConsentGiven {
  eventId: string;
  occurredAt: string;
  participantHash: string;
  purpose: ConsentPurpose;
  wordingVersion: string;
  channel: ConsentChannel;
  context: string;
}

export function consentLedger(store: ConsentLedgerStore) {
  const currentConsents = async (participantHash: string): Promise<CurrentConsent[]> => {
    const latest = new Map<ConsentPurpose, ConsentRecord>();
    for (const record of await store.recordsOf(participantHash)) latest.set(record.purpose, record);
    return consentPurposes.flatMap((purpose) => {
      const record = latest.get(purpose);
      return record
        ? [
            {
              purpose,
              given: record.kind === 'given',
              wordingVersion: record.wordingVersion,
              context: record.context,
              since: record.recordedAt,
            },
          ]
        : [];
    });
  };

  /**
   * The ledger as a `PersonalDataHolder` part of the privacy context: its records in the export,
   * deleted on erasure (the erasure tombstone, kept by the request, replaces them), deleted at
   * the end of their retention. Other items of the privacy context are not its business: it
   * ignores every due item that is not a consent record.
   */
  const holder: PersonalDataHolder = {
    context: 'privacy',
    async personalDataOf(person): Promise<PersonalRecords[]> {
      const records = await store.recordsOf(person.participantHash);
      if (records.length === 0) return [];
      return [
        {
          entity: consentRecordEntity,
          records: records.map((record) => ({
            purpose: record.purpose,
            kind: record.kind,
            wordingVersion: record.wordingVersion,
            channel: record.channel,
            context: record.context,
            recordedAt: record.recordedAt,
          })),
        },
      ];
    },
    async erasePerson(person) {
      await store.forget(person.participantHash);
    },
    async applyRetention(due) {
      const mine = due.filter((item) => item.type === consentRecordEntity);
      if (mine.length > 0) await store.endRetention(mine);
    },
  };

  return {
    /**
     * Appends a consent a context reported. Keyed by the event (its id and time), so a
     * redelivery finds the record there and writes nothing; false then, and for a consent made
     * before its person was erased (an event retried or replayed after the erasure).
     */
    recordConsent(given: ConsentGiven): Promise<boolean> {
      return store.append({
        recordId: given.eventId,
        participantHash: given.participantHash,
        kind: 'given',
        purpose: given.purpose,
        wordingVersion: given.wordingVersion,
        channel: given.channel,
        context: given.context,
        recordedAt: given.occurredAt,
      });
    },

    /**
     * Appends a withdrawal and raises `ConsentWithdrawn` in the same transaction, so every
     * context relying on the consent stops at once. `recordId` (the privacy request's id) makes a
     * retried request write nothing new: false then. Recorded even when the ledger holds no
     * consent for the purpose: consents given before the ledger existed are withdrawn too.
     */
    async withdrawConsent(
      person: Pick<Person, 'participantHash'>,
      purpose: ConsentPurpose,
      now: Date,
      options: { recordId?: string; channel?: ConsentChannel } = {},
    ): Promise<boolean> {
      const { participantHash } = person;
      const recordId = options.recordId ?? newId();
      if (options.recordId) {
        const done = await store.recordsOf(participantHash);
        if (done.some((record) => record.recordId === recordId)) return false;
      }
      const record: ConsentRecord = {
        recordId,
        participantHash,
        kind: 'withdrawn',
        purpose,
        wordingVersion: consentWordingVersion(purpose),
        channel: options.channel ?? 'web',
        context: 'privacy',
        recordedAt: now.toISOString(),
      };
      const event = domainEvent(ConsentWithdrawn, {
        eventId: newId(),
        occurredAt: record.recordedAt,
        participantHash,
        purpose,
        wordingVersion: record.wordingVersion,
        channel: record.channel,
        context: record.context,
      });
      return store.append(record, event);
    },

    /** The person's ledger, oldest first (for their export). */
    consentRecordsOf: (participantHash: string) => store.recordsOf(participantHash),

    currentConsents,

    holder,
  };
}

export type ConsentLedger = ReturnType<typeof consentLedger>;
