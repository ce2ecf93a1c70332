import { deleteIfStill, updateIfStill } from '../../shared/db/conditional-writes';
import { tableName } from '../../shared/db/items';
import { personIndexPartition } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { includingExpired } from '../../shared/db/retention-filter';
import { parseRow } from './dynamo-store';
import type { BatchPrivacyStore } from './privacy';

/** The data hash an erased keying carries: both keyings of an erased row still agree. */
const erasedDataHash = 'erased';

/** Batches' privacy work on the single table: the person index (gsi3) and conditional writes. */
export const dynamoBatchPrivacyStore: BatchPrivacyStore = {
  async rowsOf(participantHash) {
    const items = await queryAll({
      index: 'gsi3',
      partition: personIndexPartition('batches', participantHash),
    });
    return items
      .filter((item) => item.type === 'BatchRow')
      .map((item) => ({ key: { pk: String(item.pk), sk: String(item.sk) }, ...parseRow(item) }));
  },

  async blankRow(key, participantHash) {
    // Its retention stays: the blank row goes with the rest of an abandoned batch.
    await updateIfStill({
      TableName: tableName(),
      Key: { pk: key.pk, sk: key.sk },
      UpdateExpression:
        'SET erased = :erased, dataHash = :dataHash REMOVE #data, participantHash, gsi3pk, gsi3sk',
      ConditionExpression: 'participantHash = :hash AND attribute_not_exists(outcome)',
      ExpressionAttributeNames: { '#data': 'data' },
      ExpressionAttributeValues: { ':erased': true, ':dataHash': erasedDataHash, ':hash': participantHash },
    });
  },

  async deleteRow(key, expectedExpiresAt) {
    await deleteIfStill({
      TableName: tableName(),
      Key: { pk: key.pk, sk: key.sk },
      ConditionExpression: 'attribute_exists(#retention) AND expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#retention': 'retention' },
      ExpressionAttributeValues: { ':expiresAt': expectedExpiresAt },
    });
  },

  includingExpired,
};
