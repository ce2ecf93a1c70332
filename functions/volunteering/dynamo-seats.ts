import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { SeatedKind } from '../../events/volunteering';
import { runtimeConfig } from '../../shared/config/runtime';
import { documentClient } from '../../shared/db/client';
import { parseEntity, tableName } from '../../shared/db/items';
import { volunteeringKeys as keys } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import { epochSeconds, instantOfEpochSeconds, pendingUntil } from '../../shared/domain/confirmation';
import { ConflictError } from '../../shared/domain/errors';
import { parseVolunteer } from './dynamo-items';
import { contactConsentEvent, personalAttributes } from './dynamo-person-keys';
import {
  claimStatusUpdate,
  eventPut,
  holdDueDelete,
  holdDuePut,
  itemTypes,
  lapseItems,
  leaveLine,
  promotionItems,
  readClaim,
  readSeats,
  readVolunteer,
  releaseClaimant,
  seatUpdate,
  type TransactItems,
  takeNumber,
  volunteerUpdate,
  waitingHeads,
} from './dynamo-seat-items';
import { seatEvent } from './seat-kinds';
import {
  capacityRefusal,
  commitmentOf,
  commitTo,
  decideSeat,
  isActive,
  promotedStatus,
  promotionsDue,
} from './seat-rules';
import type {
  CapacityOutcome,
  ClaimOutcome,
  ConfirmOutcome,
  DueHold,
  LapseOutcome,
  NewClaim,
  ReleaseOutcome,
  StoredActivity,
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

/** How long a seat is held for a claim awaiting its emailed confirmation (`SEAT_HOLD_MINUTES`). */
const holdSeconds = () => runtimeConfig().SEAT_HOLD_MINUTES * 60;
const epochOf = (at: string) => epochSeconds(new Date(at));
/** The epoch second a hold taken at `at` lapses (the confirmation mechanism's deadline). */
const holdUntil = (at: string) => pendingUntil(new Date(at), holdSeconds()).expiresAt;

/** A held claim whose hold has lapsed by `now` (epoch s): its seat is free for someone else. */
const isLapsedHold = (claim: StoredClaim | undefined, now: number): claim is StoredClaim =>
  claim?.status === 'held' && (claim.holdExpiresAt ?? 0) <= now;

/** The claim a commitment on a profile stands for (`<kind>#<activityId>`, keyed by claim ID). */
const kindOfCommitment = (activity: string): SeatedKind =>
  activity.startsWith('training#') ? 'training' : 'shift';

const seatHolderClaim = z.object({ claimId: z.string() });

/**
 * Takes a seat on the activity (held, on an `email` one), or the next place on its waitlist. The
 * person's other seats, holds and waitlist places are their commitments: one that overlaps in time
 * refuses the claim, unless it is a hold that has lapsed, which lapses first.
 */
export async function claimSeat(
  claim: NewClaim,
  now: string,
  volunteerSkills: readonly string[],
): Promise<ClaimOutcome> {
  const interval = commitmentOf(claim);
  const nowEpoch = epochOf(now);
  const deadline = Date.now() + settleBudgetMs();
  const { pendingTokenHash, ...base } = claim;
  let volunteerKnown: StoredVolunteer | 'absent' | undefined;
  let number: number | undefined;
  // How fast the line moves: served count, when it last moved, and the time per claimant since.
  let line: { served: number; at: number; msEach: number } | undefined;
  const attempt = async (): Promise<ClaimOutcome & { fill?: boolean }> => {
    for (;;) {
      const [activity, volunteerOrAbsent] = await Promise.all([
        readSeats(claim.kind, claim.activityId),
        volunteerKnown ?? readVolunteer(claim.volunteerId).then((found) => found ?? 'absent'),
      ]);
      volunteerKnown = volunteerOrAbsent;
      const volunteer = volunteerOrAbsent === 'absent' ? undefined : volunteerOrAbsent;
      if (!activity) return { outcome: 'gone' };
      const commitment = commitTo(volunteer, claim.claimId, interval, now);
      if ('refused' in commitment) {
        const kind = kindOfCommitment(volunteer?.commitments[commitment.by]?.activity ?? '');
        const other = await readClaim(kind, commitment.by);
        if (isLapsedHold(other, nowEpoch)) {
          // The person's own hold lapsed: it no longer stands in their way.
          await lapseHold(other.kind, other.claimId, now);
          volunteerKnown = undefined;
          continue;
        }
        return commitment.refused === 'duplicate'
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
      let reclaimed: StoredClaim | undefined;
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
      const stored: StoredClaim =
        decision.status === 'waitlisted'
          ? { ...base, assurance: activity.assurance, status: 'waitlisted', ticket: decision.ticket }
          : decision.status === 'held'
            ? {
                ...base,
                assurance: activity.assurance,
                status: 'held',
                holdExpiresAt: until,
                ...(pendingTokenHash ? { tokenHash: pendingTokenHash } : {}),
              }
            : { ...base, assurance: activity.assurance, status: 'confirmed' };
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
                ...(decision.status === 'held' ? { hold: { '#new': [claim.claimId, until] as const } } : {}),
                ...(reclaimed ? { release: { '#old': reclaimed.claimId } } : {}),
                set: serve,
              },
              reclaimed
                ? '#holds.#old <= :now AND waiting = :zero'
                : '#taken < #capacity AND waiting = :zero',
              reclaimed ? { ':now': nowEpoch } : {},
            );
      const items: TransactItems = [
        seatItem,
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.claim(claim.kind, claim.claimId),
              ...keys.claimRoster(claim.kind, claim.activityId, stored.status, claim.claimId),
              ...keys.claimOfVolunteer(claim.kind, claim.volunteerId, claim.claimId),
              type: itemTypes[claim.kind].claim,
              ...stored,
              // The hold's lapse is `holdExpiresAt`, so `expiresAt` is free for the retention.
              ...personalAttributes(
                { type: itemTypes[claim.kind].claim, ...keys.claim(claim.kind, claim.claimId) },
                claim.participantHash,
                now,
              ),
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
              ...personalAttributes(
                {
                  type: 'SeatHolder',
                  ...keys.seatHolder(claim.kind, claim.activityId, claim.participantHash),
                },
                claim.participantHash,
                now,
              ),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        volunteerUpdate(volunteer, claim, commitment.commitments, volunteerSkills, now),
        ...(decision.status === 'waitlisted'
          ? [
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
            ]
          : decision.status === 'held'
            ? [holdDuePut(claim.kind, claim.claimId, until)]
            : []),
        eventPut(
          decision.status === 'waitlisted'
            ? seatEvent(claim.kind, 'waitlisted', claim, now, {
                participantHash: claim.participantHash,
                position: decision.position,
                assurance: activity.assurance,
              })
            : decision.status === 'held'
              ? seatEvent(claim.kind, 'held', claim, now, { holdExpiresAt: instantOfEpochSeconds(until) })
              : seatEvent(claim.kind, 'confirmed', claim, now, {
                  participantHash: claim.participantHash,
                  assurance: activity.assurance,
                }),
        ),
        // An `open` claim counts now (a seat or a waitlist place): so does its consent.
        ...(open && claim.contact.consentToContact
          ? [eventPut(contactConsentEvent(claim.participantHash, now))]
          : []),
        // The lapsed hold whose seat this claim takes over lapses in the same transaction.
        ...(reclaimed ? lapseItems(reclaimed, now) : []),
      ];
      const result = await transactOnce(items);
      if (result.ok) {
        if (decision.status === 'waitlisted')
          return { outcome: 'waitlisted', position: decision.position, fill: decision.seatsFreeBehindQueue };
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
        volunteerKnown = undefined;
        continue;
      }
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
  const seated = ['confirmed', 'held', 'waitlisted'].includes(settled.outcome);
  if (number !== undefined && !seated) await leaveLine(claim.kind, claim.activityId);
  // Seats were free while people waited (a capacity increase still promoting): let the line move.
  if (settled.fill) await fillFreeSeats(claim.kind, claim.activityId, now);
  const { fill: _fill, ...outcome } = settled;
  return outcome as ClaimOutcome;
}

/**
 * The counters of handing a seat to the first person waiting (`head`): held until `until` on an
 * `email` activity, confirmed on an `open` one. `add` is what else moves.
 */
function passSeatTo(
  activity: StoredActivity,
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
 * transaction's condition) the seat is simply freed.
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
      ...releaseClaimant(claim),
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
        seatUpdate(kind, claim.activityId, { add: { waiting: -1, cancellations: 1 } }),
      );
    } else {
      const [activity, [head]] = await Promise.all([
        readSeats(kind, claim.activityId),
        waitingHeads(kind, claim.activityId, 1),
      ]);
      if (!activity) return { outcome: 'gone' };
      const wasHeld = claim.status === 'held';
      if (wasHeld) items.push(holdDueDelete(claim));
      const release = wasHeld ? { release: { '#mine': claim.claimId } } : {};
      const mine = wasHeld ? ' AND attribute_exists(#holds.#mine)' : '';
      if (head) {
        // The freed seat goes to the first person waiting.
        promoted = true;
        const until = holdUntil(at);
        items.push(
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
        items.push(
          seatUpdate(
            kind,
            claim.activityId,
            { add: { taken: -1, confirmed: wasHeld ? 0 : -1, cancellations: 1 }, ...release },
            `waiting = :zero${mine}`,
          ),
        );
      }
    }
    const result = await transactOnce(items);
    return result.ok ? { outcome: 'cancelled', promoted } : undefined;
  });
}

/**
 * Lapses a hold that is due at `at` (the clock, in the conditions): the claim → `expired`, its
 * claimant released (may claim again), and its seat to the first person waiting — held for them
 * to confirm — or freed. A hold still live, or no longer held, is `not-due`.
 */
export async function lapseHold(kind: SeatedKind, claimId: string, at: string): Promise<LapseOutcome> {
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
    const items: TransactItems = [
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
    const result = await transactOnce(items);
    return result.ok ? { outcome: 'lapsed', promoted: head !== undefined } : undefined;
  });
}

/**
 * Confirms a held claim while its hold is live at `at`: held → confirmed, the seat from held to
 * confirmed, its hold-due item gone and the confirmed (counted) event, in one transaction whose
 * conditions compare the hold with the clock. `matches` checks the presented token against the
 * claim as read. Confirming a confirmed claim answers it again and writes nothing.
 */
export async function confirmHold(
  kind: SeatedKind,
  claimId: string,
  matches: (claim: StoredClaim) => boolean,
  at: string,
): Promise<ConfirmOutcome> {
  const now = epochOf(at);
  return untilSettled<ConfirmOutcome>(async () => {
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
        seatEvent(kind, 'confirmed', claim, at, {
          participantHash: claim.participantHash,
          assurance: 'email',
        }),
      ),
      // The address is now shown to be theirs: their consent to be contacted counts too.
      ...(claim.contact.consentToContact ? [eventPut(contactConsentEvent(claim.participantHash, at))] : []),
    ]);
    return result.ok
      ? { outcome: 'confirmed', claim: { ...claim, status: 'confirmed', confirmedAt: at } }
      : undefined;
  });
}

/** Stores a new confirmation token's hash on a claim while it is still held and live at `at`. */
export async function renewHoldToken(
  kind: SeatedKind,
  claimId: string,
  tokenHash: string,
  at: string,
): Promise<boolean> {
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

/** How many UTC days back the `seat-holds` job looks for holds due (a hold lasts a day at most). */
const HOLD_DAYS_BACK = 2;

/** The holds lapsing at or before `at`: one query per UTC day from `HOLD_DAYS_BACK` days ago to today. */
export async function holdsDue(at: string): Promise<DueHold[]> {
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
  return perDay.flat().map((item) => parseEntity(dueHold, item));
}

const dueHold = z.object({ kind: z.enum(['shift', 'training']), claimId: z.string() });

/** Promotes waiting people while seats are free (after a capacity increase), a batch per transaction. */
export async function fillFreeSeats(kind: SeatedKind, activityId: string, at: string): Promise<void> {
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
            ? { hold: Object.fromEntries(heads.map((head, i) => [`#p${i}`, [head.claimId, until] as const])) }
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
export async function changeCapacity(
  kind: SeatedKind,
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
