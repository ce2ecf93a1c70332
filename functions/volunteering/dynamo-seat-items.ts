import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SeatedKind } from '../../events/volunteering';
import { documentClient } from '../../shared/db/client';
import { getItem, tableName } from '../../shared/db/items';
import { volunteeringKeys as keys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import type { transactWrite } from '../../shared/db/transact';
import { instantOfEpochSeconds } from '../../shared/domain/confirmation';
import type { DomainEvent } from '../../shared/domain/domain-event';
import {
  parseActivity,
  parseClaim,
  parseVolunteer,
  parseWaitingEntry,
  type WaitingEntry,
} from './dynamo-items';
import { personalAttributes } from './dynamo-person-keys';
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

/**
 * The activity as the seat mechanism needs it, consistent. An item from before seat holds (no
 * `taken` counter or `holds` map) gets them first, once: every seat condition names them.
 */
export async function readSeats(kind: SeatedKind, activityId: string): Promise<StoredActivity | undefined> {
  const item = await consistentGet(keys.seated(kind, activityId));
  if (!item) return undefined;
  if (item.taken !== undefined && item.holds !== undefined) return parseActivity(item);
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.seated(kind, activityId),
      UpdateExpression:
        'SET #taken = if_not_exists(#taken, confirmed), #holds = if_not_exists(#holds, :empty)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#taken': 'taken', '#holds': 'holds' },
      ExpressionAttributeValues: { ':empty': {} },
    }),
  );
  return readActivity(kind, activityId);
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

/** The seat counters a change moves, by how much. */
type SeatCounter = 'taken' | 'confirmed' | 'waiting' | 'claims' | 'cancellations' | 'promotions';

/** A change to an activity's seats: counters moved, hold entries set and removed, other `SET` clauses. */
export interface SeatChange {
  add?: Partial<Record<SeatCounter, number>>;
  /** Hold entries set: placeholder (`#new`, usable in the condition) → [claim ID, lapse epoch second]. */
  hold?: Record<string, readonly [string, number]>;
  /** Hold entries removed: placeholder (`#old`, usable in the condition) → claim ID. */
  release?: Record<string, string>;
  /** Further `SET` clauses, written out (`waitlistIssued = :ticket`). */
  set?: string[];
}

/**
 * The update of an activity's seat counters, on `condition`. Expressions may name `#taken`,
 * `#holds`, `#capacity` (reserved words are named) and `:one`, `:zero`; `values` gives the rest.
 */
export function seatUpdate(
  kind: SeatedKind,
  activityId: string,
  change: SeatChange,
  condition = 'attribute_exists(pk)',
  values: Record<string, unknown> = {},
): TransactItem {
  const counters = Object.entries(change.add ?? {}).filter(([, by]) => by !== 0);
  const holds = Object.entries(change.hold ?? {});
  const releases = Object.entries(change.release ?? {});
  const sets = [
    ...counters.map(([name]) => `#c_${name} = #c_${name} + :c_${name}`),
    ...holds.map(([placeholder]) => `#holds.${placeholder} = :h_${placeholder.slice(1)}`),
    ...(change.set ?? []),
  ];
  const update = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    releases.length > 0
      ? `REMOVE ${releases.map(([placeholder]) => `#holds.${placeholder}`).join(', ')}`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  const expressions = `${update} ${condition}`;
  const reserved = { '#capacity': 'capacity', '#taken': 'taken', '#holds': 'holds' };
  // DynamoDB refuses names and values an expression does not use.
  const used = <T>(entries: [string, T][]) => entries.filter(([name]) => expressions.includes(name));
  return {
    Update: {
      TableName: tableName(),
      Key: keys.seated(kind, activityId),
      UpdateExpression: update,
      ConditionExpression: condition,
      ExpressionAttributeNames: {
        ...Object.fromEntries(used(Object.entries(reserved))),
        ...Object.fromEntries(counters.map(([name]) => [`#c_${name}`, name])),
        ...Object.fromEntries([...holds.map(([p, [id]]) => [p, id]), ...releases]),
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(used(Object.entries({ ':one': 1, ':zero': 0 }))),
        ...Object.fromEntries(counters.map(([name, by]) => [`:c_${name}`, by])),
        ...Object.fromEntries(holds.map(([p, [, until]]) => [`:h_${p.slice(1)}`, until])),
        ...values,
      },
    },
  };
}

/** The hold-due item of a hold (`seat-holds` job), put with the hold. */
export const holdDuePut = (kind: SeatedKind, claimId: string, until: number): TransactItem => ({
  Put: {
    TableName: tableName(),
    Item: {
      ...keys.holdDue(instantOfEpochSeconds(until), kind, claimId),
      type: 'HoldDue',
      kind,
      claimId,
      until,
    },
  },
});

/** Deletes a hold's hold-due item, when it is confirmed, lapses or is cancelled. */
export const holdDueDelete = (
  claim: Pick<StoredClaim, 'kind' | 'claimId' | 'holdExpiresAt'>,
): TransactItem => ({
  Delete: {
    TableName: tableName(),
    Key: keys.holdDue(instantOfEpochSeconds(claim.holdExpiresAt ?? 0), claim.kind, claim.claimId),
  },
});

/**
 * The person's side of a claim leaving (cancelled, or a hold lapsed): the one-per-person marker
 * goes, so they may claim again, and so does the commitment on their profile.
 */
export function releaseClaimant(claim: StoredClaim): TransactItems {
  return [
    {
      Delete: {
        TableName: tableName(),
        Key: keys.seatHolder(claim.kind, claim.activityId, claim.participantHash),
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.volunteer(claim.volunteerId),
        UpdateExpression: 'REMOVE commitments.#claim SET version = version + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#claim': claim.claimId },
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
  ];
}

/**
 * The items that lapse a hold due at `at` (the activity's seat counters are the caller's): the
 * claim → `expired` (condition: still held, and lapsed by the clock), the claimant released, the
 * hold-due item gone, and the hold-expired event.
 */
export function lapseItems(claim: StoredClaim, at: string): TransactItems {
  return [
    claimStatusUpdate(claim, 'held', 'expired', { expiredAt: at }, 'holdExpiresAt <= :now', {
      ':now': Math.floor(Date.parse(at) / 1000),
    }),
    ...releaseClaimant(claim),
    holdDueDelete(claim),
    eventPut(
      seatEvent(claim.kind, 'expired', claim, at, {
        holdExpiresAt: instantOfEpochSeconds(claim.holdExpiresAt ?? 0),
      }),
    ),
  ];
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
  requireValues: Record<string, unknown> = {},
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
        ...requireValues,
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

/**
 * The items that hand a freed seat to one waiting person (the seat counters are the caller's):
 * confirmed at once, or, with `holdUntil` (an `email` activity), held until then, awaiting the
 * confirmation the promotion mail asks for.
 */
export function promotionItems(
  kind: SeatedKind,
  activity: StoredActivity,
  head: WaitingEntry,
  at: string,
  holdUntil?: number,
): TransactItems {
  const claim = { kind, claimId: head.claimId, activityId: activity.activityId };
  const held = holdUntil !== undefined;
  return [
    {
      Delete: {
        TableName: tableName(),
        Key: keys.waitingEntry(kind, activity.activityId, head.ticket),
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
    claimStatusUpdate(
      claim,
      'waitlisted',
      held ? 'held' : 'confirmed',
      held ? { promotedAt: at, holdExpiresAt: holdUntil } : { promotedAt: at },
    ),
    ...(held ? [holdDuePut(kind, head.claimId, holdUntil)] : []),
    eventPut(
      seatEvent(
        kind,
        'promoted',
        { ...activity, claimId: head.claimId, volunteerId: head.volunteerId },
        at,
        held ? { status: 'held', holdExpiresAt: instantOfEpochSeconds(holdUntil) } : { status: 'confirmed' },
      ),
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
  const Key = keys.volunteer(claim.volunteerId);
  // Every sign-up writes the profile again, so it is kept for the retention after the latest one.
  const personal = personalAttributes({ type: 'Volunteer', ...Key }, claim.participantHash, now);
  const personalSet =
    'participantHash = :hash, gsi3pk = :gsi3pk, gsi3sk = :gsi3sk, expiresAt = :expiresAt, #retention = :retention';
  const values: Record<string, unknown> = {
    ':contact': claim.contact,
    ':commitments': commitments,
    ...(skills.length > 0 ? { ':skills': new Set(skills) } : {}),
    ':hash': personal.participantHash,
    ':gsi3pk': personal.gsi3pk,
    ':gsi3sk': personal.gsi3sk,
    ':expiresAt': personal.expiresAt,
    ':retention': personal.retention,
  };
  if (volunteer) {
    return {
      Update: {
        TableName: tableName(),
        Key,
        UpdateExpression: `SET contact = :contact, commitments = :commitments, version = :next, ${personalSet}${addSkills}`,
        ConditionExpression: 'version = :version',
        ExpressionAttributeNames: { '#retention': 'retention' },
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
      UpdateExpression: `SET #type = :type, volunteerId = :volunteerId, contact = :contact, commitments = :commitments, verifiedMinutes = :zero, version = :one, createdAt = :now, ${personalSet}${addSkills}`,
      ConditionExpression: 'attribute_not_exists(pk)',
      ExpressionAttributeNames: { '#type': 'type', '#retention': 'retention' },
      ExpressionAttributeValues: {
        ...values,
        ':type': 'Volunteer',
        ':volunteerId': claim.volunteerId,
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
