import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { batchGetAll } from '../../shared/db/batch';
import { documentClient } from '../../shared/db/client';
import { parseEntity, tableName } from '../../shared/db/items';
import { impactKeys } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { type ActivityRecord, activityKinds } from './projections';
import type { LedgerStore, Scope } from './store';

/** The first-seen scopes as key segments: the city, and one initiative. */
export const cityScope = 'CITY';
export const initiativeScope = (initiativeId: string) => `INITIATIVE#${initiativeId}`;
const scopeKey = (scope: Scope) => (scope === undefined ? cityScope : initiativeScope(scope));

/** A ledger record as stored: the record itself (see `projections.ts`). */
const storedActivity: z.ZodType<ActivityRecord> = z.object({
  eventId: z.string(),
  kind: z.enum(activityKinds),
  at: z.string(),
  initiativeId: z.string(),
  participantHash: z.string().optional(),
  neighbourhood: z.string().optional(),
  ageBand: z.string().optional(),
  complete: z.boolean().optional(),
  quantity: z.number().optional(),
  subject: z.string().optional(),
  variant: z.string().optional(),
});
const storedFirstSeen = z.object({ firstSeenAt: z.string() });

/** The activity ledger on the single table; key shapes are in `shared/db/keys.ts` (`impactKeys`). */
export const dynamoLedgerStore: LedgerStore = {
  async fileActivity(localDay, index, record) {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...impactKeys.activity(localDay, record.eventId, index), type: 'Activity', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },

  async keepFirstSeen(participantHash, scope, at) {
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: impactKeys.participantFirstSeen(participantHash, scopeKey(scope)),
          UpdateExpression: 'SET firstSeenAt = :at, #type = :type',
          ConditionExpression: 'attribute_not_exists(firstSeenAt) OR firstSeenAt > :at',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':at': at, ':type': 'ParticipantFirstSeen' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  },

  async activityOfDays(days) {
    const records: ActivityRecord[] = [];
    for (const day of days)
      for (const item of await queryAll({ partition: impactKeys.activityDayPartition(day) }))
        records.push(parseEntity(storedActivity, item));
    return records;
  },

  async firstSeen(participantHashes, scope) {
    // Whose item is whose, by its key: the keys asked are known, so no key string is taken apart.
    const keyed = participantHashes.map((participantHash) => ({
      participantHash,
      key: impactKeys.participantFirstSeen(participantHash, scopeKey(scope)),
    }));
    const hashByPk = new Map(keyed.map(({ participantHash, key }) => [key.pk, participantHash]));
    const found = await batchGetAll(
      keyed.map(({ key }) => key),
      (item) =>
        [hashByPk.get(String(item.pk)) as string, parseEntity(storedFirstSeen, item).firstSeenAt] as const,
    );
    return new Map(found);
  },
};
