import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { batchGetAll } from '../../shared/db/batch';
import { documentClient } from '../../shared/db/client';
import { parseEntity, tableName } from '../../shared/db/items';
import { impactKeys, personIndexKeys } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { channelSchema } from '../../shared/domain/channel';
import { retentionAttributes } from '../../shared/privacy/retention';
import { type ActivityRecord, activityKinds } from './projections';
import { impactPersonalData } from './schemas';
import type { LedgerStore, Scope } from './store';

/** An entity's personal-data declaration: what its retention attributes come from. */
export function impactDeclaration(entity: string) {
  const declaration = impactPersonalData.find((candidate) => candidate.entity === entity);
  if (!declaration) throw new Error(`Impact declares no personal data for ${entity}`);
  return declaration;
}

/**
 * A record naming a person (their keyed hash) is found by the person index; one holding a person's
 * data (the hash, a shared profile) carries its retention. Records of partnerships, feedback or
 * hours name nobody and are kept as they are.
 */
function personalAttributes(key: { pk: string; sk: string }, record: ActivityRecord, now: Date) {
  const personal = Boolean(record.participantHash || record.neighbourhood || record.ageBand);
  return {
    ...(record.participantHash
      ? personIndexKeys('impact', record.participantHash, { type: 'Activity', ...key })
      : {}),
    ...(personal ? retentionAttributes(impactDeclaration('Activity'), now) : {}),
  };
}

/** The first-seen scopes as key segments: the city, and one initiative. */
export const cityScope = 'CITY';
export const initiativeScope = (initiativeId: string) => `INITIATIVE#${initiativeId}`;
const scopeKey = (scope: Scope) => (scope === undefined ? cityScope : initiativeScope(scope));

/** A ledger record as stored: the record itself (see `projections.ts`). */
export const storedActivity: z.ZodType<ActivityRecord> = z.object({
  eventId: z.string(),
  kind: z.enum(activityKinds),
  at: z.string(),
  // Absent on city-wide-only activity (a petition linked to no initiative).
  initiativeId: z.string().optional(),
  participantHash: z.string().optional(),
  neighbourhood: z.string().optional(),
  ageBand: z.string().optional(),
  complete: z.boolean().optional(),
  quantity: z.number().optional(),
  subject: z.string().optional(),
  variant: z.string().optional(),
  // Absent on records filed before channels (they were `web`: `channels.ts` reads them so).
  channel: channelSchema.optional(),
});
const storedFirstSeen = z.object({ firstSeenAt: z.string() });

/** The activity ledger on the single table; key shapes are in `shared/db/keys.ts` (`impactKeys`). */
export const dynamoLedgerStore: LedgerStore = {
  async fileActivity(localDay, index, record) {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...impactKeys.activity(localDay, record.eventId, index),
            ...personalAttributes(impactKeys.activity(localDay, record.eventId, index), record, new Date()),
            type: 'Activity',
            ...record,
          },
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
    // Kept for the declared time after the person was last seen: every sighting renews it, since
    // telling a returning participant from a new one is what it is for.
    const now = new Date();
    const retention = retentionAttributes(impactDeclaration('ParticipantFirstSeen'), now);
    const key = impactKeys.participantFirstSeen(participantHash, scopeKey(scope));
    const names = { '#type': 'type', '#retention': 'retention' };
    const values = {
      ':type': 'ParticipantFirstSeen',
      ':expiresAt': retention.expiresAt,
      ':retention': retention.retention,
    };
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression:
            'SET firstSeenAt = :at, #type = :type, expiresAt = :expiresAt, #retention = :retention',
          // One past its retention reads as absent: the person is new again.
          ConditionExpression:
            'attribute_not_exists(firstSeenAt) OR firstSeenAt > :at OR (attribute_exists(#retention) AND expiresAt <= :now)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ':at': at, ':now': Math.floor(now.getTime() / 1000) },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Seen earlier already: only the retention is renewed (if the item is still there).
      try {
        await documentClient.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: key,
            UpdateExpression: 'SET #type = :type, expiresAt = :expiresAt, #retention = :retention',
            ConditionExpression: 'attribute_exists(firstSeenAt)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
      } catch (renewal) {
        if (!(renewal instanceof ConditionalCheckFailedException)) throw renewal;
      }
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
