import { deleteIfStill, updateIfStill } from '../../shared/db/conditional-writes';
import { tableName } from '../../shared/db/items';
import type { RetentionDue } from '../../shared/privacy/person';

/** The entities holding an organisation's contact person (`partnershipsPersonalData`). */
const contactHolders = new Set(['Organization', 'OrganizationListEntry']);

/**
 * Ends the retention of partnerships' due items: an organisation's contact person goes from the
 * organisation's item and each of its staff list entries (each is due on its own), and the
 * organisation stays, with its history and totals. Each write is conditioned on the item still
 * having the `expiresAt` the job found, so a contact edited since (a new clock) is left alone and
 * a second run changes nothing.
 */
export async function applyPartnershipsRetention(due: readonly RetentionDue[]): Promise<void> {
  for (const item of due) {
    const still = {
      TableName: tableName(),
      Key: { pk: item.pk, sk: item.sk },
      ConditionExpression: 'expiresAt = :expiresAt AND retention = :retention',
      ExpressionAttributeValues: { ':expiresAt': item.expiresAt, ':retention': item.retention },
    };
    if (item.retention === 'anonymise' && contactHolders.has(item.type))
      await updateIfStill({ ...still, UpdateExpression: 'REMOVE contact, expiresAt, retention' });
    else if (item.retention === 'delete') await deleteIfStill(still);
  }
}
