import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../shared/db/client';
import { claimDelivery, releaseDelivery, settleDelivery } from '../../shared/db/delivery-marks';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { petitionsKeys as keys } from '../../shared/db/keys';
import { decodeCursor, encodeCursor } from '../../shared/db/pagination';
import type { AnswerMailStore } from './answer-mail';
import { dynamoPetitionsStore } from './dynamo-store';

/**
 * The answer's mailing in the single table (docs/data-model.md): its recipients are a key
 * condition on the petition's signature roster (gsi1 `PETITION#<id>#SIGNATURES`,
 * `begins_with(gsi1sk, 'confirmed#')`) filtered to those who asked and left an address; one mark
 * per signature (`PETITION#<id>` / `DONE#answer-mail#<signatureId>`) makes each mail go once; the
 * unsubscribe token's hash and the unsubscription sit on the signature item.
 */

const MARK_TYPE = 'PetitionAnswerMail';
const PAGE_SIZE = 100;

const markKey = (petitionId: string, signatureId: string) =>
  keys.petitionMark(petitionId, `answer-mail#${signatureId}`);

/** A roster entry as the mailing reads it; the filter has kept only those with consent and an address. */
const recipientItem = z.object({
  signatureId: z.string(),
  name: z.string().optional(),
  email: z.string(),
  expiresAt: z.number().optional(),
});

/** The signature fields the way out reads (the rest of the signature is the petitions store's). */
const contactItem = z.object({
  signatureId: z.string(),
  petitionId: z.string(),
  unsubscribeTokenHash: z.string().optional(),
  unsubscribedAt: z.string().optional(),
});

export const dynamoAnswerMailStore: AnswerMailStore = {
  getPetition: (petitionId) => dynamoPetitionsStore.getPetition(petitionId),

  /** The confirmed part of the roster; the filter spares shipping, not reading, the others. */
  async recipients(petitionId, cursor) {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :roster AND begins_with(gsi1sk, :confirmed)',
        FilterExpression: 'consentToHearAboutResponse = :yes AND attribute_exists(email)',
        ExpressionAttributeValues: {
          ':roster': keys.signatureRosterPartition(petitionId).gsi1pk,
          ':confirmed': 'confirmed#',
          ':yes': true,
        },
        Limit: PAGE_SIZE,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    const items = (result.Items ?? []).map((item) => {
      const { expiresAt, ...recipient } = recipientItem.parse(item);
      return { ...recipient, retainedUntil: expiresAt };
    });
    return { items, nextCursor: encodeCursor(result.LastEvaluatedKey) };
  },

  claim: (petitionId, recipient, at) =>
    claimDelivery(markKey(petitionId, recipient.signatureId), {
      type: MARK_TYPE,
      signatureId: recipient.signatureId,
      claimedAt: at,
      // The mark names the signature: it goes when the signature's retention ends.
      ...(recipient.retainedUntil ? { expiresAt: recipient.retainedUntil } : {}),
    }),

  settle: (petitionId, signatureId, outcome) => settleDelivery(markKey(petitionId, signatureId), outcome),

  release: (petitionId, signatureId) => releaseDelivery(markKey(petitionId, signatureId)),

  async issueUnsubscribeToken(signatureId, tokenHash) {
    try {
      const result = await documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.signature(signatureId),
          UpdateExpression: 'SET unsubscribeTokenHash = :hash',
          ConditionExpression:
            '#status = :confirmed AND consentToHearAboutResponse = :yes AND attribute_exists(email)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':hash': tokenHash, ':confirmed': 'confirmed', ':yes': true },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const { name, email } = recipientItem.parse(result.Attributes);
      return { name, email };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  },

  getContact: (signatureId) =>
    getItem(keys.signature(signatureId), { consistentRead: true }).then((item) =>
      item ? parseEntity(contactItem, item) : undefined,
    ),

  async unsubscribe(signatureId, at) {
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.signature(signatureId),
          // Nothing is kept for: the consent was for this mail, and the signature counts by its keyed identity.
          UpdateExpression: 'SET consentToHearAboutResponse = :no, unsubscribedAt = :at REMOVE #name, email',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(unsubscribedAt)',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':no': false, ':at': at },
        }),
      );
      return 'unsubscribed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'already';
      throw error;
    }
  },
};
