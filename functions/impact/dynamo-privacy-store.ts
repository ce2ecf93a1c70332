import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../shared/db/client';
import { unlessAlreadyDone, updateIfStill } from '../../shared/db/conditional-writes';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { impactKeys, personIndexPartition } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { includingExpired } from '../../shared/db/retention-filter';
import { transactWrite } from '../../shared/db/transact';
import { cityScope, storedActivity } from './dynamo-ledger-store';
import type { ImpactPrivacyStore, ItemKey, PersonActivity, PersonFirstSeen } from './privacy';

const storedFirstSeen = z.object({ firstSeenAt: z.string() });

const keyOf = (item: Record<string, unknown>): ItemKey => ({ pk: String(item.pk), sk: String(item.sk) });
const activityOf = (item: Record<string, unknown>): PersonActivity => ({
  key: keyOf(item),
  ...parseEntity(storedActivity, item),
});

/** The sort key of a first-seen item: `FIRSTSEEN#CITY` or `FIRSTSEEN#INITIATIVE#<id>`. */
const firstSeenPrefix = impactKeys.participantFirstSeen('', '').sk;
const initiativePrefix = impactKeys.participantFirstSeen('', 'INITIATIVE#').sk;

/** The scope a first-seen item's sort key names, as the person reads it: `city` or the initiative's ID. */
function scopeOf(sk: string): string {
  if (sk === `${firstSeenPrefix}${cityScope}`) return 'city';
  return sk.startsWith(initiativePrefix)
    ? sk.slice(initiativePrefix.length)
    : sk.slice(firstSeenPrefix.length);
}

export const dynamoImpactPrivacyStore: ImpactPrivacyStore = {
  async activityOf(participantHash) {
    const items = await queryAll({
      index: 'gsi3',
      partition: personIndexPartition('impact', participantHash),
    });
    return items.filter((item) => item.type === 'Activity').map(activityOf);
  },

  async firstSeenOf(participantHash) {
    const { pk } = impactKeys.participantFirstSeen(participantHash, cityScope);
    const items = await queryAll({ partition: { pk }, sortKeyBeginsWith: firstSeenPrefix });
    return items.map(
      (item): PersonFirstSeen => ({
        key: keyOf(item),
        scope: scopeOf(String(item.sk)),
        firstSeenAt: parseEntity(storedFirstSeen, item).firstSeenAt,
      }),
    );
  },

  async activityAt(key) {
    const item = await getItem({ pk: key.pk, sk: key.sk }, { consistentRead: true });
    return item?.type === 'Activity' ? activityOf(item) : undefined;
  },

  async anonymiseActivity(key, from, pseudonym, expectedExpiresAt) {
    const conditions = [
      from === undefined ? 'attribute_not_exists(participantHash)' : 'participantHash = :from',
      ...(expectedExpiresAt === undefined ? [] : ['attribute_exists(#retention) AND expiresAt = :expiresAt']),
    ];
    await unlessAlreadyDone(() =>
      documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { pk: key.pk, sk: key.sk },
          UpdateExpression: `${pseudonym === undefined ? '' : 'SET participantHash = :pseudonym '}REMOVE gsi3pk, gsi3sk, expiresAt, #retention`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: { '#retention': 'retention' },
          ExpressionAttributeValues: {
            ...(from === undefined ? {} : { ':from': from }),
            ...(pseudonym === undefined ? {} : { ':pseudonym': pseudonym }),
            ...(expectedExpiresAt === undefined ? {} : { ':expiresAt': expectedExpiresAt }),
          },
        }),
      ),
    );
  },

  async forgetProfile(key, participantHash) {
    await updateIfStill({
      TableName: tableName(),
      Key: { pk: key.pk, sk: key.sk },
      UpdateExpression: 'REMOVE neighbourhood, ageBand',
      ConditionExpression: 'participantHash = :hash',
      ExpressionAttributeValues: { ':hash': participantHash },
    });
  },

  async moveFirstSeen(item, pseudonym) {
    // Same scope (sort key) in the pseudonym's partition: the erased records' new identity still
    // finds when it was first seen. Kept without retention: it names nobody.
    const moved = { pk: impactKeys.participantFirstSeen(pseudonym, cityScope).pk, sk: item.key.sk };
    const result = await transactWrite([
      {
        Delete: {
          TableName: tableName(),
          Key: { pk: item.key.pk, sk: item.key.sk },
          ConditionExpression: 'firstSeenAt = :at',
          ExpressionAttributeValues: { ':at': item.firstSeenAt },
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: { ...moved, type: 'ParticipantFirstSeen', firstSeenAt: item.firstSeenAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    // Refused: moved already (a retry), or changed meanwhile; the next erasure run finds what is left.
    if (!result.ok && result.failedConditions.length === 0)
      throw new Error('First-seen move refused without a failed condition');
  },

  async deleteItem(key, expectedExpiresAt) {
    await unlessAlreadyDone(() =>
      documentClient.send(
        new DeleteCommand({
          TableName: tableName(),
          Key: { pk: key.pk, sk: key.sk },
          ConditionExpression: 'attribute_exists(#retention) AND expiresAt = :expiresAt',
          ExpressionAttributeNames: { '#retention': 'retention' },
          ExpressionAttributeValues: { ':expiresAt': expectedExpiresAt },
        }),
      ),
    );
  },

  includingExpired,
};
