import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryOutcome } from '../mailer/port';
import { documentClient } from './client';
import { tableName } from './items';
import type { PrimaryKey } from './keys';

/**
 * Exactly-once mail delivery by a mark per (mailing, recipient), shared by the digest and the
 * petitions' answer: the mark is claimed with a conditional put before the mail goes, settled
 * `sent` (with the message ID) or `failed` (the mail service refused it for good) after, or
 * released when the failure may pass, so the next run tries that one again. A crash between the
 * claim and the send loses that one mail rather than risk sending it twice.
 */

/** Claims the mark (`item` holds its type and what it records); `already-handled` when a run claimed it before. */
export async function claimDelivery(
  key: PrimaryKey,
  item: Record<string, unknown>,
): Promise<'claimed' | 'already-handled'> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key, ...item, status: 'sending' },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'claimed';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'already-handled';
    throw error;
  }
}

/** Records how a claimed delivery ended. */
export async function settleDelivery(key: PrimaryKey, outcome: DeliveryOutcome): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
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
}

/** Frees a claim, so the next run tries that delivery again. */
export async function releaseDelivery(key: PrimaryKey): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: tableName(), Key: key }));
}
