import { tableName } from '../../shared/db/items';
import { petitionsKeys as keys, personIndexKeys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { transactWrite } from '../../shared/db/transact';
import { retentionAttributes } from '../../shared/privacy/retention';
import { counterUpdate, declarationOf, itemTypes, signatureItem } from './dynamo-store';
import type { PaperSignatureWrites } from './paper-signatures';

/**
 * A paper signature's one transaction on the single table (docs/data-model.md, the petition's
 * partition as PE1–PE9 keep it): the signature item under the ID its batch row derives, the
 * signer marker that makes it one per person, the petition checked, a counter shard, the event.
 */
export const dynamoPaperSignatureWrites: PaperSignatureWrites = {
  async recordPaperSignature(signature, { event, householdMax, retentionFrom, now }) {
    const { petitionId, signatureId, signerKey, participantHash } = signature;
    if (signature.shard === undefined) throw new Error('A paper signature is written with its counter shard');
    const signerItemKey = keys.signer(petitionId, signerKey);
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...signatureItem(signature),
            ...retentionAttributes(declarationOf(itemTypes.signature), retentionFrom),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        // One signature per person: a counted (or invalidated) signer stays; a web signature still
        // waiting for its link gives way, and that link then reads as superseded.
        Put: {
          TableName: tableName(),
          Item: {
            ...signerItemKey,
            ...(participantHash
              ? personIndexKeys('petitions', participantHash, { type: itemTypes.signer, ...signerItemKey })
              : {}),
            type: itemTypes.signer,
            signerKey,
            signatureId,
            status: 'confirmed',
            ...retentionAttributes(declarationOf(itemTypes.signer), retentionFrom),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending' },
        },
      },
      {
        ConditionCheck: {
          TableName: tableName(),
          Key: keys.petition(petitionId),
          ConditionExpression: '#status = :published AND closesAt > :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':published': 'published', ':now': now.toISOString() },
        },
      },
      counterUpdate(petitionId, signature.shard, signature, +1),
      outboxPut(tableName(), event),
      ...(householdMax !== undefined && participantHash
        ? [
            {
              Update: {
                TableName: tableName(),
                Key: keys.household(petitionId, participantHash),
                UpdateExpression: 'ADD signerNames :one SET #type = :type',
                ConditionExpression: 'attribute_not_exists(signerNames) OR signerNames < :max',
                ExpressionAttributeNames: { '#type': 'type' },
                ExpressionAttributeValues: { ':one': 1, ':max': householdMax, ':type': itemTypes.household },
              },
            },
          ]
        : []),
    ]);
    if (result.ok) return 'counted';
    if (result.failedConditions.includes(0)) return 'exists';
    if (result.failedConditions.includes(1)) return 'already-signed';
    if (result.failedConditions.includes(2)) return 'petition-not-open';
    if (result.failedConditions.includes(5)) return 'household-full';
    throw new Error(`Paper signature refused by condition ${result.failedConditions.join(',')}`);
  },
};
