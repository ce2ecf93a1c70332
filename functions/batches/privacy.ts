import type { PersonalDataHolder } from '../../shared/privacy/person';
import type { BatchStore, StoredRow } from './store';

/**
 * Batches' part in residents' privacy (`shared/privacy/person.ts`). Only uncommitted rows hold a
 * person's data (committing moves it into the owner's record, which the owner's holder answers
 * for); each keying of such a row names the person by the keyed hash of the address it holds, in
 * the person index (gsi3), so export and erasure find it by one query. A row without an address
 * cannot be found by a request (which names its person by address); its retention still ends it.
 *
 * Erasure blanks the row in place rather than deleting it: the declared count still reconciles,
 * and the commit records the row as `refused` (reason `erased`), so the batch's account stays true.
 */

/** A key of the table, opaque here: the store built it and takes it back. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** One keying of one of the person's uncommitted rows, with its key. */
export interface PersonRow extends StoredRow {
  key: ItemKey;
}

/** Persistence of batches' privacy work; `dynamo-privacy-store.ts` keeps each change conditional. */
export interface BatchPrivacyStore {
  /** The person's rows (both keyings, uncommitted), by the person index. */
  rowsOf(participantHash: string): Promise<PersonRow[]>;
  /**
   * Removes the row's data, keyed identity and person-index keys and marks it `erased` (its data
   * hash gives way to a constant, so its two keyings still agree), if it still names `participantHash`.
   */
  blankRow(key: ItemKey, participantHash: string): Promise<void>;
  /** Deletes a row if it is still there and still expires at `expectedExpiresAt`. */
  deleteRow(key: ItemKey, expectedExpiresAt: number): Promise<void>;
  /** Runs `work` with reads that see items past their retention. */
  includingExpired<T>(work: () => Promise<T>): Promise<T>;
}

type Plain = string | number | boolean | null;

/** A row's data as flat columns (`data.participant.email`), lists joined, for the person's CSV. */
function flatten(value: unknown, path: string, into: Record<string, Plain>): Record<string, Plain> {
  if (Array.isArray(value) && value.every((entry) => typeof entry !== 'object' || entry === null))
    into[path] = value.join(', ');
  else if (typeof value === 'object' && value !== null)
    for (const [key, entry] of Object.entries(value)) flatten(entry, `${path}.${key}`, into);
  else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    into[path] = value;
  else into[path] = value === undefined ? null : JSON.stringify(value);
  return into;
}

export function batchesPrivacy(store: BatchPrivacyStore, batches: Pick<BatchStore, 'getBatch'>) {
  const holder: PersonalDataHolder = {
    context: 'batches',

    async personalDataOf(person) {
      const rows = (await store.rowsOf(person.participantHash))
        .filter((row) => !row.outcome && !row.erased)
        .sort((a, b) => a.key.pk.localeCompare(b.key.pk) || a.key.sk.localeCompare(b.key.sk));
      const batchOf = new Map<string, Awaited<ReturnType<BatchStore['getBatch']>>>();
      for (const batchId of new Set(rows.map((row) => row.batchId)))
        batchOf.set(batchId, await batches.getBatch(batchId));
      // What the paper said and where it came from; never the staff member's ID nor the hashes.
      const records = rows.map((row) => {
        const batch = batchOf.get(row.batchId);
        return {
          batchId: row.batchId,
          rowNumber: row.rowNumber,
          keying: row.keying,
          channel: batch?.channel ?? null,
          collectedAt: batch?.collectedAt ?? null,
          place: batch?.place ?? null,
          enteredAt: row.enteredAt,
          ...flatten(row.data ?? {}, 'data', {}),
        };
      });
      return records.length > 0 ? [{ entity: 'BatchRow', records }] : [];
    },

    async erasePerson(person) {
      await store.includingExpired(async () => {
        for (const row of await store.rowsOf(person.participantHash))
          await store.blankRow(row.key, person.participantHash);
      });
    },

    async applyRetention(due) {
      // Only uncommitted rows carry a retention (committing removes it): they go, as declared.
      for (const item of due)
        if (item.type === 'BatchRow' && item.retention === 'delete')
          await store.deleteRow(item, item.expiresAt);
    },
  };
  return { holder };
}
