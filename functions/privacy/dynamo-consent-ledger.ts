import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { consentChannels, consentPurposes } from '../../events/privacy';
import { documentClient } from '../../shared/db/client';
import { deleteIfStill } from '../../shared/db/conditional-writes';
import { parseEntity, tableName } from '../../shared/db/items';
import { privacyKeys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { queryAll } from '../../shared/db/query';
import { includingExpired } from '../../shared/db/retention-filter';
import { transactWrite } from '../../shared/db/transact';
import { retentionAttributes } from '../../shared/privacy/retention';
import { type ConsentLedgerStore, type ConsentRecord, consentRecordEntity } from './consent-records';
import { consentRecordDeclaration } from './schemas';

const storedRecord: z.ZodType<ConsentRecord> = z.object({
  recordId: z.string(),
  participantHash: z.string(),
  kind: z.enum(['given', 'withdrawn']),
  purpose: z.enum(consentPurposes),
  wordingVersion: z.string(),
  channel: z.enum(consentChannels),
  context: z.string(),
  recordedAt: z.string(),
});

const ledgerOf = (participantHash: string) =>
  queryAll({ partition: privacyKeys.personPartition(participantHash), sortKeyBeginsWith: 'CONSENT#' });

/** The consent ledger on the single table: `PRIVACY#PERSON#<hash>` / `CONSENT#<recordedAt>#<recordId>`. */
export const dynamoConsentLedgerStore: ConsentLedgerStore = {
  async append(record, event) {
    const put = {
      TableName: tableName(),
      Item: {
        ...privacyKeys.consentRecord(record.participantHash, record.recordedAt, record.recordId),
        type: consentRecordEntity,
        ...record,
        // Kept from when it was given, not from when a late delivery filed it.
        ...retentionAttributes(consentRecordDeclaration, new Date(record.recordedAt)),
      },
      // Append-only: a record is never overwritten, and a redelivery writes nothing.
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    const result = await transactWrite([
      { Put: put },
      {
        // A consent given before the person was erased, delivered after (an event retried or
        // replayed), must not bring their keyed identity back: only what came later is theirs anew.
        ConditionCheck: {
          TableName: tableName(),
          Key: privacyKeys.tombstone(record.participantHash),
          ConditionExpression: 'attribute_not_exists(pk) OR erasedAt < :recordedAt',
          ExpressionAttributeValues: { ':recordedAt': record.recordedAt },
        },
      },
      ...(event ? [outboxPut(tableName(), event)] : []),
    ]);
    return result.ok;
  },

  async recordsOf(participantHash) {
    return (await ledgerOf(participantHash)).map((item) => parseEntity(storedRecord, item));
  },

  async forget(participantHash) {
    const items = await includingExpired(() => ledgerOf(participantHash));
    for (const item of items)
      await documentClient.send(
        new DeleteCommand({ TableName: tableName(), Key: { pk: item.pk, sk: item.sk } }),
      );
    return items.length;
  },

  async endRetention(due) {
    for (const item of due)
      await deleteIfStill({
        TableName: tableName(),
        Key: { pk: item.pk, sk: item.sk },
        // Only the record the job found, still at the retention it found.
        ConditionExpression: '#expiresAt = :expiresAt AND attribute_exists(#retention)',
        ExpressionAttributeNames: { '#expiresAt': 'expiresAt', '#retention': 'retention' },
        ExpressionAttributeValues: { ':expiresAt': item.expiresAt },
      });
  },
};
