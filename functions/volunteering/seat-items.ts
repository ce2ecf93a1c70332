import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { EventDefinition } from '../../events/define-event';
import { documentClient } from '../../shared/db/client';
import { entityOf, tableName } from '../../shared/db/items';
import { volunteeringKeys as keys, type SeatedKind } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import type { transactWrite } from '../../shared/db/transact';
import { newId } from '../../shared/domain/ids';
import type { SeatKind } from './seat-kinds';
import type { Commitment, NewClaim, StoredActivity, StoredClaim, StoredVolunteer } from './store';

/**
 * The reads and item builders the seat mechanism (`seats.ts`) composes its transactions from, and
 * the line that orders a crowd's attempts. Nothing here decides anything.
 */

export type TransactItems = Parameters<typeof transactWrite>[0];
type TransactItem = TransactItems[number];

export interface Refusal {
  ok: false;
  /** Indexes of the items whose condition failed. */
  failedConditions: number[];
  /** The current item, by index, where a refused item asked for it (`ReturnValuesOnConditionCheckFailure`). */
  current: Map<number, Record<string, unknown>>;
}

/**
 * One `TransactWriteItems`, not retried: under contention a seat decision read a moment ago is
 * stale anyway, so a `TransactionConflict` is treated like a refused condition — the caller
 * decides again on fresh state rather than resending a decision that can no longer hold.
 */
export async function transactOnce(items: TransactItems): Promise<{ ok: true } | Refusal> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
    return { ok: true };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    return {
      ok: false,
      failedConditions: reasons.flatMap((reason, index) =>
        reason.Code === 'ConditionalCheckFailed' ? [index] : [],
      ),
      current: new Map(
        reasons.flatMap((reason, index) =>
          reason.Code === 'ConditionalCheckFailed' && reason.Item
            ? [[index, unmarshall(reason.Item)] as const]
            : [],
        ),
      ),
    };
  }
}

export async function consistentGet(key: { pk: string; sk: string }) {
  const result = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }),
  );
  return result.Item;
}

const asList = (value: unknown): string[] => (value instanceof Set ? [...value].sort() : []);

export async function readActivity(
  kind: SeatedKind,
  activityId: string,
): Promise<StoredActivity | undefined> {
  const item = await consistentGet(keys.seated(kind, activityId));
  return item ? entityOf<StoredActivity>(item) : undefined;
}

export async function readClaim(kind: SeatedKind, claimId: string): Promise<StoredClaim | undefined> {
  const item = await consistentGet(keys.claim(kind, claimId));
  return item ? entityOf<StoredClaim>(item) : undefined;
}

/** The profile with its string sets as sorted lists. */
export function volunteerOf(item: Record<string, unknown>): StoredVolunteer {
  const entity = entityOf<StoredVolunteer>(item);
  return {
    ...entity,
    skills: asList(item.skills),
    trainedSkills: asList(item.trainedSkills),
    commitments: entity.commitments ?? {},
    verifiedMinutes: entity.verifiedMinutes ?? 0,
  };
}

export async function readVolunteer(volunteerId: string): Promise<StoredVolunteer | undefined> {
  const item = await consistentGet(keys.volunteer(volunteerId));
  return item ? volunteerOf(item) : undefined;
}

type ClaimReference = Pick<
  StoredClaim,
  'claimId' | 'activityId' | 'initiativeId' | 'opportunityId' | 'volunteerId'
>;

export function event(
  definition: EventDefinition,
  spec: SeatKind,
  claim: ClaimReference,
  at: string,
  extra: Record<string, unknown> = {},
) {
  return outboxPut(tableName(), definition, {
    eventId: newId(),
    occurredAt: at,
    ...spec.reference(claim),
    ...extra,
  });
}

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

export interface WaitingEntry {
  claimId: string;
  volunteerId: string;
  ticket: number;
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
  return (result.Items ?? []).map((item) => entityOf<WaitingEntry>(item));
}

/** The items that hand a freed seat to one waiting person (the seat counters are the caller's). */
export function promotionItems(
  spec: SeatKind,
  activity: StoredActivity,
  head: WaitingEntry,
  at: string,
): TransactItems {
  const claim = { kind: spec.kind, claimId: head.claimId, activityId: activity.activityId };
  return [
    {
      Delete: {
        TableName: tableName(),
        Key: keys.waitingEntry(spec.kind, activity.activityId, head.ticket),
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
    claimStatusUpdate(claim, 'waitlisted', 'confirmed', { promotedAt: at }),
    event(
      spec.events.promoted,
      spec,
      { ...activity, claimId: head.claimId, volunteerId: head.volunteerId },
      at,
    ),
  ];
}

/** Commitments still to come (or under way) at `now`; past ones are dropped as the profile is rewritten. */
export function currentCommitments(
  volunteer: StoredVolunteer | undefined,
  now: string,
): Record<string, Commitment> {
  const cutoff = Date.parse(now);
  return Object.fromEntries(
    Object.entries(volunteer?.commitments ?? {}).filter(([, c]) => Date.parse(c.endsAt) > cutoff),
  );
}

export const overlaps = (a: Commitment, b: Commitment) =>
  Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);

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
