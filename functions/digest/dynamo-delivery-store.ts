import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/db/client';
import { tableName } from '../../shared/db/items';
import { digestKeys } from '../../shared/db/keys';
import type { DeliveryStore } from './store';

/** Delivery records on the single table: one partition per period, one item per subscription. */
export const dynamoDeliveryStore: DeliveryStore = {
  async claim(period, subscriptionId, at) {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...digestKeys.delivery(period, subscriptionId),
            type: 'DigestDelivery',
            period,
            subscriptionId,
            status: 'sending',
            claimedAt: at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'already-handled';
      throw error;
    }
  },

  async settle(period, subscriptionId, outcome) {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: digestKeys.delivery(period, subscriptionId),
        UpdateExpression:
          outcome.status === 'sent'
            ? 'SET #status = :status, messageId = :detail'
            : 'SET #status = :status, reason = :detail',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': outcome.status,
          ':detail': outcome.status === 'sent' ? outcome.messageId : outcome.reason,
        },
      }),
    );
  },

  async release(period, subscriptionId) {
    await documentClient.send(
      new DeleteCommand({ TableName: tableName(), Key: digestKeys.delivery(period, subscriptionId) }),
    );
  },
};
