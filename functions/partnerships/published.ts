import { everyPage } from '../../shared/domain/page';
import type { PeriodRange } from '../../shared/domain/period';
import type { PersonalDataHolder } from '../../shared/privacy/person';
import { initiativeExists } from '../participation/published';
import { applyPartnershipsRetention } from './dynamo-personal-data';
import { dynamoPublishedReads } from './dynamo-published-reads';
import { dynamoPartnershipStore } from './dynamo-store';
import type { AttentionReason, HistoryEntry } from './schemas';
import { partnershipService } from './service';

/**
 * What partnerships publishes to other contexts, read on partnerships' own storage: the impact
 * summary counts the partnerships active in a period, and the digest lists those needing
 * attention. Inject these into services as ports.
 */

export interface ActivePartnership {
  partnershipId: string;
  /** The initiatives it serves, sorted. */
  initiativeIds: string[];
}

export interface PartnershipNeedingAttention {
  partnershipId: string;
  name: string;
  reasons: AttentionReason[];
  endDate?: string;
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

/**
 * Partnerships that were `active` at some moment of the period, sorted by ID. A partnership's
 * status at any instant follows from its history; the candidates are those active now and those
 * whose history changed since the period began (a partnership active then and closed since has
 * such a change). So the cost follows the open partnerships and the changes since the period, not
 * the history.
 */
export async function partnershipsActiveIn(range: PeriodRange, now: Date): Promise<ActivePartnership[]> {
  const candidates = new Set(await dynamoPublishedReads.activePartnershipIds());
  for (const id of await dynamoPublishedReads.partnershipIdsChangedSince(range.start, now))
    candidates.add(id);
  const active: ActivePartnership[] = [];
  for (const partnershipId of [...candidates].sort()) {
    const { history, initiativeIds } = await dynamoPublishedReads.statusHistory(partnershipId);
    if (wasActiveDuring(history, range)) active.push({ partnershipId, initiativeIds });
  }
  return active;
}

/**
 * Every open partnership needing attention now (its end date within the renewal notice or past,
 * or no activity for the stale period), oldest first: the list `GET /partnerships?attention=true`
 * pages through.
 */
export async function partnershipsNeedingAttention(): Promise<PartnershipNeedingAttention[]> {
  const service = partnershipService(dynamoPartnershipStore, () => new Date(), { initiativeExists });
  const partnerships = await everyPage((page) => service.listPartnerships({ attention: true }, page));
  return partnerships.map((partnership) => ({
    partnershipId: partnership.partnershipId,
    name: partnership.name,
    reasons: partnership.attention ?? [],
    ...(partnership.endDate ? { endDate: partnership.endDate } : {}),
  }));
}

/**
 * Partnerships' part of a resident's export, erasure and the retention job. The only personal
 * data here is the contact person an organisation names for its work with the city: it is the
 * organisation's record, entered and corrected by staff, not a resident's own participation, so
 * a resident's request finds nothing here by person (an organisation's contact asks the city's
 * staff, who edit or remove it on the organisation). Its retention still ends: the contact goes
 * from the organisation and its list entries, and the organisation stays.
 */
export const personalDataHolder: PersonalDataHolder = {
  context: 'partnerships',
  personalDataOf: async () => [],
  erasePerson: async () => undefined,
  applyRetention: (due) => applyPartnershipsRetention(due),
};
