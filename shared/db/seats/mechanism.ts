import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { runtimeConfig } from '../../config/runtime';
import type { Channel } from '../../domain/channel';
import { epochSeconds, instantOfEpochSeconds, pendingUntil } from '../../domain/confirmation';
import type { DomainEvent } from '../../domain/domain-event';
import { ConflictError } from '../../domain/errors';
import type { SeatKind } from '../../domain/seats/kinds';
import type {
  CapacityOutcome,
  ClaimOutcome,
  ConfirmOutcome,
  DueHold,
  LapseOutcome,
  ReleaseOutcome,
} from '../../domain/seats/outcomes';
import {
  capacityRefusal,
  decideSeat,
  isActive,
  isLapsedHold,
  type NewSeatClaim,
  promotedStatus,
  promotionsDue,
  type SeatActivity,
  type SeatClaim,
} from '../../domain/seats/rules';
import { documentClient } from '../client';
import { parseEntity, tableName } from '../items';
import type { PrimaryKey } from '../keys';
import { queryAll } from '../query';
import { transactWrite } from '../transact';
import { eventPut, seatItems, type TransactItem, type TransactItems } from './items';

/**
 * The seat-and-waitlist mechanism, once, for every context that hands out seats: volunteering's
 * shifts and training sessions, and any later context (meetings). What a claim gets is decided by
 * `shared/domain/seats/rules.ts`; this commits the decision on condition that what it was based on
 * still holds. A context never shares another's items: it instantiates the mechanism with
 * `seatMechanism(space)` in its own `dynamo-*.ts`, and the `SeatSpace` is what it supplies:
 * - `keys`: its key builders (from `shared/db/keys.ts`) for the activity's item (which keeps the
 *   counters, waitlist entries, one-per-person markers and the line in its partition), the claim
 *   and its roster entry, the hold-due items and their partition per day;
 * - `kinds` and `claimTypes`: its seated kinds and the `type` of their claim items;
 * - `parseActivity`, `parseClaim`, `parseWaiting`: its items parsed at the storage boundary (a
 *   claim without `channel` reads as `web`);
 * - `seatKinds` and `promotedReference`: per kind, the event of each step and the fields naming a
 *   claim in them (`SeatKind`, `shared/domain/seats/kinds.ts`);
 * - `claimAttributes`, `holderAttributes`, `waitingAttributes`: what its items carry besides the
 *   mechanism's fields (its own index keys, personal-data attributes, the claimant's ID);
 * - `countedEvents`: events raised in the write that makes a claim count (a consent, say);
 * - `claimant`: the hook for the claimant's own record, written in the claim's transaction (for
 *   volunteering the profile and its commitments, which refuse overlapping claims; a context with
 *   no such record admits every claim and writes nothing).
 *
 * Every seat count lives on the activity's own item and moves only inside a `TransactWriteItems`
 * whose condition re-checks what the decision was based on:
 * - a seat: `taken < capacity AND waiting = 0`, with the claim, the one-per-person marker and the
 *   claimant's record in the same transaction, so confirmed never exceeds capacity;
 * - a waitlist place: compare-and-set on the ticket counter and the queue length, so tickets are
 *   1, 2, 3… in commit order and the position answered is exact when it commits;
 * - a cancellation: the claim, its seat and the promotion of the first person waiting (read with a
 *   consistent query of the activity's partition) in one transaction that requires the promoted
 *   claim still to be waiting.
 * - a hold (an `email` activity): the seat as above, with `taken` (confirmed + held) in place of
 *   `confirmed` and an entry `holds.<claimId> = <lapse epoch second>`; a lapsed entry's seat is
 *   taken over in the claimant's own transaction on condition `holds.<old> <= :now` (the clock,
 *   not TTL), which lapses the old claim with it; confirming moves the seat from held to confirmed
 *   on condition `holds.<claimId> > :now`.
 * A refused condition means "the state moved": read again and decide again. Only the one-per-person
 * marker's refusal is an answer (409). Under a crowd, refused claimants take a number and wait their
 * turn (`takeNumber`) instead of retrying at random, which would refuse each other O(n²) times.
 * Transactions are sent once (`retryConflicts: false`): under contention a decision read a moment
 * ago is stale anyway, so a `TransactionConflict` is treated like a refused condition.
 */

/** The key builders of a context's seated activities (its own prefixes, in `shared/db/keys.ts`). */
export interface SeatKeys<K extends string> {
  /** The activity's own item: details and the seat counters. */
  seated(kind: K, activityId: string): PrimaryKey;
  claim(kind: K, claimId: string): PrimaryKey;
  /** gsi1: an activity's claims by status (`<status>#<claimId>`). */
  claimRoster(
    kind: K,
    activityId: string,
    status: string,
    claimId: string,
  ): { gsi1pk: string; gsi1sk: string };
  /** The one-per-person marker, in the activity's partition. */
  seatHolder(kind: K, activityId: string, participantHash: string): PrimaryKey;
  /** A waitlist place, in the activity's partition, sorted by ticket. */
  waitingEntry(kind: K, activityId: string, ticket: number): PrimaryKey;
  waitingPrefix(): string;
  holdDue(expiresAtIso: string, kind: K, claimId: string): PrimaryKey;
  holdsDuePartition(utcDay: string): { pk: string };
  /** The number dispenser of the activity's line of claimants. */
  seatLine(kind: K, activityId: string): PrimaryKey;
}

/** A place on a waitlist as the mechanism needs it; a context's entry may carry its claimant's ID. */
export interface WaitingEntry {
  claimId: string;
  ticket: number;
  /** The claim's channel, so the promotion event carries it without reading the claim. */
  channel: Channel;
}

/** The claimant's own record, written with each claim (see the design note). */
export interface ClaimantHook<K extends string, C extends SeatClaim<K>, P, X> {
  /** The record as it stands (consistent), `undefined` when the claimant has none yet. */
  read(claim: NewSeatClaim<C>): Promise<P | undefined>;
  /**
   * Whether the claimant may take this claim. Refused: `by` is the claim in the way (a duplicate on
   * the same activity, or an overlap), which the mechanism reads and, if it is a lapsed hold,
   * lapses before deciding again. Admitted: the write of the record (conditioned on the version
   * read; `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`), if the context keeps one.
   */
  admit(
    record: P | undefined,
    claim: NewSeatClaim<C>,
    now: string,
    input: X,
  ): { refused: 'duplicate' | 'overlap'; by: { kind: K; claimId: string } } | { write?: TransactItem };
  /** The record as a refused write returned it. */
  parse(item: Record<string, unknown>): P;
  /** What leaving a claim (cancelled, lapsed) changes on the record. */
  release(claim: C): TransactItems;
}

/** What a context supplies to instantiate the mechanism (see the design note above). */
export interface SeatSpace<
  K extends string,
  A extends SeatActivity<K>,
  C extends SeatClaim<K> & R,
  W extends WaitingEntry,
  R,
  P,
  X,
> {
  kinds: readonly [K, ...K[]];
  keys: SeatKeys<K>;
  /** The `type` of each kind's claim items. */
  claimTypes: Record<K, string>;
  parseActivity(item: Record<string, unknown>): A;
  parseClaim(item: Record<string, unknown>): C;
  parseWaiting(item: Record<string, unknown>): W;
  seatKinds: Record<K, SeatKind<R>>;
  /** The fields naming a promoted claim, from its activity and its waitlist entry. */
  promotedReference(activity: A, head: W): R;
  /** The claim item's attributes besides its key, roster key, `type` and fields. */
  claimAttributes(claim: C, item: { type: string } & PrimaryKey, now: string): Record<string, unknown>;
  /**
   * The `type` of the one-per-person markers (default `SeatHolder`): each context declares its
   * markers' personal data once, under its own entity name.
   */
  holderType?: string;
  /** The one-per-person marker's attributes besides its key, `type` and `claimId`. */
  holderAttributes(
    claim: NewSeatClaim<C>,
    item: { type: string } & PrimaryKey,
    now: string,
  ): Record<string, unknown>;
  /** The waitlist entry's attributes besides its key, `type`, `claimId`, `ticket` and `channel`. */
  waitingAttributes(claim: NewSeatClaim<C>): Record<string, unknown>;
  /** Events raised in the write that makes a claim count (an `open` claim, an `email` one confirmed). */
  countedEvents(claim: NewSeatClaim<C> | C, at: string): DomainEvent[];
  claimant: ClaimantHook<K, C, P, X>;
}

/**
 * How long one request keeps retrying under contention before answering 409 `busy`
 * (`SEAT_CLAIM_PATIENCE_SECONDS`, default 25: inside a seat function's 28 s).
 */
const settleBudgetMs = () => runtimeConfig().SEAT_CLAIM_PATIENCE_SECONDS * 1000;
/** The longest pause between two attempts of a cancellation or capacity change. */
const MAX_BACKOFF_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One transaction, not retried: a refusal, contention included, means "decide again". */
const transactOnce = (items: TransactItems) => transactWrite(items, { retryConflicts: false });

/**
 * Runs `attempt` until it settles; `undefined` means the state moved between read and write.
 * Retries back off exponentially with full jitter, so a crowd contending for one activity spreads
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
const CLAIMANT_ITEM = 3;

/** How long a seat is held for a claim awaiting its emailed confirmation (`SEAT_HOLD_MINUTES`). */
const holdSeconds = () => runtimeConfig().SEAT_HOLD_MINUTES * 60;
const epochOf = (at: string) => epochSeconds(new Date(at));
/** The epoch second a hold taken at `at` lapses (the confirmation mechanism's deadline). */
const holdUntil = (at: string) => pendingUntil(new Date(at), holdSeconds()).expiresAt;

const seatHolderClaim = z.object({ claimId: z.string() });

/** How many UTC days back the hold-lapsing job looks for holds due (a hold lasts a day at most). */
const HOLD_DAYS_BACK = 2;

export function seatMechanism<
  K extends string,
  A extends SeatActivity<K>,
  C extends SeatClaim<K> & R,
  W extends WaitingEntry,
  R,
  P,
  X,
>(space: SeatSpace<K, A, C, W, R, P, X>) {
  const { keys, claimant } = space;
  const items = seatItems(space);
  const {
    stepEvent,
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
  } = items;
  const dueHold = z.object({ kind: z.enum(space.kinds), claimId: z.string() });

  /**
   * Takes a seat on the activity (held, on an `email` one), or the next place on its waitlist. The
   * claimant's record may refuse it (a claim in the way), unless that claim is a hold that has
   * lapsed, which lapses first.
   */
  async function claimSeat(claim: NewSeatClaim<C>, now: string, input: X): Promise<ClaimOutcome<C>> {
    const nowEpoch = epochOf(now);
    const deadline = Date.now() + settleBudgetMs();
    const { pendingTokenHash, ...base } = claim;
    let known: { record: P | undefined } | undefined;
    let number: number | undefined;
    // How fast the line moves: served count, when it last moved, and the time per claimant since.
    let line: { served: number; at: number; msEach: number } | undefined;
    const attempt = async (): Promise<ClaimOutcome<C> & { fill?: boolean }> => {
      for (;;) {
        const [activity, read] = await Promise.all([
          readSeats(claim.kind, claim.activityId),
          known ?? claimant.read(claim).then((record) => ({ record })),
        ]);
        known = read;
        const { record } = read;
        if (!activity) return { outcome: 'gone' };
        const admitted = claimant.admit(record, claim, now, input);
        if ('refused' in admitted) {
          const other = await readClaim(admitted.by.kind, admitted.by.claimId);
          if (isLapsedHold(other, nowEpoch)) {
            // The person's own hold lapsed: it no longer stands in their way.
            await lapseHold(other.kind, other.claimId, now);
            known = undefined;
            continue;
          }
          return admitted.refused === 'duplicate'
            ? { outcome: 'duplicate', ...(other ? { existing: other } : {}) }
            : { outcome: 'overlap', ...(other ? { other } : {}) };
        }

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
        const serve = number === undefined ? [] : ['lineServed = if_not_exists(lineServed, :zero) + :one'];

        const decision = decideSeat(activity, nowEpoch);
        if (decision.status === 'pass-lapsed-hold') {
          // People are waiting: the lapsed hold's seat is theirs. Pass it on, then decide again.
          await lapseHold(claim.kind, decision.claimId, now);
          continue;
        }
        const open = activity.assurance === 'open';
        let reclaimed: C | undefined;
        if (decision.status !== 'waitlisted' && decision.reclaims) {
          reclaimed = await readClaim(claim.kind, decision.reclaims);
          if (!isLapsedHold(reclaimed, nowEpoch) || reclaimed.participantHash === claim.participantHash) {
            // Lapse it on its own (its claimant is this person, or it moved): then decide again.
            const lapsed = await lapseHold(claim.kind, decision.reclaims, now);
            if (lapsed.outcome === 'not-due' && reclaimed?.status === 'held')
              throw new Error(`A hold on ${claim.kind} ${claim.activityId} is due but cannot lapse.`);
            continue;
          }
        }
        const until = holdUntil(now);
        // The claim as stored: the context's own fields as it made them, and what the mechanism
        // decided (a `C` by construction; TypeScript cannot see through the `Omit` of a generic).
        const stored = {
          ...base,
          assurance: activity.assurance,
          ...(decision.status === 'waitlisted'
            ? { status: 'waitlisted', ticket: decision.ticket }
            : decision.status === 'held'
              ? {
                  status: 'held',
                  holdExpiresAt: until,
                  ...(pendingTokenHash ? { tokenHash: pendingTokenHash } : {}),
                }
              : { status: 'confirmed' }),
        } as unknown as C;
        const seatItem =
          decision.status === 'waitlisted'
            ? seatUpdate(
                claim.kind,
                claim.activityId,
                { add: { waiting: 1, claims: open ? 1 : 0 }, set: ['waitlistIssued = :ticket', ...serve] },
                'waitlistIssued = :issued AND waiting = :waiting AND (#taken >= #capacity OR waiting > :zero)',
                {
                  ':ticket': decision.ticket,
                  ':issued': activity.waitlistIssued,
                  ':waiting': activity.waiting,
                },
              )
            : seatUpdate(
                claim.kind,
                claim.activityId,
                {
                  add: {
                    taken: reclaimed ? 0 : 1,
                    confirmed: decision.status === 'confirmed' ? 1 : 0,
                    // `email` claims count once confirmed.
                    claims: decision.status === 'confirmed' ? 1 : 0,
                  },
                  ...(decision.status === 'held'
                    ? { hold: { '#new': [claim.claimId, until] as const } }
                    : {}),
                  ...(reclaimed ? { release: { '#old': reclaimed.claimId } } : {}),
                  set: serve,
                },
                reclaimed
                  ? '#holds.#old <= :now AND waiting = :zero'
                  : '#taken < #capacity AND waiting = :zero',
                reclaimed ? { ':now': nowEpoch } : {},
              );
        const claimKey = { type: space.claimTypes[claim.kind], ...keys.claim(claim.kind, claim.claimId) };
        const holderKey = {
          type: space.holderType ?? 'SeatHolder',
          ...keys.seatHolder(claim.kind, claim.activityId, claim.participantHash),
        };
        const transaction: TransactItems = [
          seatItem,
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...claimKey,
                ...keys.claimRoster(claim.kind, claim.activityId, stored.status, claim.claimId),
                ...stored,
                // The hold's lapse is `holdExpiresAt`, so `expiresAt` is free for the retention.
                ...space.claimAttributes(stored, claimKey, now),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...holderKey,
                claimId: claim.claimId,
                ...space.holderAttributes(claim, holderKey, now),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          // Always at CLAIMANT_ITEM when there is one.
          ...(admitted.write ? [admitted.write] : []),
          ...(decision.status === 'waitlisted'
            ? [
                {
                  Put: {
                    TableName: tableName(),
                    Item: {
                      ...keys.waitingEntry(claim.kind, claim.activityId, decision.ticket),
                      type: 'WaitlistEntry',
                      claimId: claim.claimId,
                      ...space.waitingAttributes(claim),
                      ticket: decision.ticket,
                      channel: claim.channel,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ]
            : decision.status === 'held'
              ? [holdDuePut(claim.kind, claim.claimId, until)]
              : []),
          eventPut(
            decision.status === 'waitlisted'
              ? stepEvent(claim.kind, 'waitlisted', stored, now, {
                  participantHash: claim.participantHash,
                  position: decision.position,
                  assurance: activity.assurance,
                })
              : decision.status === 'held'
                ? stepEvent(claim.kind, 'held', stored, now, { holdExpiresAt: instantOfEpochSeconds(until) })
                : stepEvent(claim.kind, 'confirmed', stored, now, {
                    participantHash: claim.participantHash,
                    assurance: activity.assurance,
                  }),
          ),
          // An `open` claim counts now (a seat or a waitlist place): so do the context's counted events.
          ...(open ? space.countedEvents(claim, now).map(eventPut) : []),
          // The lapsed hold whose seat this claim takes over lapses in the same transaction.
          ...(reclaimed ? lapseItems(reclaimed, now) : []),
        ];
        const result = await transactOnce(transaction);
        if (result.ok) {
          if (decision.status === 'waitlisted')
            return {
              outcome: 'waitlisted',
              position: decision.position,
              fill: decision.seatsFreeBehindQueue,
            };
          return decision.status === 'held'
            ? { outcome: 'held', holdExpiresAt: until }
            : { outcome: 'confirmed' };
        }
        if (result.failedConditions.includes(SEAT_HOLDER_ITEM)) {
          const holder = result.current.get(SEAT_HOLDER_ITEM);
          const existing = holder
            ? await readClaim(claim.kind, parseEntity(seatHolderClaim, holder).claimId)
            : undefined;
          if (!isLapsedHold(existing, nowEpoch))
            return { outcome: 'duplicate', ...(existing ? { existing } : {}) };
          await lapseHold(existing.kind, existing.claimId, now);
          known = undefined;
          continue;
        }
        if (admitted.write) {
          const current = result.current.get(CLAIMANT_ITEM);
          known = current
            ? { record: claimant.parse(current) }
            : result.failedConditions.includes(CLAIMANT_ITEM)
              ? undefined
              : read;
        }
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
    const seated = ['confirmed', 'held', 'waitlisted'].includes(settled.outcome);
    if (number !== undefined && !seated) await leaveLine(claim.kind, claim.activityId);
    // Seats were free while people waited (a capacity increase still promoting): let the line move.
    if (settled.fill) await fillFreeSeats(claim.kind, claim.activityId, now);
    const { fill: _fill, ...outcome } = settled;
    return outcome as ClaimOutcome<C>;
  }

  /**
   * The counters of handing a seat to the first person waiting (`head`): held until `until` on an
   * `email` activity, confirmed on an `open` one. `add` is what else moves.
   */
  function passSeatTo(
    activity: A,
    head: { claimId: string },
    until: number,
    add: Partial<Record<'taken' | 'confirmed' | 'cancellations' | 'promotions', number>>,
  ) {
    const held = promotedStatus(activity) === 'held';
    return {
      add: {
        ...add,
        waiting: -1,
        promotions: (add.promotions ?? 0) + 1,
        confirmed: (add.confirmed ?? 0) + (held ? 0 : 1),
      },
      ...(held ? { hold: { '#head': [head.claimId, until] as const } } : {}),
    };
  }

  /**
   * Cancels a claim. A confirmed or held seat goes, in the same transaction, to the first person
   * waiting (held for them to confirm, on an `email` activity); with nobody waiting (checked by the
   * transaction's condition) the seat is simply freed. `set` is what else the claim records
   * (who cancelled it, say).
   */
  async function releaseSeat(
    kind: K,
    claimId: string,
    at: string,
    set: Record<string, unknown> = {},
    eventFields: Record<string, unknown> = {},
  ): Promise<ReleaseOutcome<C['status']>> {
    return untilSettled<ReleaseOutcome<C['status']>>(async () => {
      const claim = await readClaim(kind, claimId);
      if (!claim) return { outcome: 'gone' };
      if (!isActive(claim.status)) return { outcome: 'not-active', status: claim.status };
      const transaction: TransactItems = [
        claimStatusUpdate(claim, claim.status, 'cancelled', { cancelledAt: at, ...set }),
        ...releaseClaimant(claim),
        eventPut(stepEvent(kind, 'cancelled', claim, at, { previousStatus: claim.status, ...eventFields })),
      ];
      let promoted = false;
      if (claim.status === 'waitlisted') {
        transaction.push(
          {
            Delete: {
              TableName: tableName(),
              Key: keys.waitingEntry(kind, claim.activityId, claim.ticket ?? 0),
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
          seatUpdate(kind, claim.activityId, { add: { waiting: -1, cancellations: 1 } }),
        );
      } else {
        const [activity, [head]] = await Promise.all([
          readSeats(kind, claim.activityId),
          waitingHeads(kind, claim.activityId, 1),
        ]);
        if (!activity) return { outcome: 'gone' };
        const wasHeld = claim.status === 'held';
        if (wasHeld) transaction.push(holdDueDelete(claim));
        const release = wasHeld ? { release: { '#mine': claim.claimId } } : {};
        const mine = wasHeld ? ' AND attribute_exists(#holds.#mine)' : '';
        if (head) {
          // The freed seat goes to the first person waiting.
          promoted = true;
          const until = holdUntil(at);
          transaction.push(
            ...promotionItems(
              kind,
              activity,
              head,
              at,
              promotedStatus(activity) === 'held' ? until : undefined,
            ),
            seatUpdate(
              kind,
              claim.activityId,
              {
                ...passSeatTo(activity, head, until, { cancellations: 1, confirmed: wasHeld ? 0 : -1 }),
                ...release,
              },
              `attribute_exists(pk)${mine}`,
            ),
          );
        } else {
          transaction.push(
            seatUpdate(
              kind,
              claim.activityId,
              { add: { taken: -1, confirmed: wasHeld ? 0 : -1, cancellations: 1 }, ...release },
              `waiting = :zero${mine}`,
            ),
          );
        }
      }
      const result = await transactOnce(transaction);
      return result.ok ? { outcome: 'cancelled', promoted } : undefined;
    });
  }

  /**
   * Lapses a hold that is due at `at` (the clock, in the conditions): the claim → `expired`, its
   * claimant released (may claim again), and its seat to the first person waiting — held for them
   * to confirm — or freed. A hold still live, or no longer held, is `not-due`.
   */
  async function lapseHold(kind: K, claimId: string, at: string): Promise<LapseOutcome> {
    const now = epochOf(at);
    return untilSettled<LapseOutcome>(async () => {
      const claim = await readClaim(kind, claimId);
      if (!isLapsedHold(claim, now)) return { outcome: 'not-due' };
      const [activity, [head]] = await Promise.all([
        readSeats(kind, claim.activityId),
        waitingHeads(kind, claim.activityId, 1),
      ]);
      if (!activity) return { outcome: 'not-due' };
      const until = holdUntil(at);
      const release = { release: { '#old': claimId } };
      const transaction: TransactItems = [
        ...lapseItems(claim, at),
        ...(head
          ? [
              ...promotionItems(
                kind,
                activity,
                head,
                at,
                promotedStatus(activity) === 'held' ? until : undefined,
              ),
              seatUpdate(
                kind,
                claim.activityId,
                { ...passSeatTo(activity, head, until, {}), ...release },
                '#holds.#old <= :now',
                { ':now': now },
              ),
            ]
          : [
              seatUpdate(
                kind,
                claim.activityId,
                { add: { taken: -1 }, ...release },
                '#holds.#old <= :now AND waiting = :zero',
                { ':now': now },
              ),
            ]),
      ];
      const result = await transactOnce(transaction);
      return result.ok ? { outcome: 'lapsed', promoted: head !== undefined } : undefined;
    });
  }

  /**
   * Confirms a held claim while its hold is live at `at`: held → confirmed, the seat from held to
   * confirmed, its hold-due item gone and the confirmed (counted) event, in one transaction whose
   * conditions compare the hold with the clock. `matches` checks the presented token against the
   * claim as read. Confirming a confirmed claim answers it again and writes nothing.
   */
  async function confirmHold(
    kind: K,
    claimId: string,
    matches: (claim: C) => boolean,
    at: string,
  ): Promise<ConfirmOutcome<C>> {
    const now = epochOf(at);
    return untilSettled<ConfirmOutcome<C>>(async () => {
      const claim = await readClaim(kind, claimId);
      if (!claim || !matches(claim)) return { outcome: 'not-held' };
      if (claim.confirmedAt) return { outcome: 'confirmed', claim };
      if (claim.status !== 'held') return { outcome: claim.status === 'expired' ? 'expired' : 'not-held' };
      if ((claim.holdExpiresAt ?? 0) <= now) return { outcome: 'expired' };
      const result = await transactOnce([
        claimStatusUpdate(
          claim,
          'held',
          'confirmed',
          { confirmedAt: at },
          'holdExpiresAt > :now AND tokenHash = :hash',
          { ':now': now, ':hash': claim.tokenHash },
        ),
        seatUpdate(
          kind,
          claim.activityId,
          { add: { confirmed: 1, claims: 1 }, release: { '#mine': claimId } },
          '#holds.#mine > :now',
          { ':now': now },
        ),
        holdDueDelete(claim),
        eventPut(
          stepEvent(kind, 'confirmed', claim, at, {
            participantHash: claim.participantHash,
            assurance: 'email',
          }),
        ),
        // The address is now shown to be theirs: the context's counted events count too.
        ...space.countedEvents(claim, at).map(eventPut),
      ]);
      return result.ok
        ? { outcome: 'confirmed', claim: { ...claim, status: 'confirmed', confirmedAt: at } }
        : undefined;
    });
  }

  /** Stores a new confirmation token's hash on a claim while it is still held and live at `at`. */
  async function renewHoldToken(kind: K, claimId: string, tokenHash: string, at: string): Promise<boolean> {
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.claim(kind, claimId),
          UpdateExpression: 'SET tokenHash = :hash',
          ConditionExpression: '#status = :held AND holdExpiresAt > :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':hash': tokenHash, ':held': 'held', ':now': epochOf(at) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** The holds lapsing at or before `at`: one query per UTC day from `HOLD_DAYS_BACK` days ago to today. */
  async function holdsDue(at: string): Promise<DueHold<K>[]> {
    const day = 86_400_000;
    const until = new Date(Date.parse(at)).toISOString();
    const days = Array.from({ length: HOLD_DAYS_BACK + 1 }, (_, i) =>
      new Date(Date.parse(at) - (HOLD_DAYS_BACK - i) * day).toISOString().slice(0, 10),
    );
    const perDay = await Promise.all(
      days.map((utcDay) =>
        queryAll({ partition: keys.holdsDuePartition(utcDay), sortKeyBetween: ['0', `${until}#~`] }),
      ),
    );
    return perDay.flat().map((item) => parseEntity(dueHold, item) as DueHold<K>);
  }

  /** Promotes waiting people while seats are free (after a capacity increase), a batch per transaction. */
  async function fillFreeSeats(kind: K, activityId: string, at: string): Promise<void> {
    await untilSettled<true>(async () => {
      const activity = await readSeats(kind, activityId);
      const due = activity ? promotionsDue(activity) : 0;
      if (!activity || due === 0) return true;
      const heads = await waitingHeads(kind, activityId, due);
      if (heads.length === 0) return true;
      const held = promotedStatus(activity) === 'held';
      const until = holdUntil(at);
      await transactOnce([
        seatUpdate(
          kind,
          activityId,
          {
            add: {
              taken: heads.length,
              confirmed: held ? 0 : heads.length,
              waiting: -heads.length,
              promotions: heads.length,
            },
            ...(held
              ? {
                  hold: Object.fromEntries(
                    heads.map((head, i) => [`#p${i}`, [head.claimId, until] as const]),
                  ),
                }
              : {}),
          },
          '#taken = :taken AND #capacity = :capacity AND waiting = :waiting',
          { ':taken': activity.taken, ':capacity': activity.capacity, ':waiting': activity.waiting },
        ),
        ...heads.flatMap((head) => promotionItems(kind, activity, head, at, held ? until : undefined)),
      ]);
      // Committed or not, read again: more seats may be free, or someone else moved the line.
      return undefined;
    });
  }

  /** Sets a new capacity; never below the seats already confirmed or held (the update's condition). */
  async function changeCapacity(
    kind: K,
    activityId: string,
    capacity: number,
    at: string,
  ): Promise<CapacityOutcome> {
    const outcome = await untilSettled<CapacityOutcome>(async () => {
      const activity = await readSeats(kind, activityId);
      if (!activity) return { outcome: 'gone' };
      const refused = capacityRefusal(activity, capacity);
      if (refused) return refused;
      try {
        await documentClient.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.seated(kind, activityId),
            UpdateExpression: 'SET #capacity = :capacity',
            ConditionExpression: '#taken <= :capacity',
            ExpressionAttributeNames: { '#capacity': 'capacity', '#taken': 'taken' },
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
   * answered at the claim are the same figure at that moment; promotions and cancellations ahead
   * move everyone behind them up, so the remaining people keep their order with positions 1..N.
   */
  async function waitlistPosition(claim: C): Promise<number> {
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

  return {
    claimSeat,
    releaseSeat,
    lapseHold,
    confirmHold,
    renewHoldToken,
    holdsDue,
    fillFreeSeats,
    changeCapacity,
    waitlistPosition,
    /** The reads and item builders, for the context's own transactions on its claims (attendance…). */
    items,
  };
}

export type SeatMechanism<
  K extends string,
  A extends SeatActivity<K>,
  C extends SeatClaim<K> & R,
  W extends WaitingEntry,
  R,
  P,
  X,
> = ReturnType<typeof seatMechanism<K, A, C, W, R, P, X>>;
