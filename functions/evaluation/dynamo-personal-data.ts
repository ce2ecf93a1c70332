import { deleteIfStill, updateIfStill } from '../../shared/db/conditional-writes';
import { getItem, tableName } from '../../shared/db/items';
import { evaluationKeys } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { includingExpired } from '../../shared/db/retention-filter';
import { normalizeEmail } from '../../shared/domain/participant';
import type { RetentionDue } from '../../shared/privacy/person';
import { isPastRetention } from '../../shared/privacy/retention';
import { dynamoDigestSubscriptionStore } from './dynamo-digest-subscription-store';
import type { StoredDigestSubscription } from './store';

/**
 * Evaluation's personal data on the table, for the privacy context (`personalDataHolder` in
 * `published.ts`). Nothing here is keyed by the person index: feedback is anonymous, and digest
 * subscriptions are found by address, through the markers under `DIGEST_ADDRESS#<address>` (one
 * per active subscription and frequency, one per stopped subscription).
 */

/** Every marker of one address: each names a subscription that holds the address. */
const markersOf = (email: string) =>
  queryAll({ partition: evaluationKeys.digestAddressPartition(normalizeEmail(email)) });

/** The retention condition: the item still has the `expiresAt` the retention job found due. */
const stillDue = (due: RetentionDue) => ({
  ConditionExpression: 'expiresAt = :expiresAt AND retention = :retention',
  ExpressionAttributeValues: { ':expiresAt': due.expiresAt, ':retention': due.retention },
});

/** Removes a subscription that holds `email` (not another address's, whatever a stale marker says), then its markers. */
async function deleteSubscriptionOf(
  subscription: { subscriptionId: string; frequency: string; email: string },
  condition: { ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> },
): Promise<boolean> {
  const deleted = await deleteIfStill({
    TableName: tableName(),
    Key: evaluationKeys.digestSubscription(subscription.subscriptionId),
    ...condition,
  });
  if (!deleted) return false;
  // After the subscription, so an interrupted run still finds the markers and finishes.
  const address = normalizeEmail(subscription.email);
  await deleteIfStill({
    TableName: tableName(),
    Key: evaluationKeys.digestAddress(address, subscription.frequency),
    // The frequency marker may by now be a newer subscription's: that one stays.
    ConditionExpression: 'subscriptionId = :id',
    ExpressionAttributeValues: { ':id': subscription.subscriptionId },
  });
  await deleteIfStill({
    TableName: tableName(),
    Key: evaluationKeys.unsubscribedDigestAddress(address, subscription.subscriptionId),
  });
  return true;
}

export const dynamoEvaluationPersonalData = {
  /** The digest subscriptions of an address, active and stopped (expired ones read as absent). */
  async subscriptionsOf(email: string): Promise<StoredDigestSubscription[]> {
    const ids = new Set((await markersOf(email)).map((marker) => String(marker.subscriptionId)));
    const found = await Promise.all([...ids].map((id) => dynamoDigestSubscriptionStore.getSubscription(id)));
    return found.filter(
      (subscription): subscription is StoredDigestSubscription =>
        subscription !== undefined && normalizeEmail(subscription.email) === normalizeEmail(email),
    );
  },

  /**
   * Stops and deletes every subscription of the address, and its markers; expired ones too.
   * Idempotent: once done, the address has no markers left, so a second call writes nothing.
   */
  eraseAddress: (email: string): Promise<void> =>
    includingExpired(async () => {
      for (const marker of await markersOf(email)) {
        const item = await getItem(evaluationKeys.digestSubscription(String(marker.subscriptionId)), {
          consistentRead: true,
        });
        if (item && normalizeEmail(String(item.email)) === normalizeEmail(email))
          await deleteSubscriptionOf(
            {
              subscriptionId: String(item.subscriptionId),
              frequency: String(item.frequency),
              email: String(item.email),
            },
            {
              ConditionExpression: 'email = :email',
              ExpressionAttributeValues: { ':email': item.email },
            },
          );
        // A marker whose subscription is gone (or another address's) holds the address alone.
        await deleteIfStill({
          TableName: tableName(),
          Key: { pk: String(marker.pk), sk: String(marker.sk) },
        });
      }
    }),

  /** Ends the retention of evaluation's due items (see `PersonalDataHolder.applyRetention`). */
  applyRetention: (due: readonly RetentionDue[], now: Date): Promise<void> =>
    includingExpired(async () => {
      for (const item of due) {
        const key = { pk: item.pk, sk: item.sk };
        if (item.type === 'Feedback' && item.retention === 'anonymise') {
          // The rating stays in the initiative's feedback; the comment, which may name its author, goes.
          await updateIfStill({
            TableName: tableName(),
            Key: key,
            UpdateExpression: 'REMOVE #comment, expiresAt, retention',
            ExpressionAttributeNames: { '#comment': 'comment' },
            ...stillDue(item),
          });
        } else if (item.type === 'DigestSubscription') {
          const stored = await getItem(key, { consistentRead: true });
          if (!stored) continue;
          await deleteSubscriptionOf(
            {
              subscriptionId: String(stored.subscriptionId),
              frequency: String(stored.frequency),
              email: String(stored.email),
            },
            stillDue(item),
          );
        } else if (item.type === 'DigestAddress') {
          const marker = await getItem(key, { consistentRead: true });
          if (!marker) continue;
          const subscription = await getItem(
            evaluationKeys.digestSubscription(String(marker.subscriptionId)),
            { consistentRead: true },
          );
          if (
            subscription &&
            !isPastRetention(subscription, now) &&
            typeof subscription.expiresAt === 'number'
          )
            // Its subscription is still kept (a digest restarted its clock, or an older release
            // wrote the marker without one): the marker that finds it by address stays as long.
            await updateIfStill({
              TableName: tableName(),
              Key: key,
              UpdateExpression: 'SET expiresAt = :kept',
              ...stillDue(item),
              ExpressionAttributeValues: {
                ...stillDue(item).ExpressionAttributeValues,
                ':kept': subscription.expiresAt,
              },
            });
          else await deleteIfStill({ TableName: tableName(), Key: key, ...stillDue(item) });
        } else if (item.retention === 'delete') {
          await deleteIfStill({ TableName: tableName(), Key: key, ...stillDue(item) });
        }
      }
    }),
};
