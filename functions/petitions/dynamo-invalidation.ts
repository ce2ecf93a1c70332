import { paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../shared/db/client';
import { parseEntity, tableName } from '../../shared/db/items';
import { petitionsKeys as keys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import { counterUpdate } from './dynamo-store';
import type { InvalidationStore, SignatureToInvalidate } from './invalidation';
import { type InvalidationCriteria, storedInvalidation } from './invalidation-schemas';
import { storedSignature } from './schemas';

/**
 * Invalidation in the single table (docs/data-model.md): the matching signatures are found on a
 * petition's roster (gsi1, `PETITION#<id>#SIGNATURES`, `begins_with(gsi1sk, 'confirmed#')`) with
 * the criteria as filters; the history lives in the petition's partition (`INVALIDATION#<id>`).
 */

const itemType = 'PetitionInvalidation';

/** What a roster read keeps of a signature: enough to take it off its counter shard. */
const signatureToInvalidate = storedSignature
  .pick({ signatureId: true, petitionId: true, signerKey: true, channel: true, neighbourhood: true })
  .extend({ shard: z.number().int().nonnegative() });

/** The petition's confirmed signatures matching every criterion given, as one query's input. */
function rosterQuery(petitionId: string, criteria: InvalidationCriteria): QueryCommandInput {
  const filters: string[] = [];
  const values: Record<string, unknown> = {};
  if (criteria.emailDomain !== undefined) {
    filters.push('emailDomain = :emailDomain');
    values[':emailDomain'] = criteria.emailDomain;
  }
  // Confirmation instants are stored as UTC ISO strings: text order is time order.
  if (criteria.confirmedFrom !== undefined) {
    filters.push('confirmedAt >= :confirmedFrom');
    values[':confirmedFrom'] = criteria.confirmedFrom;
  }
  if (criteria.confirmedTo !== undefined) {
    filters.push('confirmedAt < :confirmedTo');
    values[':confirmedTo'] = criteria.confirmedTo;
  }
  if (criteria.ipHash !== undefined) {
    filters.push('ipHash = :ipHash');
    values[':ipHash'] = criteria.ipHash;
  }
  if (criteria.batchId !== undefined) {
    filters.push('batchId = :batchId');
    values[':batchId'] = criteria.batchId;
  }
  // The use case refuses empty criteria; a filterless walk here would match every signature.
  if (filters.length === 0) throw new Error('Invalidation criteria reached storage empty.');
  return {
    TableName: tableName(),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :roster AND begins_with(gsi1sk, :confirmed)',
    FilterExpression: filters.join(' AND '),
    ExpressionAttributeValues: {
      ':roster': keys.signatureRosterPartition(petitionId).gsi1pk,
      ':confirmed': 'confirmed#',
      ...values,
    },
  };
}

export const dynamoInvalidationStore: InvalidationStore = {
  async countMatching(petitionId, criteria) {
    let matched = 0;
    const pages = paginateQuery(
      { client: documentClient },
      { ...rosterQuery(petitionId, criteria), Select: 'COUNT' },
    );
    for await (const page of pages) matched += page.Count ?? 0;
    return matched;
  },

  async findMatching(petitionId, criteria, limit) {
    const query = rosterQuery(petitionId, criteria);
    const signatures: SignatureToInvalidate[] = [];
    let matched = 0;
    const pages = paginateQuery(
      { client: documentClient },
      {
        ...query,
        ProjectionExpression: 'pk, sk, signatureId, petitionId, signerKey, channel, neighbourhood, #shard',
        ExpressionAttributeNames: { '#shard': 'shard' },
      },
    );
    // Past the limit the walk only counts, so `remaining` is exact.
    for await (const page of pages)
      for (const item of page.Items ?? []) {
        matched += 1;
        if (signatures.length < limit) signatures.push(parseEntity(signatureToInvalidate, item));
      }
    return { signatures, matched };
  },

  async invalidate(signature, { invalidationId, at }) {
    const { petitionId, signatureId } = signature;
    const signatureStep = {
      Update: {
        TableName: tableName(),
        Key: keys.signature(signatureId),
        UpdateExpression:
          'SET #status = :invalidated, invalidatedAt = :at, invalidationId = :invalidationId, gsi1sk = :listed',
        // Still confirmed: one invalidated by a concurrent call is skipped, never taken off twice.
        ConditionExpression: '#status = :confirmed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':invalidated': 'invalidated',
          ':confirmed': 'confirmed',
          ':at': at,
          ':invalidationId': invalidationId,
          ':listed': keys.signatureRoster(petitionId, 'invalidated', signatureId).gsi1sk,
        },
      },
    };
    // The signer's "one each" item becomes invalidated too, not deleted: the same person cannot
    // sign this petition again (a new signature would put back what staff just took off, and a
    // fraudulent source could simply resubmit). They are told "already signed", as anyone is.
    const signerStep = {
      Update: {
        TableName: tableName(),
        Key: keys.signer(petitionId, signature.signerKey),
        UpdateExpression: 'SET #status = :invalidated',
        ConditionExpression: 'attribute_exists(pk) AND signatureId = :signatureId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':invalidated': 'invalidated', ':signatureId': signatureId },
      },
    };
    const counterStep = counterUpdate(petitionId, signature.shard, signature, -1);

    const result = await transactWrite([signatureStep, signerStep, counterStep]);
    if (result.ok) return 'invalidated';
    if (result.failedConditions.includes(0)) return 'not-confirmed';
    if (result.failedConditions.includes(1)) {
      // No signer item of its own (a staff-entered signature without an address has no "one
      // each" key): the signature and its count move without it.
      const withoutSigner = await transactWrite([signatureStep, counterStep]);
      if (withoutSigner.ok) return 'invalidated';
      if (withoutSigner.failedConditions.includes(0)) return 'not-confirmed';
    }
    throw new Error(`Signature invalidation refused by condition ${result.failedConditions.join(',')}`);
  },

  async record(entry, event) {
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: { ...keys.invalidation(entry.petitionId, entry.invalidationId), type: itemType, ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      outboxPut(tableName(), event),
    ]);
    if (!result.ok) throw new Error(`Invalidation ${entry.invalidationId} was recorded already.`);
  },

  /** The petition's history in its partition (`begins_with(sk, 'INVALIDATION#')`), newest first (ULIDs). */
  history: (petitionId, page) =>
    queryPage(
      {
        partition: { pk: keys.petition(petitionId).pk },
        sortKeyBeginsWith: { sk: keys.invalidationPrefix() },
        newestFirst: true,
      },
      page,
      (item) => parseEntity(storedInvalidation, item),
    ),
};
