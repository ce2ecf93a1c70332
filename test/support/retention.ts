import { includingExpired } from '../../shared/db/retention-filter';
import type { RetentionDue } from '../../shared/privacy/person';
import { isPastRetention } from '../../shared/privacy/retention';
import { allItems } from './api';

/** One item as the `retention` job hands it to its context's holder (keys and retention only). */
export const asRetentionDue = (item: Record<string, unknown>): RetentionDue => ({
  pk: String(item.pk),
  sk: String(item.sk),
  type: String(item.type),
  expiresAt: Number(item.expiresAt),
  retention: item.retention as RetentionDue['retention'],
});

/**
 * Every item of the table past its retention at `now` that `belongs` picks (a context's own), as
 * the `retention` job would hand them over; read past the filter that hides them from everyone else.
 */
export async function itemsPastRetention(
  now: Date,
  belongs: (item: Record<string, unknown>) => boolean,
): Promise<RetentionDue[]> {
  return (await includingExpired(() => allItems()))
    .filter((item) => belongs(item) && isPastRetention(item, now))
    .map(asRetentionDue);
}
