import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SeatedKind } from '../../events/volunteering';
import { runtimeConfig } from '../../shared/config/runtime';
import { documentClient } from '../../shared/db/client';
import { tableName } from '../../shared/db/items';
import { volunteeringKeys as keys } from '../../shared/db/keys';
import { transactWrite } from '../../shared/db/transact';
import { ConflictError } from '../../shared/domain/errors';
import { parseVolunteer } from './dynamo-items';
import {
  activityUpdate,
  claimStatusUpdate,
  eventPut,
  itemTypes,
  leaveLine,
  promotionItems,
  readActivity,
  readClaim,
  readVolunteer,
  type TransactItems,
  takeNumber,
  volunteerUpdate,
  waitingHeads,
} from './dynamo-seat-items';
import { seatEvent } from './seat-kinds';
import { capacityRefusal, commitmentOf, commitTo, decideSeat, isActive, promotionsDue } from './seat-rules';
import type {
  CapacityOutcome,
  ClaimOutcome,
  NewClaim,
  ReleaseOutcome,
  StoredClaim,
  StoredVolunteer,
} from './store';

/**
 * The seat-and-waitlist mechanism, once, for shifts and training sessions alike. What a claim gets
 * is decided by `seat-rules.ts`; this commits the decision on condition that what it was based on
 * still holds.
 *
 * Every seat count lives on the activity's own item and moves only inside a `TransactWriteItems`
 * whose condition re-checks what the decision was based on:
 * - a seat: `confirmed < capacity AND waiting = 0`, with the claim, the one-per-person marker and
 *   the volunteer's commitments in the same transaction, so confirmed never exceeds capacity;
 * - a waitlist place: compare-and-set on the ticket counter and the queue length, so tickets are
 *   1, 2, 3… in commit order and the position answered is exact when it commits;
 * - a cancellation: the claim, its seat and the promotion of the first person waiting (read with a
 *   consistent query of the activity's partition) in one transaction that requires the promoted
 *   claim still to be waiting.
 * A refused condition means "the state moved": read again and decide again. Only the one-per-person
 * marker's refusal is an answer (409). Under a crowd, refused claimants take a number and wait their
 * turn (`takeNumber`) instead of retrying at random, which would refuse each other O(n²) times.
 * Transactions are sent once (`retryConflicts: false`): under contention a decision read a moment
 * ago is stale anyway, so a `TransactionConflict` is treated like a refused condition.
 */

/**
 * How long one request keeps retrying under contention before answering 409 `busy`
 * (`SEAT_CLAIM_PATIENCE_SECONDS`, default 25: inside the volunteering function's 28 s).
 */
const settleBudgetMs = () => runtimeConfig().SEAT_CLAIM_PATIENCE_SECONDS * 1000;
/** The longest pause between two attempts of a cancellation or capacity change. */
const MAX_BACKOFF_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One transaction, not retried: a refusal, contention included, means "decide again". */
const transactOnce = (items: TransactItems) => transactWrite(items, { retryConflicts: false });

/**
 * Runs `attempt` until it settles; `undefined` means the state moved between read and write.
 * Retries back off exponentially with full jitter, so a crowd contending for one shift spreads
 * out instead of refusing each other in lockstep.
 */
async function untilSettled<T>(attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + settleBudgetMs();
  for (let round = 1; ; round++) {
    const settled = await attempt();
    if (settled !== undefined) return settled;
    if (Date.now() > deadline)
      throw new ConflictError('Too many people are signing up at this moment; try again.', 'busy');
    await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, 10 * 2 ** round));
  }
}

/** Item indexes in the claim transaction, for telling which condition refused it. */
const SEAT_HOLDER_ITEM = 2;
const VOLUNTEER_ITEM = 3;

/**
 * Takes a seat on the activity, or the next place on its waitlist. The person's other seats and
 * waitlist places are their commitments: one that overlaps in time refuses the claim.
 */
export async function claimSeat(
  claim: NewClaim,
  now: string,
  volunteerSkills: readonly string[],
): Promise<ClaimOutcome> {
  const interval = commitmentOf(claim);
  const deadline = Date.now() + settleBudgetMs();
  let volunteerKnown: StoredVolunteer | 'absent' | undefined;
  let number: number | undefined;
  // How fast the line moves: served count, when it last moved, and the time per claimant since.
  let line: { served: number; at: number; msEach: number } | undefined;
  const attempt = async (): Promise<ClaimOutcome & { fill?: boolean }> => {
    for (;;) {
      const [activity, volunteerOrAbsent] = await Promise.all([
        readActivity(claim.kind, claim.activityId),
        volunteerKnown ?? readVolunteer(claim.volunteerId).then((found) => found ?? 'absent'),
      ]);
      volunteerKnown = volunteerOrAbsent;
      const volunteer = volunteerOrAbsent === 'absent' ? undefined : volunteerOrAbsent;
      if (!activity) return { outcome: 'gone' };
      const commitment = commitTo(volunteer, claim.claimId, interval, now);
      if ('refused' in commitment) return { outcome: commitment.refused };

      if (number !== undefined) {
        const served = activity.lineServed ?? 0;
        const at = performance.now();
        if (!line || served > line.served)
          line = { served, at, msEach: line ? (at - line.at) / (served - line.served) : 20 };
        const ahead = number - 1 - served;
        // Go when next in line; also when the line has not moved for a while (someone ahead left
        // without saying so), and when time is running out.
        const stalled = at - line.at > Math.max(200, 4 * line.msEach);
        if (ahead > 1 && !stalled && Date.now() < deadline) {
          await sleep(Math.min(500, Math.max(2, (ahead - 1) * line.msEach * (0.5 + Math.random()))));
          continue;
        }
      }
      const serveNumber =
        number === undefined ? '' : ', lineServed = if_not_exists(lineServed, :zero) + :one';

      const decision = decideSeat(activity);
      const stored: StoredClaim =
        decision.status === 'confirmed'
          ? { ...claim, status: 'confirmed' }
          : { ...claim, status: 'waitlisted', ticket: decision.ticket };
      const items: TransactItems = [
        decision.status === 'confirmed'
          ? activityUpdate(
              claim.kind,
              claim.activityId,
              `SET confirmed = confirmed + :one, claims = claims + :one${serveNumber}`,
              {},
              'confirmed < #capacity AND waiting = :zero',
            )
          : activityUpdate(
              claim.kind,
              claim.activityId,
              `SET waiting = waiting + :one, waitlistIssued = :ticket, claims = claims + :one${serveNumber}`,
              {
                ':ticket': decision.ticket,
                ':issued': activity.waitlistIssued,
                ':waiting': activity.waiting,
              },
              'waitlistIssued = :issued AND waiting = :waiting AND (confirmed >= #capacity OR waiting > :zero)',
            ),
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.claim(claim.kind, claim.claimId),
              ...keys.claimRoster(claim.kind, claim.activityId, stored.status, claim.claimId),
              ...keys.claimOfVolunteer(claim.kind, claim.volunteerId, claim.claimId),
              type: itemTypes[claim.kind].claim,
              ...stored,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.seatHolder(claim.kind, claim.activityId, claim.participantHash),
              type: 'SeatHolder',
              claimId: claim.claimId,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        volunteerUpdate(volunteer, claim, commitment.commitments, volunteerSkills, now),
        ...(decision.status === 'confirmed'
          ? []
          : [
              {
                Put: {
                  TableName: tableName(),
                  Item: {
                    ...keys.waitingEntry(claim.kind, claim.activityId, decision.ticket),
                    type: 'WaitlistEntry',
                    claimId: claim.claimId,
                    volunteerId: claim.volunteerId,
                    ticket: decision.ticket,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ]),
        eventPut(
          decision.status === 'confirmed'
            ? seatEvent(claim.kind, 'confirmed', claim, now, { participantHash: claim.participantHash })
            : seatEvent(claim.kind, 'waitlisted', claim, now, {
                participantHash: claim.participantHash,
                position: decision.position,
              }),
        ),
      ];
      const result = await transactOnce(items);
      if (result.ok)
        return decision.status === 'confirmed'
          ? { outcome: 'confirmed' }
          : { outcome: 'waitlisted', position: decision.position, fill: decision.seatsFreeBehindQueue };
      if (result.failedConditions.includes(SEAT_HOLDER_ITEM)) return { outcome: 'duplicate' };
      const currentVolunteer = result.current.get(VOLUNTEER_ITEM);
      volunteerKnown = currentVolunteer
        ? parseVolunteer(currentVolunteer)
        : result.failedConditions.includes(VOLUNTEER_ITEM)
          ? undefined
          : volunteerOrAbsent;
      if (Date.now() > deadline)
        throw new ConflictError('Too many people are signing up at this moment; try again.', 'busy');
      // Refused: someone else's claim committed first. Take a number, then wait for it.
      if (number === undefined) number = await takeNumber(claim.kind, claim.activityId);
      else await sleep(Math.random() * 20);
    }
  };
  const settled = await attempt().catch(async (error: unknown) => {
    if (number !== undefined) await leaveLine(claim.kind, claim.activityId);
    throw error;
  });
  // A claimant leaving the line without a seat must not hold up those behind it.
  if (number !== undefined && settled.outcome !== 'confirmed' && settled.outcome !== 'waitlisted')
    await leaveLine(claim.kind, claim.activityId);
  // Seats were free while people waited (a capacity increase still promoting): let the line move.
  if (settled.fill) await fillFreeSeats(claim.kind, claim.activityId, now);
  const { fill: _fill, ...outcome } = settled;
  return outcome;
}

/**
 * Cancels a claim. A confirmed seat goes, in the same transaction, to the first person waiting;
 * with nobody waiting (checked by the transaction's condition) the seat is simply freed.
 */
export async function releaseSeat(
  kind: SeatedKind,
  claimId: string,
  by: 'volunteer' | 'staff',
  at: string,
): Promise<ReleaseOutcome> {
  return untilSettled<ReleaseOutcome>(async () => {
    const claim = await readClaim(kind, claimId);
    if (!claim) return { outcome: 'gone' };
    if (!isActive(claim.status)) return { outcome: 'not-active', status: claim.status };
    const items: TransactItems = [
      claimStatusUpdate(claim, claim.status, 'cancelled', { cancelledAt: at, cancelledBy: by }),
      {
        Delete: {
          TableName: tableName(),
          Key: keys.seatHolder(kind, claim.activityId, claim.participantHash),
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
      eventPut(seatEvent(kind, 'cancelled', claim, at, { previousStatus: claim.status, cancelledBy: by })),
    ];
    let promoted = false;
    if (claim.status === 'waitlisted') {
      items.push(
        {
          Delete: {
            TableName: tableName(),
            Key: keys.waitingEntry(kind, claim.activityId, claim.ticket ?? 0),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        activityUpdate(
          kind,
          claim.activityId,
          'SET waiting = waiting - :one, cancellations = cancellations + :one',
          {},
        ),
      );
    } else {
      const [activity, [head]] = await Promise.all([
        readActivity(kind, claim.activityId),
        waitingHeads(kind, claim.activityId, 1),
      ]);
      if (!activity) return { outcome: 'gone' };
      if (head) {
        // The freed seat goes to the first person waiting.
        promoted = true;
        items.push(
          ...promotionItems(kind, activity, head, at),
          activityUpdate(
            kind,
            claim.activityId,
            'SET waiting = waiting - :one, cancellations = cancellations + :one, promotions = promotions + :one',
            {},
          ),
        );
      } else {
        items.push(
          activityUpdate(
            kind,
            claim.activityId,
            'SET confirmed = confirmed - :one, cancellations = cancellations + :one',
            {},
            'waiting = :zero',
          ),
        );
      }
    }
    const result = await transactOnce(items);
    return result.ok ? { outcome: 'cancelled', promoted } : undefined;
  });
}

/** Promotes waiting people while seats are free (after a capacity increase), a batch per transaction. */
export async function fillFreeSeats(kind: SeatedKind, activityId: string, at: string): Promise<void> {
  await untilSettled<true>(async () => {
    const activity = await readActivity(kind, activityId);
    const due = activity ? promotionsDue(activity) : 0;
    if (!activity || due === 0) return true;
    const heads = await waitingHeads(kind, activityId, due);
    if (heads.length === 0) return true;
    await transactOnce([
      activityUpdate(
        kind,
        activityId,
        'SET confirmed = confirmed + :k, waiting = waiting - :k, promotions = promotions + :k',
        {
          ':k': heads.length,
          ':confirmed': activity.confirmed,
          ':capacity': activity.capacity,
          ':waiting': activity.waiting,
        },
        'confirmed = :confirmed AND #capacity = :capacity AND waiting = :waiting',
      ),
      ...heads.flatMap((head) => promotionItems(kind, activity, head, at)),
    ]);
    // Committed or not, read again: more seats may be free, or someone else moved the line.
    return undefined;
  });
}

/** Sets a new capacity; never below the seats already confirmed (the update's condition). */
export async function changeCapacity(
  kind: SeatedKind,
  activityId: string,
  capacity: number,
  at: string,
): Promise<CapacityOutcome> {
  const outcome = await untilSettled<CapacityOutcome>(async () => {
    const activity = await readActivity(kind, activityId);
    if (!activity) return { outcome: 'gone' };
    const refused = capacityRefusal(activity, capacity);
    if (refused) return refused;
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.seated(kind, activityId),
          UpdateExpression: 'SET #capacity = :capacity',
          ConditionExpression: 'confirmed <= :capacity',
          ExpressionAttributeNames: { '#capacity': 'capacity' },
          ExpressionAttributeValues: { ':capacity': capacity },
        }),
      );
      return { outcome: 'changed' };
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  });
  if (outcome.outcome === 'changed') await fillFreeSeats(kind, activityId, at);
  return outcome;
}

/**
 * Where a waiting claim stands now: 1 + the people still waiting with an earlier ticket. Positions
 * answered at sign-up are the same figure at that moment; promotions and cancellations ahead move
 * everyone behind them up, so the remaining people keep their order with positions 1..N.
 */
export async function waitlistPosition(claim: StoredClaim): Promise<number> {
  if (claim.status !== 'waitlisted' || claim.ticket === undefined) return 0;
  let ahead = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :before',
        ExpressionAttributeValues: {
          ':pk': keys.seated(claim.kind, claim.activityId).pk,
          ':first': keys.waitingPrefix(),
          ':before': keys.waitingEntry(claim.kind, claim.activityId, claim.ticket - 1).sk,
        },
        Select: 'COUNT',
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    ahead += result.Count ?? 0;
    start = result.LastEvaluatedKey;
  } while (start);
  return ahead + 1;
}
