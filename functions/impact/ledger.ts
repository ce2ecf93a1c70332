import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/db/client';
import { entityOf, tableName } from '../../shared/db/items';
import { impactKeys } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { localDate } from '../../shared/domain/time-zone';
import { type ActivityRecord, projections } from './projections';

export type { ActivityKind, ActivityRecord } from './projections';

/**
 * The activity ledger: every domain event that an impact summary counts becomes one small record
 * per initiative it concerns, filed under the local day (in the city's time zone) it belongs to.
 * A period's summary then reads only that period's day partitions — its cost follows the period's
 * activity, never the size of the history — and re-reading them gives the same figures.
 *
 * The ledger is kept by an event consumer (`ledger-consumer.ts`), so the contexts that produce the
 * events know nothing about it. Each record is put once (`attribute_not_exists`), so redelivered
 * events change nothing.
 */

/**
 * The local days from the one holding `start` up to, not including, the one holding `end`:
 * exactly the days of a period whose range runs from local midnight to local midnight.
 */
export function localDaysBetween(start: Date, end: Date, timeZone: string): string[] {
  const first = localDate(start, timeZone);
  const stop = localDate(end, timeZone);
  const days: string[] = [];
  const cursor = new Date(`${first}T00:00:00Z`);
  for (let day = first; day < stop; day = cursor.toISOString().slice(0, 10)) {
    days.push(day);
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

/** The scopes a participant's first appearance is kept for: the city, and the initiative. */
export const cityScope = 'CITY';
export const initiativeScope = (initiativeId: string) => `INITIATIVE#${initiativeId}`;

/** Files an event's activity records; a record already filed (a redelivery) is left as it is. */
export async function recordActivity(detailType: string, detail: unknown, timeZone: string): Promise<number> {
  const projection = projections.get(detailType);
  if (!projection) return 0;
  const eventId = (detail as { eventId?: unknown }).eventId;
  if (typeof eventId !== 'string') throw new Error(`${detailType} has no eventId`);
  const records = projection(detail).map((record) => ({ eventId, ...record }));
  let filed = 0;
  for (const [index, record] of records.entries()) {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...impactKeys.activity(localDate(new Date(record.at), timeZone), eventId, index),
            type: 'Activity',
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      filed++;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    if (record.participantHash) {
      for (const scope of [cityScope, initiativeScope(record.initiativeId)])
        await keepFirstSeen(record.participantHash, scope, record.at);
    }
  }
  return filed;
}

/** Keeps the earliest instant a participant was seen in a scope, whatever order events arrive in. */
async function keepFirstSeen(participantHash: string, scope: string, at: string): Promise<void> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: impactKeys.participantFirstSeen(participantHash, scope),
        UpdateExpression: 'SET firstSeenAt = :at, #type = :type',
        ConditionExpression: 'attribute_not_exists(firstSeenAt) OR firstSeenAt > :at',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':at': new Date(at).toISOString(), ':type': 'ParticipantFirstSeen' },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Every ledger record of the given local days (one query per day, paged). */
export async function activityOfDays(days: readonly string[]): Promise<ActivityRecord[]> {
  const records: ActivityRecord[] = [];
  for (const day of days)
    for (const item of await queryAll({ partition: impactKeys.activityDayPartition(day) }))
      records.push(entityOf<ActivityRecord>(item));
  return records;
}
