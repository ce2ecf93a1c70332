import { DeleteCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/db/client';
import { unlessAlreadyDone } from '../../shared/db/conditional-writes';
import { getItem, tableName } from '../../shared/db/items';
import { keys, personIndexPartition } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { includingExpired } from '../../shared/db/retention-filter';
import { transactWrite } from '../../shared/db/transact';
import type { Expected, ItemKey, ParticipationPrivacyStore, PersonItem } from './privacy';

/** The condition (and its names and values) that an item still is as `expected` says. */
function conditionOf(expected: Expected): {
  ConditionExpression: string;
  names: Record<string, string>;
  values: Record<string, string | number>;
} {
  if ('expiresAt' in expected)
    return {
      ConditionExpression: 'expiresAt = :expiresAt AND retention = :retention',
      names: {},
      values: { ':expiresAt': expected.expiresAt, ':retention': expected.retention },
    };
  // The person index partition, not `participantHash`: every item the index found has it, items
  // backfilled from before the attribute existed too.
  const person = { ':person': personIndexPartition('participation', expected.participantHash).gsi3pk };
  if (!expected.status) return { ConditionExpression: 'gsi3pk = :person', names: {}, values: person };
  return {
    // Votes stored before assurance levels carry no status: they were counted at once.
    ConditionExpression:
      expected.status === 'counted'
        ? 'gsi3pk = :person AND (attribute_not_exists(#status) OR #status = :status)'
        : 'gsi3pk = :person AND #status = :status',
    names: { '#status': 'status' },
    values: { ...person, ':status': expected.status },
  };
}

/** A conditional update; a failed condition means it was done already (a retry, a second erasure). */
const update = async (input: Omit<UpdateCommandInput, 'TableName'>): Promise<void> => {
  await unlessAlreadyDone(() => documentClient.send(new UpdateCommand({ TableName: tableName(), ...input })));
};

/** Participation's privacy store on the single table: gsi3 reads and one conditional write per item. */
export const dynamoParticipationPrivacyStore: ParticipationPrivacyStore = {
  itemsOf: async (participantHash) =>
    (await queryAll({
      index: 'gsi3',
      partition: personIndexPartition('participation', participantHash),
    })) as PersonItem[],

  itemAt: async (key) => (await getItem(key, { consistentRead: true })) as PersonItem | undefined,

  async contributionTitles(contributionIds) {
    const titles = new Map<string, string>();
    for (const contributionId of contributionIds) {
      const item = await getItem(keys.contribution(contributionId));
      if (typeof item?.title === 'string') titles.set(contributionId, item.title);
    }
    return titles;
  },

  async engagementTitles(engagementIds) {
    const titles = new Map<string, Record<string, string>>();
    for (const engagementId of engagementIds) {
      const item = await getItem(keys.engagement(engagementId));
      if (item?.title) titles.set(engagementId, item.title as Record<string, string>);
    }
    return titles;
  },

  eraseContribution: (key, participantHash, { erasedAt, hidden }) => {
    const { ConditionExpression, values } = conditionOf({ participantHash });
    // What stays names no one: no text, no contact, no identity, nothing left for retention to end.
    const removed = [
      'title',
      'contact',
      'consentToContact',
      'participantHash',
      'gsi3pk',
      'gsi3sk',
      'expiresAt',
      'retention',
      // `hidden`: out of the public lists (the sparse gsi1); staff still see it in the queue.
      ...(hidden ? ['gsi1pk', 'gsi1sk'] : []),
    ];
    return update({
      Key: key,
      UpdateExpression: `SET body = :empty, removed = :removed, erasedAt = :at REMOVE ${removed.join(', ')}`,
      ConditionExpression,
      ExpressionAttributeValues: { ...values, ':empty': '', ':removed': 'author-request', ':at': erasedAt },
    });
  },

  async rekeyCountedVote(vote, anonymousId, expected) {
    const contributionId = String(vote.contributionId);
    const { ConditionExpression, names, values } = conditionOf(expected);
    await transactWrite([
      {
        Delete: {
          TableName: tableName(),
          Key: { pk: vote.pk, sk: vote.sk },
          ConditionExpression,
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        },
      },
      {
        Put: {
          TableName: tableName(),
          // Only what the tally reads: no identity, no person index, no retention (kept for good).
          Item: {
            ...keys.vote(contributionId, anonymousId),
            type: 'Vote',
            contributionId,
            status: 'counted',
            assurance: vote.assurance ?? 'open',
            ...(typeof vote.castAt === 'string' ? { castAt: vote.castAt } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    // A refused condition: erased or anonymised already (or changed since it was found): nothing to do.
  },

  deleteItem: async (key: ItemKey, expected) => {
    const { ConditionExpression, names, values } = conditionOf(expected);
    await unlessAlreadyDone(() =>
      documentClient.send(
        new DeleteCommand({
          TableName: tableName(),
          Key: key,
          ConditionExpression,
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        }),
      ),
    );
  },

  anonymiseContribution: (key, expiresAt) =>
    update({
      Key: key,
      UpdateExpression:
        'REMOVE contact, consentToContact, participantHash, gsi3pk, gsi3sk, expiresAt, retention',
      ConditionExpression: 'expiresAt = :expiresAt AND retention = :anonymise',
      ExpressionAttributeValues: { ':expiresAt': expiresAt, ':anonymise': 'anonymise' },
    }),

  removeContact: (key, withdrawnAt) =>
    update({
      Key: key,
      UpdateExpression: 'SET consentToContact = :false REMOVE contact',
      // A contribution written after the withdrawal carries a consent given since: it stays.
      ConditionExpression: 'attribute_exists(contact) AND createdAt <= :withdrawnAt',
      ExpressionAttributeValues: { ':false': false, ':withdrawnAt': withdrawnAt },
    }),

  includingExpired,
};
