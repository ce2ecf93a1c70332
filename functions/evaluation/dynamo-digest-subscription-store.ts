import { z } from 'zod';
import { updateIfStill } from '../../shared/db/conditional-writes';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { evaluationKeys } from '../../shared/db/keys';
import { type LinkTokenSlot, writeLinkTokens } from '../../shared/db/link-tokens';
import { queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import {
  issuedLinkTokens,
  LIVE_UNSUBSCRIBE_LINKS,
  legacyTokenAsIssued,
} from '../../shared/domain/link-tokens';
import { everyPage } from '../../shared/domain/page';
import { normalizeEmail } from '../../shared/domain/participant';
import { retentionAttributes } from '../../shared/privacy/retention';
import { type DigestFrequency, digestSubscription, evaluationPersonalData } from './schemas';
import type { DigestSubscriptionStore, StoredDigestSubscription } from './store';

/**
 * A subscription item: what admins see plus its unsubscribe links' hashes. One from before
 * hashing holds its raw `unsubscribeToken`: read as its hash and flagged, replaced on first use.
 */
const storedSubscription: z.ZodType<StoredDigestSubscription> = digestSubscription
  .extend({
    unsubscribeTokens: issuedLinkTokens.optional(),
    unsubscribeToken: z.string().optional(),
  })
  .transform(({ unsubscribeToken, unsubscribeTokens, ...subscription }) => ({
    ...subscription,
    unsubscribeTokens: [
      ...(unsubscribeTokens ?? []),
      ...legacyTokenAsIssued(unsubscribeToken, subscription.createdAt),
    ],
    ...(unsubscribeToken === undefined ? {} : { rawUnsubscribeTokenStored: true }),
  }));

/** Where a subscription keeps its unsubscribe links' hashes (`unsubscribeToken`: the raw one from before). */
const unsubscribeLinks: LinkTokenSlot = {
  attribute: 'unsubscribeTokens',
  legacyAttribute: 'unsubscribeToken',
  keep: LIVE_UNSUBSCRIBE_LINKS,
};
const parseSubscription = (item: Record<string, unknown>) => parseEntity(storedSubscription, item);

const declared = (entity: string) => {
  const declaration = evaluationPersonalData.find((candidate) => candidate.entity === entity);
  if (!declaration) throw new Error(`No personal data declaration for ${entity}`);
  return declaration;
};
/**
 * Retention of a subscription and of its address markers, from `at`: written when subscribed and
 * again with every digest sent and at the unsubscription, so a year runs from the last use.
 */
const subscriptionRetention = (at: Date) => retentionAttributes(declared('DigestSubscription'), at);
const addressRetention = (at: Date) => retentionAttributes(declared('DigestAddress'), at);

/**
 * Frees an address for a new subscription of the same frequency. Conditioned on the marker being
 * this subscription's (or gone), so it can never free an address another subscription holds now.
 */
function releaseAddress(subscription: StoredDigestSubscription) {
  return {
    Delete: {
      TableName: tableName(),
      Key: evaluationKeys.digestAddress(normalizeEmail(subscription.email), subscription.frequency),
      ConditionExpression: 'attribute_not_exists(pk) OR subscriptionId = :id',
      ExpressionAttributeValues: { ':id': subscription.subscriptionId },
    },
  };
}

/** The marker a stopped subscription left under its address goes with it. */
function forgetStoppedAddress(subscription: StoredDigestSubscription) {
  return {
    Delete: {
      TableName: tableName(),
      Key: evaluationKeys.unsubscribedDigestAddress(
        normalizeEmail(subscription.email),
        subscription.subscriptionId,
      ),
    },
  };
}

/**
 * Moves the retention of an active subscription and of its frequency marker to its full length from `at`.
 * Two conditional writes, not a transaction: each only ever lengthens a live item's retention, and
 * one that misses (unsubscribed or deleted in between) has nothing left to keep.
 */
async function restartRetention(email: string, frequency: DigestFrequency, subscriptionId: string, at: Date) {
  const subscription = subscriptionRetention(at);
  const address = addressRetention(at);
  await updateIfStill({
    TableName: tableName(),
    Key: evaluationKeys.digestSubscription(subscriptionId),
    UpdateExpression: 'SET expiresAt = :expiresAt, retention = :retention',
    ConditionExpression: '#status = :active',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':active': 'active',
      ':expiresAt': subscription.expiresAt,
      ':retention': subscription.retention,
    },
  });
  await updateIfStill({
    TableName: tableName(),
    Key: evaluationKeys.digestAddress(normalizeEmail(email), frequency),
    UpdateExpression: 'SET expiresAt = :expiresAt, retention = :retention',
    ConditionExpression: 'subscriptionId = :id',
    ExpressionAttributeValues: {
      ':id': subscriptionId,
      ':expiresAt': address.expiresAt,
      ':retention': address.retention,
    },
  });
}

/** Digest subscriptions on the single table; key shapes are in `shared/db/keys.ts`. */
export const dynamoDigestSubscriptionStore: DigestSubscriptionStore = {
  async addSubscription(subscription) {
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...evaluationKeys.digestAddress(normalizeEmail(subscription.email), subscription.frequency),
            type: 'DigestAddress',
            subscriptionId: subscription.subscriptionId,
            ...addressRetention(new Date(subscription.createdAt)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...evaluationKeys.digestSubscription(subscription.subscriptionId),
            ...evaluationKeys.activeDigestSubscription(subscription.subscriptionId, subscription.frequency),
            type: 'DigestSubscription',
            ...subscription,
            ...subscriptionRetention(new Date(subscription.createdAt)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (result.ok) return 'added';
    if (result.failedConditions.includes(0)) return 'address-taken';
    throw new Error(`Subscription write refused by condition ${result.failedConditions.join(',')}`);
  },

  async getSubscription(subscriptionId) {
    const item = await getItem(evaluationKeys.digestSubscription(subscriptionId));
    return item ? parseSubscription(item) : undefined;
  },

  listSubscriptions: ({ frequency }, page) =>
    frequency
      ? queryPage(
          { index: 'gsi1', partition: evaluationKeys.digestSubscriptionsOfFrequencyPartition(frequency) },
          page,
          parseSubscription,
        )
      : queryPage(
          { index: 'gsi2', partition: evaluationKeys.digestSubscriptionsPartition() },
          page,
          parseSubscription,
        ),

  async issueUnsubscribeToken(subscriptionId, issued) {
    let subscribed: Record<string, unknown> | undefined;
    const written = await writeLinkTokens(
      evaluationKeys.digestSubscription(subscriptionId),
      unsubscribeLinks,
      {
        add: issued,
        // A stopped subscription gets no digest, so no new link.
        accept: (item) => {
          subscribed = item;
          return item.status === 'active';
        },
      },
    );
    if (written !== 'written' || !subscribed) return false;
    // A digest goes out: the address is in use, so its retention starts again from now.
    await restartRetention(
      String(subscribed.email),
      subscribed.frequency as DigestFrequency,
      subscriptionId,
      new Date(issued.issuedAt),
    );
    return true;
  },

  async hashStoredUnsubscribeToken(subscriptionId) {
    await writeLinkTokens(evaluationKeys.digestSubscription(subscriptionId), unsubscribeLinks);
  },

  async unsubscribe(subscription, at) {
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: evaluationKeys.digestSubscription(subscription.subscriptionId),
          // Out of both lists (sparse indexes); the record stays, so a repeated click still gets its answer.
          // Kept a year from the unsubscription, with the marker that still finds it by address.
          UpdateExpression:
            'SET #status = :unsubscribed, unsubscribedAt = :at, expiresAt = :expiresAt, retention = :retention REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk',
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':unsubscribed': 'unsubscribed',
            ':active': 'active',
            ':at': at,
            ':expiresAt': subscriptionRetention(new Date(at)).expiresAt,
            ':retention': subscriptionRetention(new Date(at)).retention,
          },
        },
      },
      releaseAddress(subscription),
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...evaluationKeys.unsubscribedDigestAddress(
              normalizeEmail(subscription.email),
              subscription.subscriptionId,
            ),
            type: 'DigestAddress',
            subscriptionId: subscription.subscriptionId,
            ...addressRetention(new Date(at)),
          },
        },
      },
    ]);
    if (result.ok) return 'unsubscribed';
    if (result.failedConditions.includes(0)) return 'not-active';
    throw new Error(`Unsubscribe refused by condition ${result.failedConditions.join(',')}`);
  },

  async deleteSubscription(subscriptionId) {
    // Conditioned on the status read, so an unsubscribe landing in between is seen and re-read:
    // only an active subscription still holds its address.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const current = await dynamoDigestSubscriptionStore.getSubscription(subscriptionId);
      if (!current) return 'gone';
      const result = await transactWrite([
        {
          Delete: {
            TableName: tableName(),
            Key: evaluationKeys.digestSubscription(subscriptionId),
            ConditionExpression: '#status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': current.status },
          },
        },
        ...(current.status === 'active' ? [releaseAddress(current)] : [forgetStoppedAddress(current)]),
      ]);
      if (result.ok) return 'deleted';
      if (!result.failedConditions.includes(0))
        throw new Error(`Subscription delete refused by condition ${result.failedConditions.join(',')}`);
    }
    throw new Error('The subscription kept changing while it was being deleted.');
  },
};

// ── For the digest job ──────────────────────────────────────────────────────

/**
 * Every active subscription of one frequency, oldest first: one query of a sparse gsi1 partition
 * per page, never a scan.
 */
export function listSubscriptions(frequency: DigestFrequency): Promise<StoredDigestSubscription[]> {
  return everyPage((page) => dynamoDigestSubscriptionStore.listSubscriptions({ frequency }, page));
}
