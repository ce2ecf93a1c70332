import { z } from 'zod';
import { parseEntity } from '../../shared/db/items';
import { keys } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';

/**
 * The storage reads behind what partnerships publishes to other contexts (`published.ts`), on the
 * single table; key shapes are in `shared/db/keys.ts`.
 */

const storedPartnershipId = z.object({ partnershipId: z.string() });
const storedChange = z.object({ partnershipId: z.string(), at: z.string() });
const storedHistoryEntry = z.object({
  version: z.number(),
  at: z.string(),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
});
const storedInitiativeLink = z.object({ initiativeId: z.string() });

/** A partnership's status history (oldest version first) and the initiatives it serves. */
export interface StatusHistory {
  history: z.output<typeof storedHistoryEntry>[];
  initiativeIds: string[];
}

/** The UTC months from the one before `start` to the one holding `end`. */
function monthsFrom(start: Date, end: Date): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1));
  while (cursor <= end) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}

export const dynamoPublishedReads = {
  /** The open partnerships whose status is `active` now: one query of the open stage's gsi2 partition. */
  async activePartnershipIds(): Promise<string[]> {
    const status = keys.partnershipStatusPrefix('active');
    const items = await queryAll({
      index: 'gsi2',
      partition: keys.partnershipStagePartition('open'),
      sortKeyBetween: [status, `${status}\uffff`],
    });
    return items.map((item) => parseEntity(storedPartnershipId, item).partnershipId);
  },

  /**
   * The partnerships with a history entry at or after `since` (up to `now`): one query per month
   * bucket. History is bucketed by the month in the city's time zone; a month either side of
   * UTC's covers it.
   */
  async partnershipIdsChangedSince(since: Date, now: Date): Promise<string[]> {
    const from = since.toISOString();
    const ids: string[] = [];
    for (const month of monthsFrom(since, now)) {
      const changes = await queryAll({
        index: 'gsi1',
        partition: keys.partnershipHistoryMonthPartition(month),
      });
      for (const item of changes) {
        const change = parseEntity(storedChange, item);
        if (change.at >= from) ids.push(change.partnershipId);
      }
    }
    return ids;
  },

  /** A partnership's history and initiatives: one query of its partition. */
  async statusHistory(partnershipId: string): Promise<StatusHistory> {
    const items = await queryAll({ partition: { pk: keys.partnership(partnershipId).pk } });
    const history = items
      .filter((item) => String(item.sk).startsWith(keys.partnershipHistoryPrefix()))
      .map((item) => parseEntity(storedHistoryEntry, item))
      .sort((a, b) => a.version - b.version);
    const initiativeIds = items
      .filter((item) => item.type === 'PartnershipLink' && item.initiativeId !== undefined)
      .map((item) => parseEntity(storedInitiativeLink, item).initiativeId)
      .sort();
    return { history, initiativeIds };
  },
};
