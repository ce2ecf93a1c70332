import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SeatedKind } from '../../events/volunteering';
import { documentClient } from '../../shared/db/client';
import { getItem, tableName } from '../../shared/db/items';
import { volunteeringKeys as keys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import type { transactWrite } from '../../shared/db/transact';
import type { DomainEvent } from '../../shared/domain/domain-event';
import {
  parseActivity,
  parseClaim,
  parseVolunteer,
  parseWaitingEntry,
  type WaitingEntry,
} from './dynamo-items';
import { seatEvent } from './seat-kinds';
import type { Commitment, NewClaim, StoredActivity, StoredClaim, StoredVolunteer } from './store';

/**
 * The reads and item builders the seat mechanism (`dynamo-seats.ts`) composes its transactions
 * from, and the line that orders a crowd's attempts. Nothing here decides anything: the decisions
 * are `seat-rules.ts`'s.
 */

export type TransactItems = Parameters<typeof transactWrite>[0];
type TransactItem = TransactItems[number];

/** The `type` marker of a seated activity's item and of its claims' items. */
export const itemTypes: Record<SeatedKind, { activity: string; claim: string }> = {
  shift: { activity: 'Shift', claim: 'Signup' },
  training: { activity: 'TrainingSession', claim: 'Enrolment' },
};

const consistentGet = (key: { pk: string; sk: string }) => getItem(key, { consistentRead: true });

export async function readActivity(
  kind: SeatedKind,
  activityId: string,
): Promise<StoredActivity | undefined> {
  const item = await consistentGet(keys.seated(kind, activityId));
  return item ? parseActivity(item) : undefined;
}

export async function readClaim(kind: SeatedKind, claimId: string): Promise<StoredClaim | undefined> {
  const item = await consistentGet(keys.claim(kind, claimId));
  return item ? parseClaim(item) : undefined;
}

export async function readVolunteer(volunteerId: string): Promise<StoredVolunteer | undefined> {
  const item = await consistentGet(keys.volunteer(volunteerId));
  return item ? parseVolunteer(item) : undefined;
}

/** The outbox put of an event, committed with the change it describes. */
export const eventPut = (event: DomainEvent): TransactItem => outboxPut(tableName(), event);

export function activityUpdate(
  kind: SeatedKind,
  activityId: string,
  update: string,
  values: Record<string, unknown>,
  condition = 'attribute_exists(pk)',
): TransactItem {
  const expressions = `${update} ${condition}`;
  // `capacity` is a DynamoDB reserved word: expressions name it `#capacity`.
  const named = expressions.includes('#capacity');
  // DynamoDB refuses values an expression does not use.
  const constants = Object.entries({ ':one': 1, ':zero': 0 }).filter(([name]) => expressions.includes(name));
  return {
    Update: {
      TableName: tableName(),
      Key: keys.seated(kind, activityId),
      UpdateExpression: update,
      ConditionExpression: condition,
      ...(named ? { ExpressionAttributeNames: { '#capacity': 'capacity' } } : {}),
      ExpressionAttributeValues: { ...Object.fromEntries(constants), ...values },
    },
  };
}

/**
 * Moves a claim to another status (and its roster entry with it), on condition it is still in
 * the status it was read in, and that `alsoRequire` holds.
 */
export function claimStatusUpdate(
  claim: Pick<StoredClaim, 'kind' | 'claimId' | 'activityId'>,
  from: StoredClaim['status'],
  to: StoredClaim['status'],
  set: Record<string, unknown> = {},
  alsoRequire?: string,
): TransactItem {
  const names = Object.keys(set);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.claim(claim.kind, claim.claimId),
      UpdateExpression: `SET #status = :to, gsi1sk = :roster${names.map((_name, i) => `, #f${i} = :v${i}`).join('')}`,
      ConditionExpression: alsoRequire ? `#status = :from AND ${alsoRequire}` : '#status = :from',
      ExpressionAttributeNames: {
        '#status': 'status',
        ...Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
      },
      ExpressionAttributeValues: {
        ':to': to,
        ':from': from,
        ':roster': keys.claimRoster(claim.kind, claim.activityId, to, claim.claimId).gsi1sk,
        ...Object.fromEntries(names.map((name, i) => [`:v${i}`, set[name]])),
      },
    },
  };
}

/** The first `count` people waiting, in ticket order; a consistent read, so never a stale head. */
export async function waitingHeads(
  kind: SeatedKind,
  activityId: string,
  count: number,
): Promise<WaitingEntry[]> {
  const result = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :waiting)',
      ExpressionAttributeValues: {
        ':pk': keys.seated(kind, activityId).pk,
        ':waiting': keys.waitingPrefix(),
      },
      ConsistentRead: true,
      Limit: count,
    }),
  );
  return (result.Items ?? []).map(parseWaitingEntry);
}

/** The items that hand a freed seat to one waiting person (the seat counters are the caller's). */
export function promotionItems(
  kind: SeatedKind,
  activity: StoredActivity,
  head: WaitingEntry,
  at: string,
): TransactItems {
  const claim = { kind, claimId: head.claimId, activityId: activity.activityId };
  return [
    {
      Delete: {
        TableName: tableName(),
        Key: keys.waitingEntry(kind, activity.activityId, head.ticket),
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
    claimStatusUpdate(claim, 'waitlisted', 'confirmed', { promotedAt: at }),
    eventPut(
      seatEvent(kind, 'promoted', { ...activity, claimId: head.claimId, volunteerId: head.volunteerId }, at),
    ),
  ];
}

export function volunteerUpdate(
  volunteer: StoredVolunteer | undefined,
  claim: NewClaim,
  commitments: Record<string, Commitment>,
  skills: readonly string[],
  now: string,
): TransactItem {
  const addSkills = skills.length > 0 ? ' ADD skills :skills' : '';
  const values: Record<string, unknown> = {
    ':contact': claim.contact,
    ':commitments': commitments,
    ...(skills.length > 0 ? { ':skills': new Set(skills) } : {}),
  };
  const Key = keys.volunteer(claim.volunteerId);
  if (volunteer) {
    return {
      Update: {
        TableName: tableName(),
        Key,
        UpdateExpression: `SET contact = :contact, commitments = :commitments, version = :next${addSkills}`,
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: {
          ...values,
          ':version': volunteer.version,
          ':next': volunteer.version + 1,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }
  return {
    Update: {
      TableName: tableName(),
      Key,
      UpdateExpression: `SET #type = :type, volunteerId = :volunteerId, participantHash = :hash, contact = :contact, commitments = :commitments, verifiedMinutes = :zero, version = :one, createdAt = :now${addSkills}`,
      ConditionExpression: 'attribute_not_exists(pk)',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ...values,
        ':type': 'Volunteer',
        ':volunteerId': claim.volunteerId,
        ':hash': claim.participantHash,
        ':zero': 0,
        ':one': 1,
        ':now': now,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/**
 * A number in the activity's line of claimants, from a counter on an item of its own (no index
 * keys, so 1 WCU). Correctness never depends on it — every seat and ticket is a conditional write
 * — but it keeps a crowd from retrying in lockstep: a claimant attempts when at most one claimant
 * numbered before it is still unserved, and otherwise waits about as long as those take. Under a
 * crowd, compare-and-set without such a line costs O(n²) refused transactions.
 */
export async function takeNumber(kind: SeatedKind, activityId: string): Promise<number> {
  const result = await documentClient.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.seatLine(kind, activityId),
      UpdateExpression: 'SET issued = if_not_exists(issued, :zero) + :one, #type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':type': 'SeatLine' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.issued ?? 0);
}

/** Counts a claimant who leaves the line without a seat as served, so those behind move on. */
export async function leaveLine(kind: SeatedKind, activityId: string): Promise<void> {
  await documentClient
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.seated(kind, activityId),
        UpdateExpression: 'SET lineServed = if_not_exists(lineServed, :zero) + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    });
}
