import { newId } from '../../shared/domain/ids';
import type { PersonalDataHolder } from '../../shared/privacy/person';
import type { ActivityRecord } from './projections';

/**
 * Impact's part in residents' privacy (`shared/privacy/person.ts`). The activity ledger names a
 * person only by the keyed hash of their address: on the records of what they did (found by the
 * person index, gsi3) and on the items saying when they were first seen (their own partition,
 * found by key). Stored summaries hold counts only and are never touched.
 *
 * Erasure and retention keep every count: a record's hash gives way to a pseudonym, the same for
 * all of one person's records, so unique and returning participants of any period recompiled
 * later still come out the same.
 */

/** A key of the table, opaque here: the store built it and takes it back. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** One of a person's activity records (a ledger record, `projections.ts`), with its key. */
export interface PersonActivity extends ActivityRecord {
  key: ItemKey;
}

/** When a person was first seen in one scope: the city (`city`) or one initiative. */
export interface PersonFirstSeen {
  key: ItemKey;
  scope: string;
  firstSeenAt: string;
}

/** Persistence of impact's privacy work; `dynamo-privacy-store.ts` keeps each change conditional. */
export interface ImpactPrivacyStore {
  /** The person's activity records, by the person index. */
  activityOf(participantHash: string): Promise<PersonActivity[]>;
  /** The person's first-seen items, by their partition. */
  firstSeenOf(participantHash: string): Promise<PersonFirstSeen[]>;
  /** An activity record by its key, for the retention job. */
  activityAt(key: ItemKey): Promise<PersonActivity | undefined>;
  /**
   * Puts `pseudonym` in place of the record's keyed identity (`from`, when it has one) and removes
   * its person-index keys and retention, so what stays is kept for good and names nobody. Only if
   * it still has `from` (and still expires at `expectedExpiresAt`, when given).
   */
  anonymiseActivity(
    key: ItemKey,
    from: string | undefined,
    pseudonym: string | undefined,
    expectedExpiresAt?: number,
  ): Promise<void>;
  /** Removes the shared profile (neighbourhood, age band) of a record still naming `participantHash`. */
  forgetProfile(key: ItemKey, participantHash: string): Promise<void>;
  /** Moves a first-seen item to the pseudonym's partition, keeping when it was first seen. */
  moveFirstSeen(item: PersonFirstSeen, pseudonym: string): Promise<void>;
  /** Deletes an item if it is still there and still expires at `expectedExpiresAt`. */
  deleteItem(key: ItemKey, expectedExpiresAt: number): Promise<void>;
  /** Runs `work` with reads that see items past their retention. */
  includingExpired<T>(work: () => Promise<T>): Promise<T>;
}

/** The identity an erased or anonymised person's records carry instead of their hash. */
export const erasedIdentity = (pseudonym: string) => `ERASED#${pseudonym}`;

export function impactPrivacy(store: ImpactPrivacyStore, options: { pseudonym?: () => string } = {}) {
  const { pseudonym = newId } = options;

  const holder: PersonalDataHolder = {
    context: 'impact',

    async personalDataOf(person) {
      const activity = await store.activityOf(person.participantHash);
      const firstSeen = await store.firstSeenOf(person.participantHash);
      return [
        {
          entity: 'Activity',
          records: activity
            .sort((a, b) => a.at.localeCompare(b.at))
            .map((record) => ({
              kind: record.kind,
              at: record.at,
              initiativeId: record.initiativeId ?? null,
              neighbourhood: record.neighbourhood ?? null,
              ageBand: record.ageBand ?? null,
            })),
        },
        {
          entity: 'ParticipantFirstSeen',
          records: firstSeen.map((item) => ({ scope: item.scope, firstSeenAt: item.firstSeenAt })),
        },
      ].filter((entity) => entity.records.length > 0);
    },

    async erasePerson(person, { erasedAs }) {
      const as = erasedIdentity(erasedAs);
      await store.includingExpired(async () => {
        for (const record of await store.activityOf(person.participantHash))
          await store.anonymiseActivity(record.key, person.participantHash, as);
        for (const item of await store.firstSeenOf(person.participantHash))
          await store.moveFirstSeen(item, as);
      });
    },

    async applyRetention(due) {
      await store.includingExpired(async () => {
        // One pseudonym per person per run: their records due together still count as one participant.
        const pseudonyms = new Map<string, string>();
        const pseudonymOf = (hash: string) => {
          if (!pseudonyms.has(hash)) pseudonyms.set(hash, erasedIdentity(pseudonym()));
          return pseudonyms.get(hash) as string;
        };
        // Only the entities declared here; any other item is left to the holder that keeps it.
        for (const item of due) {
          if (item.type === 'Activity' && item.retention === 'anonymise') {
            const record = await store.activityAt(item);
            if (!record) continue;
            const hash = record.participantHash;
            await store.anonymiseActivity(
              item,
              hash,
              hash === undefined ? undefined : pseudonymOf(hash),
              item.expiresAt,
            );
          } else if (item.type === 'ParticipantFirstSeen' && item.retention === 'delete') {
            await store.deleteItem(item, item.expiresAt);
          }
        }
      });
    },
  };

  return {
    holder,
    /**
     * A person withdrew their consent to share demographics: their activity records lose their
     * neighbourhood and age band, at once (stored summaries, counts without names, stay).
     */
    async withdrawDemographics(participantHash: string): Promise<number> {
      let changed = 0;
      await store.includingExpired(async () => {
        for (const record of await store.activityOf(participantHash))
          if (record.neighbourhood !== undefined || record.ageBand !== undefined) {
            await store.forgetProfile(record.key, participantHash);
            changed++;
          }
      });
      return changed;
    },
  };
}
