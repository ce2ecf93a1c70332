import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { instantOfEpochSeconds } from '../../domain/confirmation';
import type { DomainEvent } from '../../domain/domain-event';
import { type SeatStep, seatEvent } from '../../domain/seats/kinds';
import type { SeatActivity, SeatClaim } from '../../domain/seats/rules';
import { documentClient } from '../client';
import { getItem, tableName } from '../items';
import { outboxPut } from '../outbox';
import type { transactWrite } from '../transact';
import type { SeatSpace, WaitingEntry } from './mechanism';

/**
 * The reads and item builders the seat mechanism (`mechanism.ts`) composes its transactions from,
 * on one context's keys, and the line that orders a crowd's attempts. Nothing here decides
 * anything: the decisions are `shared/domain/seats/rules.ts`'s.
 */

export type TransactItems = Parameters<typeof transactWrite>[0];
export type TransactItem = TransactItems[number];

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

/** The outbox put of an event, committed with the change it describes. */
export const eventPut = (event: DomainEvent): TransactItem => outboxPut(tableName(), event);

const consistentGet = (key: { pk: string; sk: string }) => getItem(key, { consistentRead: true });

export function seatItems<
  K extends string,
  A extends SeatActivity<K>,
  C extends SeatClaim<K> & R,
  W extends WaitingEntry,
  R,
  P,
  X,
>(space: SeatSpace<K, A, C, W, R, P, X>) {
  const { keys } = space;

  /** The event of a step of a claim, as its kind names it. */
  const stepEvent = (
    kind: K,
    step: SeatStep,
    claim: Parameters<typeof seatEvent<R>>[2],
    at: string,
    extra: Record<string, unknown> = {},
  ) => seatEvent(space.seatKinds[kind], step, claim, at, extra);

  async function readActivity(kind: K, activityId: string): Promise<A | undefined> {
    const item = await consistentGet(keys.seated(kind, activityId));
    return item ? space.parseActivity(item) : undefined;
  }

  /**
   * The activity as the seat mechanism needs it, consistent. An item from before seat holds (no
   * `taken` counter or `holds` map) gets them first, once: every seat condition names them.
   */
  async function readSeats(kind: K, activityId: string): Promise<A | undefined> {
    const item = await consistentGet(keys.seated(kind, activityId));
    if (!item) return undefined;
    if (item.taken !== undefined && item.holds !== undefined) return space.parseActivity(item);
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

  async function readClaim(kind: K, claimId: string): Promise<C | undefined> {
    const item = await consistentGet(keys.claim(kind, claimId));
    return item ? space.parseClaim(item) : undefined;
  }

  /**
   * The update of an activity's seat counters, on `condition`. Expressions may name `#taken`,
   * `#holds`, `#capacity` (reserved words are named) and `:one`, `:zero`; `values` gives the rest.
   */
  function seatUpdate(
    kind: K,
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

  /** The hold-due item of a hold (the context's hold-lapsing job reads them), put with the hold. */
  const holdDuePut = (kind: K, claimId: string, until: number): TransactItem => ({
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
  const holdDueDelete = (claim: Pick<C, 'kind' | 'claimId' | 'holdExpiresAt'>): TransactItem => ({
    Delete: {
      TableName: tableName(),
      Key: keys.holdDue(instantOfEpochSeconds(claim.holdExpiresAt ?? 0), claim.kind, claim.claimId),
    },
  });

  /**
   * The person's side of a claim leaving (cancelled, or a hold lapsed): the one-per-person marker
   * goes, so they may claim again, and whatever the claimant's own record keeps of it.
   */
  function releaseClaimant(claim: C): TransactItems {
    return [
      {
        Delete: {
          TableName: tableName(),
          Key: keys.seatHolder(claim.kind, claim.activityId, claim.participantHash),
        },
      },
      ...space.claimant.release(claim),
    ];
  }

  /**
   * Moves a claim to another status (and its roster entry with it), on condition it is still in
   * the status it was read in, and that `alsoRequire` holds.
   */
  function claimStatusUpdate(
    claim: Pick<C, 'kind' | 'claimId' | 'activityId'>,
    from: C['status'],
    to: C['status'],
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

  /**
   * The items that lapse a hold due at `at` (the activity's seat counters are the caller's): the
   * claim → `expired` (condition: still held, and lapsed by the clock), the claimant released, the
   * hold-due item gone, and the hold-expired event.
   */
  function lapseItems(claim: C, at: string): TransactItems {
    return [
      claimStatusUpdate(claim, 'held', 'expired', { expiredAt: at }, 'holdExpiresAt <= :now', {
        ':now': Math.floor(Date.parse(at) / 1000),
      }),
      ...releaseClaimant(claim),
      holdDueDelete(claim),
      eventPut(
        stepEvent(claim.kind, 'expired', claim, at, {
          holdExpiresAt: instantOfEpochSeconds(claim.holdExpiresAt ?? 0),
        }),
      ),
    ];
  }

  /** The first `count` people waiting, in ticket order; a consistent read, so never a stale head. */
  async function waitingHeads(kind: K, activityId: string, count: number): Promise<W[]> {
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
    return (result.Items ?? []).map(space.parseWaiting);
  }

  /**
   * The items that hand a freed seat to one waiting person (the seat counters are the caller's):
   * confirmed at once, or, with `holdUntil` (an `email` activity), held until then, awaiting the
   * confirmation the promotion mail asks for.
   */
  function promotionItems(kind: K, activity: A, head: W, at: string, holdUntil?: number): TransactItems {
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
        stepEvent(
          kind,
          'promoted',
          { ...space.promotedReference(activity, head), channel: head.channel },
          at,
          held
            ? { status: 'held', holdExpiresAt: instantOfEpochSeconds(holdUntil) }
            : { status: 'confirmed' },
        ),
      ),
    ];
  }

  /**
   * A number in the activity's line of claimants, from a counter on an item of its own (no index
   * keys, so 1 WCU). Correctness never depends on it — every seat and ticket is a conditional write
   * — but it keeps a crowd from retrying in lockstep: a claimant attempts when at most one claimant
   * numbered before it is still unserved, and otherwise waits about as long as those take. Under a
   * crowd, compare-and-set without such a line costs O(n²) refused transactions.
   */
  async function takeNumber(kind: K, activityId: string): Promise<number> {
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
  async function leaveLine(kind: K, activityId: string): Promise<void> {
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

  return {
    stepEvent,
    readActivity,
    readSeats,
    readClaim,
    seatUpdate,
    holdDuePut,
    holdDueDelete,
    releaseClaimant,
    claimStatusUpdate,
    lapseItems,
    waitingHeads,
    promotionItems,
    takeNumber,
    leaveLine,
  };
}
