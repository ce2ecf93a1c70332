import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/db/client';
import { entityOf, tableName } from '../../shared/db/items';
import { impactKeys, keys, volunteeringKeys } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import type { PeriodRange } from '../../shared/domain/period';
import { cityScope, initiativeScope } from './ledger';

/**
 * The facts a summary needs besides the ledger, each read with key conditions bounded by the
 * period (or by the people and partnerships it concerns), never by the size of the history.
 */

/**
 * When each participant was first seen in `scope` (the city or one initiative): one BatchGet per
 * 100 participants of the period.
 */
export async function firstSeen(
  participantHashes: readonly string[],
  initiativeId: string | undefined,
): Promise<Map<string, string>> {
  const scope = initiativeId ? initiativeScope(initiativeId) : cityScope;
  const found = new Map<string, string>();
  for (let start = 0; start < participantHashes.length; start += 100) {
    let pending: Record<string, unknown>[] | undefined = participantHashes
      .slice(start, start + 100)
      .map((hash): Record<string, unknown> => ({ ...impactKeys.participantFirstSeen(hash, scope) }));
    while (pending && pending.length > 0) {
      const output: BatchGetCommandOutput = await documentClient.send(
        new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending } } }),
      );
      for (const item of output.Responses?.[tableName()] ?? []) {
        found.set(String(item.pk).slice('PARTICIPANT#'.length), String(item.firstSeenAt));
      }
      pending = output.UnprocessedKeys?.[tableName()]?.Keys;
    }
  }
  return found;
}

export interface ShiftSeats {
  initiativeId: string;
  confirmed: number;
  capacity: number;
}

/** The seats of every shift that started in the period: one query per local day of the period. */
export async function shiftSeatsOfDays(days: readonly string[]): Promise<ShiftSeats[]> {
  const seats: ShiftSeats[] = [];
  for (const day of days) {
    const items = await queryAll({
      index: 'gsi2',
      partition: volunteeringKeys.seatedOnDayPartition('shift', day),
    });
    for (const item of items) {
      const shift = entityOf<{ initiativeId: string; confirmed: number; capacity: number }>(item);
      seats.push({ initiativeId: shift.initiativeId, confirmed: shift.confirmed, capacity: shift.capacity });
    }
  }
  return seats;
}

/** A partnership history entry as `functions/partnerships` stores it: one per version. */
interface HistoryEntry {
  partnershipId: string;
  version: number;
  at: string;
  changes: { field: string; from: unknown; to: unknown }[];
}

export interface ActivePartnership {
  partnershipId: string;
  initiativeIds: string[];
}

const monthsFrom = (start: Date, end: Date): string[] => {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1));
  while (cursor <= end) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
};

/**
 * Partnerships that were `active` at some moment of the period. A partnership's status at any
 * instant follows from its history; the candidates are those active now and those whose status
 * changed since the period began (a partnership active then and closed since has such a change).
 * So the cost follows the open partnerships and the changes since the period, not the history.
 */
export async function partnershipsActiveIn(range: PeriodRange, now: Date): Promise<ActivePartnership[]> {
  const candidates = new Set<string>();
  const activeNow = await queryAll({
    index: 'gsi2',
    partition: keys.partnershipStagePartition('open'),
    sortKeyBetween: ['active#', 'active#\uffff'],
  });
  for (const item of activeNow) candidates.add(String(item.partnershipId));
  // History is bucketed by the month in the city's time zone; a month either side of UTC's covers it.
  for (const month of monthsFrom(range.start, now)) {
    const changes = await queryAll({
      index: 'gsi1',
      partition: keys.partnershipHistoryMonthPartition(month),
    });
    for (const change of changes)
      if (change.at && String(change.at) >= range.start.toISOString())
        candidates.add(String(change.partnershipId));
  }

  const active: ActivePartnership[] = [];
  for (const partnershipId of [...candidates].sort()) {
    const items = await queryAll({ partition: { pk: keys.partnership(partnershipId).pk } });
    const history = items
      .filter((item) => String(item.sk).startsWith(keys.partnershipHistoryPrefix()))
      .map((item) => entityOf<HistoryEntry>(item))
      .sort((a, b) => a.version - b.version);
    if (wasActiveDuring(history, range)) {
      const initiativeIds = items
        .filter((item) => String(item.sk).startsWith('INITIATIVE#'))
        .map((item) => String(item.sk).slice('INITIATIVE#'.length))
        .sort();
      active.push({ partnershipId, initiativeIds });
    }
  }
  return active;
}

/**
 * Whether a partnership history (oldest version first) puts it in `active` at some instant of
 * `range`. Each entry that changes `status` starts a new stretch that lasts until the next such entry.
 */
export function wasActiveDuring(
  history: readonly Pick<HistoryEntry, 'at' | 'changes'>[],
  range: PeriodRange,
): boolean {
  const stretches = history.flatMap((entry) => {
    const status = entry.changes.find((change) => change.field === 'status');
    return status ? [{ from: new Date(entry.at), status: String(status.to) }] : [];
  });
  return stretches.some(
    (stretch, index) =>
      stretch.status === 'active' &&
      stretch.from < range.end &&
      (stretches[index + 1] === undefined || (stretches[index + 1] as { from: Date }).from > range.start),
  );
}
