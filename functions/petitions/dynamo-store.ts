import {
  QueryCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/db/client';
import { unlessAlreadyDone, updateIfStill } from '../../shared/db/conditional-writes';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { petitionsKeys as keys, personIndexKeys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { filteredQueryPage, queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import { epochSeconds } from '../../shared/domain/confirmation';
import { neighbourhoodName } from '../../shared/domain/neighbourhood';
import { retentionAttributes } from '../../shared/privacy/retention';
import {
  petitionsPersonalData,
  type StoredPetition,
  type StoredSignature,
  storedPetition,
  storedSignature,
} from './schemas';
import type { PetitionCounts, PetitionsStore } from './store';

/**
 * Petitions in the single table (docs/data-model.md, patterns PE1–PE9). A petition's partition
 * holds its item, one signer item per person (the "one signature each" key), its counter shards
 * and its invalidation history; each signature is its own item (`PETITION-SIGNATURE#id`), listed
 * per petition and status on gsi1 and per person on gsi3.
 */

export const itemTypes = {
  petition: 'Petition',
  signature: 'PetitionSignature',
  signer: 'PetitionSigner',
  household: 'PetitionHousehold',
  counter: 'PetitionCounter',
  mark: 'PetitionStepDone',
  awaitingAnswer: 'PetitionAwaitingAnswer',
} as const;

/** A pending signature's items stay a day past its lapse, so a late click reads "expired", not "unknown". */
const KEEP_AFTER_LAPSE_SECONDS = 24 * 60 * 60;

export const declarationOf = (entity: string) => {
  const declaration = petitionsPersonalData.find((candidate) => candidate.entity === entity);
  if (!declaration) throw new Error(`No personal data declaration for ${entity}`);
  return declaration;
};

const parsePetition = (item: Record<string, unknown>) => parseEntity(storedPetition, item);
const parseSignature = (item: Record<string, unknown>) => parseEntity(storedSignature, item);

/** The petition's item, its list entries (status, initiative) and the folded neighbourhood its filter compares. */
function petitionItem(petition: StoredPetition) {
  return {
    ...keys.petition(petition.petitionId),
    ...keys.petitionList(petition.status, petition.petitionId),
    ...(petition.initiativeId ? keys.petitionsOfInitiative(petition.initiativeId, petition.petitionId) : {}),
    type: itemTypes.petition,
    ...(petition.neighbourhood ? { neighbourhoodKey: neighbourhoodName(petition.neighbourhood) } : {}),
    ...petition,
  };
}

/** A signature's item with its roster and person-index keys; pending ones lapse, counted ones keep their retention. */
export function signatureItem(signature: StoredSignature) {
  const key = keys.signature(signature.signatureId);
  return {
    ...key,
    ...keys.signatureRoster(signature.petitionId, signature.status, signature.signatureId),
    ...(signature.participantHash
      ? personIndexKeys('petitions', signature.participantHash, { type: itemTypes.signature, ...key })
      : {}),
    type: itemTypes.signature,
    ...signature,
  };
}

/** The status change of a petition: its status and its gsi1 entry move together. */
const statusChange = (petitionId: string, to: string) => ({
  '#status': 'status',
  values: { ':to': to, ':listed': keys.petitionList(to, petitionId).gsi1sk },
  set: '#status = :to, gsi1sk = :listed',
});

export const dynamoPetitionsStore: PetitionsStore = {
  async createPetition(petition, creator) {
    const signerKey = keys.signer(petition.petitionId, creator.signerKey);
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: petitionItem(petition),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...signerKey,
            ...(creator.participantHash
              ? personIndexKeys('petitions', creator.participantHash, {
                  type: itemTypes.signer,
                  ...signerKey,
                })
              : {}),
            type: itemTypes.signer,
            signerKey: creator.signerKey,
            signatureId: creator.signatureId,
            status: 'pending',
            expiresAt: (creator.lapsesAt ?? 0) + KEEP_AFTER_LAPSE_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: { ...signatureItem(creator), expiresAt: (creator.lapsesAt ?? 0) + KEEP_AFTER_LAPSE_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (!result.ok) throw new Error(`Petition ${petition.petitionId} exists already.`);
  },

  getPetition: (petitionId) =>
    getItem(keys.petition(petitionId), { consistentRead: true }).then((item) =>
      item ? parsePetition(item) : undefined,
    ),

  /**
   * PE2: one status's petitions on gsi1 (`PETITIONS`, `begins_with(<status>#)`), or one
   * initiative's on gsi2 with the status as a filter; the neighbourhood is a filter either way.
   */
  listPetitions(filter, page) {
    const byInitiative = filter.initiativeId !== undefined;
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    if (byInitiative) {
      conditions.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = filter.status;
    }
    if (filter.neighbourhood) {
      conditions.push('neighbourhoodKey = :neighbourhood');
      values[':neighbourhood'] = neighbourhoodName(filter.neighbourhood);
    }
    const partition = byInitiative
      ? {
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          pk: keys.petitionsOfInitiativePartition(filter.initiativeId as string).gsi2pk,
        }
      : {
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
          pk: keys.petitionListPartition().gsi1pk,
        };
    return filteredQueryPage(
      {
        TableName: tableName(),
        IndexName: partition.IndexName,
        KeyConditionExpression: partition.KeyConditionExpression,
        ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: {
          ':pk': partition.pk,
          ...(byInitiative ? {} : { ':prefix': `${filter.status}#` }),
          ...values,
        },
        // Newest first: IDs are ULIDs.
        ScanIndexForward: false,
      },
      page,
      parsePetition,
    );
  },

  /** PE3: one status's petitions, oldest first (the moderation queue, the closing scan). */
  petitionsInStatus: (status, page) =>
    queryPage(
      {
        index: 'gsi1',
        partition: keys.petitionListPartition(),
        sortKeyBeginsWith: { gsi1sk: `${status}#` },
      },
      page,
      parsePetition,
    ),

  async requestSignature(signature) {
    const signerKey = keys.signer(signature.petitionId, signature.signerKey);
    const lapse = (signature.lapsesAt ?? 0) + KEEP_AFTER_LAPSE_SECONDS;
    const result = await transactWrite([
      {
        // The signer's one item: pending until confirmed. A newer request replaces a pending one
        // (its link stops working); a confirmed or invalidated one stays as it is.
        Put: {
          TableName: tableName(),
          Item: {
            ...signerKey,
            ...(signature.participantHash
              ? personIndexKeys('petitions', signature.participantHash, {
                  type: itemTypes.signer,
                  ...signerKey,
                })
              : {}),
            type: itemTypes.signer,
            signerKey: signature.signerKey,
            signatureId: signature.signatureId,
            status: 'pending',
            expiresAt: lapse,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending' },
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: { ...signatureItem(signature), expiresAt: lapse },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (result.ok) return 'pending';
    if (result.failedConditions.includes(0)) return 'already-signed';
    throw new Error(`Signature request refused by condition ${result.failedConditions.join(',')}`);
  },

  getSignature: (signatureId) =>
    getItem(keys.signature(signatureId), { consistentRead: true }).then((item) =>
      item ? parseSignature(item) : undefined,
    ),

  async confirmSignature(signature, { confirmedAt, shard, petition, event, householdMax, retentionFrom }) {
    const { petitionId, signatureId, signerKey } = signature;
    const at = new Date(confirmedAt);
    const signatureRetention = retentionAttributes(declarationOf(itemTypes.signature), retentionFrom);
    const signerRetention = retentionAttributes(declarationOf('PetitionSigner'), retentionFrom);
    const householdRetention = retentionAttributes(declarationOf(itemTypes.household), retentionFrom);
    const petitionItemStep =
      petition.kind === 'drafted'
        ? {
            Update: {
              TableName: tableName(),
              Key: keys.petition(petitionId),
              UpdateExpression: 'SET #status = :to, gsi1sk = :listed, draftedAt = :at',
              ConditionExpression: '#status = :unconfirmed',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':to': 'gathering-sponsors',
                ':listed': keys.petitionList('gathering-sponsors', petitionId).gsi1sk,
                ':unconfirmed': 'unconfirmed',
                ':at': petition.at,
              },
            },
          }
        : {
            ConditionCheck: {
              TableName: tableName(),
              Key: keys.petition(petitionId),
              // Still taking signatures: the right stage, and (published) not past its closing date.
              ConditionExpression: `#status IN (${petition.statuses.map((_, index) => `:s${index}`).join(', ')}) AND (attribute_not_exists(closesAt) OR closesAt > :now)`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ...Object.fromEntries(petition.statuses.map((status, index) => [`:s${index}`, status])),
                ':now': petition.now.toISOString(),
              },
            },
          };
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
      {
        // Used once, and only before it lapses: the clock decides here, not TTL deletion.
        Update: {
          TableName: tableName(),
          Key: keys.signature(signatureId),
          UpdateExpression:
            'SET #status = :confirmed, confirmedAt = :at, #shard = :shard, gsi1sk = :listed, expiresAt = :expiresAt, retention = :retention',
          ConditionExpression: 'attribute_exists(pk) AND #status = :pending AND lapsesAt > :now',
          ExpressionAttributeNames: { '#status': 'status', '#shard': 'shard' },
          ExpressionAttributeValues: {
            ':confirmed': 'confirmed',
            ':pending': 'pending',
            ':at': confirmedAt,
            ':shard': shard,
            ':listed': keys.signatureRoster(petitionId, 'confirmed', signatureId).gsi1sk,
            ':now': epochSeconds(at),
            ':expiresAt': signatureRetention.expiresAt,
            ':retention': signatureRetention.retention,
          },
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: keys.signer(petitionId, signerKey),
          UpdateExpression: 'SET #status = :confirmed, expiresAt = :expiresAt, retention = :retention',
          ConditionExpression: '#status = :pending AND signatureId = :signatureId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':confirmed': 'confirmed',
            ':pending': 'pending',
            ':signatureId': signatureId,
            ':expiresAt': signerRetention.expiresAt,
            ':retention': signerRetention.retention,
          },
        },
      },
      petitionItemStep,
      counterUpdate(petitionId, shard, signature, +1),
      outboxPut(tableName(), event),
      ...(householdMax !== undefined && signature.participantHash
        ? [
            {
              Update: {
                TableName: tableName(),
                Key: keys.household(petitionId, signature.participantHash),
                // Keyed by the address's hash: it goes with the petition's signer items (retention job).
                UpdateExpression:
                  'ADD signerNames :one SET #type = :type, expiresAt = :expiresAt, retention = :retention',
                ConditionExpression: 'attribute_not_exists(signerNames) OR signerNames < :max',
                ExpressionAttributeNames: { '#type': 'type' },
                ExpressionAttributeValues: {
                  ':one': 1,
                  ':max': householdMax,
                  ':type': itemTypes.household,
                  ':expiresAt': householdRetention.expiresAt,
                  ':retention': householdRetention.retention,
                },
              },
            },
          ]
        : []),
      // The creator's confirmation creates the petition: its event commits with it.
      ...(petition.kind === 'drafted' ? [outboxPut(tableName(), petition.event)] : []),
    ];
    const result = await transactWrite(items);
    if (result.ok) return 'counted';
    if (result.failedConditions.includes(0)) {
      const current = await dynamoPetitionsStore.getSignature(signatureId);
      return current?.status === 'confirmed' || current?.status === 'invalidated'
        ? 'already-confirmed'
        : 'lapsed';
    }
    if (result.failedConditions.includes(1)) return 'superseded';
    if (result.failedConditions.includes(2)) return 'petition-not-open';
    if (result.failedConditions.includes(5)) return 'household-full';
    throw new Error(`Signature confirmation refused by condition ${result.failedConditions.join(',')}`);
  },

  /** PE5: the shards of one petition, read consistently and summed. */
  async counts(petitionId) {
    const counts: PetitionCounts = { total: 0, byChannel: {}, byNeighbourhood: {} };
    let start: Record<string, unknown> | undefined;
    do {
      const result = await documentClient.send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.petition(petitionId).pk,
            ':prefix': keys.counterShardPrefix(),
          },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const shard of result.Items ?? []) addShard(counts, shard);
      start = result.LastEvaluatedKey;
    } while (start);
    return counts;
  },

  async submitForModeration(petitionId, at) {
    const change = statusChange(petitionId, 'awaiting-moderation');
    return updateIf({
      Key: keys.petition(petitionId),
      UpdateExpression: `SET ${change.set}, submittedAt = :at`,
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': change['#status'] },
      ExpressionAttributeValues: { ...change.values, ':from': 'gathering-sponsors', ':at': at },
    });
  },

  async markReached(petitionId, level, at, responseDueAt, events) {
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.petition(petitionId),
          UpdateExpression: `SET reached.#level = :at${responseDueAt ? ', responseDueAt = :due' : ''}`,
          ConditionExpression: 'attribute_not_exists(reached.#level)',
          ExpressionAttributeNames: { '#level': level },
          ExpressionAttributeValues: { ':at': at, ...(responseDueAt ? { ':due': responseDueAt } : {}) },
        },
      },
      ...(responseDueAt
        ? [
            {
              Put: {
                TableName: tableName(),
                Item: {
                  ...keys.awaitingAnswer(responseDueAt, petitionId),
                  type: itemTypes.awaitingAnswer,
                  petitionId,
                  dueAt: responseDueAt,
                },
              },
            },
          ]
        : []),
      ...events.map((event) => outboxPut(tableName(), event)),
    ]);
    if (result.ok) return true;
    if (result.failedConditions.includes(0)) return false;
    throw new Error(`Threshold mark refused by condition ${result.failedConditions.join(',')}`);
  },

  async publish(petitionId, publication, event) {
    const change = statusChange(petitionId, 'published');
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.petition(petitionId),
          UpdateExpression: `SET ${change.set}, publishedAt = :at, closesAt = :closesAt, thresholds = :thresholds, moderatedBy = :by`,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': change['#status'] },
          ExpressionAttributeValues: {
            ...change.values,
            ':from': 'awaiting-moderation',
            ':at': publication.at,
            ':closesAt': publication.closesAt,
            ':thresholds': publication.thresholds,
            ':by': publication.moderatedBy,
          },
        },
      },
      outboxPut(tableName(), event),
    ]);
    return result.ok;
  },

  /** PE6 (the confirmed roster of a petition just published: its creator and sponsors, a handful). */
  async retainFromClose(petitionId, closesAt) {
    let retimed = 0;
    let cursor: string | undefined;
    do {
      const page = await queryPage(
        {
          index: 'gsi1',
          partition: keys.signatureRosterPartition(petitionId),
          sortKeyBeginsWith: { gsi1sk: 'confirmed#' },
        },
        { limit: 100, cursor },
        parseSignature,
      );
      for (const signature of page.items) {
        const retimes = [
          { key: keys.signature(signature.signatureId), entity: itemTypes.signature },
          { key: keys.signer(petitionId, signature.signerKey), entity: itemTypes.signer },
          ...(signature.participantHash
            ? [{ key: keys.household(petitionId, signature.participantHash), entity: itemTypes.household }]
            : []),
        ];
        for (const { key, entity } of retimes)
          await updateIf({
            Key: key,
            UpdateExpression: 'SET expiresAt = :expiresAt',
            // Only items that still hold their retention (not erased, not already past it).
            ConditionExpression: 'attribute_exists(retention)',
            ExpressionAttributeValues: {
              ':expiresAt': retentionAttributes(declarationOf(entity), closesAt).expiresAt,
            },
          });
        retimed++;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return retimed;
  },

  reject: (petitionId, rejection, moderatedBy) => {
    const change = statusChange(petitionId, 'rejected');
    return updateIf({
      Key: keys.petition(petitionId),
      UpdateExpression: `SET ${change.set}, rejection = :rejection, moderatedBy = :by`,
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': change['#status'] },
      ExpressionAttributeValues: {
        ...change.values,
        ':from': 'awaiting-moderation',
        ':rejection': rejection,
        ':by': moderatedBy,
      },
    });
  },

  async answer(petitionId, response, event, dueAt) {
    const answerable = '#status IN (:published, :closed)';
    const values = { ':published': 'published', ':closed': 'closed', ':response': response };
    const first = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.petition(petitionId),
          UpdateExpression: 'SET #response = :response',
          ConditionExpression: `${answerable} AND attribute_not_exists(#response)`,
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
          ExpressionAttributeValues: values,
        },
      },
      outboxPut(tableName(), event),
      // No longer awaiting an answer (a petition answered before its threshold has no such entry).
      ...(dueAt ? [{ Delete: { TableName: tableName(), Key: keys.awaitingAnswer(dueAt, petitionId) } }] : []),
    ]);
    if (first.ok) return 'first';
    // Answered before: the text is corrected, keeping when it was first given and whether late.
    const replaced = await updateIf({
      Key: keys.petition(petitionId),
      UpdateExpression:
        'SET #response.#text = :text, #response.outcome = :outcome, #response.answeredBy = :by REMOVE #response.#link',
      ConditionExpression: `${answerable} AND attribute_exists(#response)`,
      ExpressionAttributeNames: {
        '#status': 'status',
        '#response': 'response',
        '#text': 'text',
        '#link': 'link',
      },
      ExpressionAttributeValues: {
        ':published': 'published',
        ':closed': 'closed',
        ':text': response.text,
        ':outcome': response.outcome,
        ':by': response.answeredBy,
      },
    });
    if (!replaced) return 'not-answerable';
    if (response.link)
      await updateIf({
        Key: keys.petition(petitionId),
        UpdateExpression: 'SET #response.#link = :link',
        ConditionExpression: 'attribute_exists(#response)',
        ExpressionAttributeNames: { '#response': 'response', '#link': 'link' },
        ExpressionAttributeValues: { ':link': response.link },
      });
    return 'replaced';
  },

  async close(petitionId, at, event) {
    const change = statusChange(petitionId, 'closed');
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.petition(petitionId),
          UpdateExpression: `SET ${change.set}, closedAt = :at`,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': change['#status'] },
          ExpressionAttributeValues: { ...change.values, ':from': 'published', ':at': at },
        },
      },
      outboxPut(tableName(), event),
    ]);
    return result.ok;
  },

  async markOverdue(petitionId, at, event) {
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.petition(petitionId),
          UpdateExpression: 'SET overdueAt = :at',
          ConditionExpression:
            'attribute_exists(responseDueAt) AND attribute_not_exists(#response) AND attribute_not_exists(overdueAt)',
          ExpressionAttributeNames: { '#response': 'response' },
          ExpressionAttributeValues: { ':at': at },
        },
      },
      outboxPut(tableName(), event),
    ]);
    return result.ok;
  },

  claimStep: (petitionId, step, at) =>
    unlessAlreadyDone(() =>
      documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.petitionMark(petitionId, step),
          UpdateExpression: 'SET #type = :type, doneAt = :at',
          ConditionExpression: 'attribute_not_exists(pk)',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': itemTypes.mark, ':at': at },
        }),
      ),
    ),
};

/**
 * The counter shard's update for one signature, +1 or −1: its total, its channel's count and its
 * neighbourhood's (attribute names `channel:<name>`, `hood:<name>`, so one item holds them all).
 */
export function counterUpdate(
  petitionId: string,
  shard: number,
  signature: Pick<StoredSignature, 'channel' | 'neighbourhood'>,
  delta: 1 | -1,
) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.counterShard(petitionId, shard),
      UpdateExpression: 'ADD #total :delta, #channel :delta, #hood :delta SET #type = :type',
      ExpressionAttributeNames: {
        '#total': 'total',
        '#channel': `channel:${signature.channel}`,
        '#hood': `hood:${signature.neighbourhood}`,
        '#type': 'type',
      },
      ExpressionAttributeValues: { ':delta': delta, ':type': itemTypes.counter },
    },
  };
}

function addShard(counts: PetitionCounts, shard: Record<string, unknown>) {
  for (const [name, value] of Object.entries(shard)) {
    if (typeof value !== 'number') continue;
    if (name === 'total') counts.total += value;
    else if (name.startsWith('channel:')) {
      const channel = name.slice('channel:'.length) as keyof PetitionCounts['byChannel'];
      counts.byChannel[channel] = (counts.byChannel[channel] ?? 0) + value;
    } else if (name.startsWith('hood:')) {
      const hood = name.slice('hood:'.length);
      counts.byNeighbourhood[hood] = (counts.byNeighbourhood[hood] ?? 0) + value;
    }
  }
}

/** A conditional update of the petitions' table, answered as whether it applied. */
const updateIf = (input: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> =>
  updateIfStill({ TableName: tableName(), ...input });
