import { localDate } from '../../shared/domain/time-zone';
import { projections } from './projections';
import type { LedgerStore } from './store';

export type { ActivityKind, ActivityRecord } from './projections';

/**
 * The activity ledger: every domain event that an impact summary counts becomes one small record
 * per initiative it concerns, filed under the local day (in the city's time zone) it belongs to.
 * A period's summary then reads only that period's day partitions — its cost follows the period's
 * activity, never the size of the history — and re-reading them gives the same figures.
 *
 * The ledger is kept by an event consumer (`ledger-consumer.ts`), so the contexts that produce the
 * events know nothing about it. Each record is filed once, so redelivered events change nothing.
 */

/**
 * The local days from the one holding `start` up to, not including, the one holding `end`:
 * exactly the days of a period whose range runs from local midnight to local midnight.
 */
export function localDaysBetween(start: Date, end: Date, timeZone: string): string[] {
  const first = localDate(start, timeZone);
  const stop = localDate(end, timeZone);
  const days: string[] = [];
  const cursor = new Date(`${first}T00:00:00Z`);
  for (let day = first; day < stop; day = cursor.toISOString().slice(0, 10)) {
    days.push(day);
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

/** Keeping the ledger, on its store. */
export function activityLedger(store: LedgerStore) {
  return {
    /** Files an event's activity records; a record already filed (a redelivery) is left as it is. */
    async recordActivity(detailType: string, detail: unknown, timeZone: string): Promise<number> {
      const projection = projections.get(detailType);
      if (!projection) return 0;
      const eventId = (detail as { eventId?: unknown }).eventId;
      if (typeof eventId !== 'string') throw new Error(`${detailType} has no eventId`);
      const records = projection(detail).map((record) => ({ eventId, ...record }));
      let filed = 0;
      for (const [index, record] of records.entries()) {
        if (await store.fileActivity(localDate(new Date(record.at), timeZone), index, record)) filed++;
        // A participant is first seen city-wide and in the initiative (if any), whichever event comes first.
        if (record.participantHash) {
          const at = new Date(record.at).toISOString();
          const scopes = record.initiativeId === undefined ? [undefined] : [undefined, record.initiativeId];
          for (const scope of scopes) await store.keepFirstSeen(record.participantHash, scope, at);
        }
      }
      return filed;
    },
  };
}
