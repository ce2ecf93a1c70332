import { SignaturesInvalidated } from '../../events/petitions';
import { keyedHash } from '../../shared/config/secrets';
import type { Channel } from '../../shared/domain/channel';
import { type DomainEvent, domainEvent } from '../../shared/domain/domain-event';
import { NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { Page, PageRequest } from '../../shared/domain/page';
import type { Principal } from '../../shared/http/route';
import type {
  InvalidationCriteria,
  InvalidationCriteriaInput,
  InvalidationInput,
  InvalidationResult,
  StoredInvalidation,
} from './invalidation-schemas';
import type { StoredPetition } from './schemas';

/**
 * Staff invalidation of petition signatures (issue 15): an admin names criteria (email domain,
 * confirmation window, source address, batch), sees the count with a dry run, then invalidates.
 * Each signature leaves the totals in its own transaction (so one that another call invalidated
 * meanwhile is skipped, not counted twice); the history entry and `SignaturesInvalidated` commit
 * together at the end.
 *
 * Thresholds already reached stay reached, and their deadlines stand: reaching one triggered the
 * city's duty in public (the event went out, residents were told), and a later correction of the
 * count does not take back what the city has been asked to do.
 */

/** What invalidating a signature needs to know of it: where it was counted, and its "one each" key. */
export interface SignatureToInvalidate {
  signatureId: string;
  petitionId: string;
  signerKey: string;
  /** The counter shard its confirmation added to: the one it leaves. */
  shard: number;
  channel: Channel;
  neighbourhood: string;
}

export interface InvalidationStore {
  /** How many of the petition's confirmed signatures match: a read of them all, nothing written. */
  countMatching(petitionId: string, criteria: InvalidationCriteria): Promise<number>;
  /** The matching confirmed signatures, at most `limit` of them, and how many match in all. */
  findMatching(
    petitionId: string,
    criteria: InvalidationCriteria,
    limit: number,
  ): Promise<{ signatures: SignatureToInvalidate[]; matched: number }>;
  /**
   * One signature, in one transaction: confirmed → invalidated, its signer's item with it, its
   * counter shard −1. `not-confirmed`: it was invalidated (or removed) meanwhile; nothing changed.
   */
  invalidate(
    signature: SignatureToInvalidate,
    mark: { invalidationId: string; at: string },
  ): Promise<'invalidated' | 'not-confirmed'>;
  /** The history entry and its event, in one transaction. */
  record(entry: StoredInvalidation, event: DomainEvent): Promise<void>;
  /** One page of the petition's invalidations, newest first. */
  history(petitionId: string, page: PageRequest): Promise<Page<StoredInvalidation>>;
}

export interface InvalidationDeps {
  getPetition(petitionId: string): Promise<StoredPetition | undefined>;
  clock?: () => Date;
  /** At most this many signatures per call; `remaining` tells staff to call again. */
  maxPerCall?: number;
  /** Stop starting new transactions after this long, well inside the request timeout (10 s). */
  timeBudgetMs?: number;
  /** How many signatures are invalidated at once (each lane works through its own counter shards). */
  lanes?: number;
}

/** Signatures invalidated per call, at most: at a few ms per transaction and 16 lanes, far inside 10 s. */
export const MAX_INVALIDATIONS_PER_CALL = 2000;

export function invalidationService(store: InvalidationStore, deps: InvalidationDeps) {
  const {
    clock = () => new Date(),
    maxPerCall = MAX_INVALIDATIONS_PER_CALL,
    timeBudgetMs = 6000,
    lanes = 16,
  } = deps;

  async function requirePetition(petitionId: string): Promise<StoredPetition> {
    const petition = await deps.getPetition(petitionId);
    if (!petition || petition.status === 'unconfirmed') throw new NotFoundError('No petition with this ID.');
    return petition;
  }

  /**
   * Invalidates each signature in its own transaction. Signatures counted on one shard go through
   * one lane, one after another, so this call never contends with itself for a counter item; the
   * lanes run side by side. A lane stops starting new work once the deadline passes.
   */
  async function invalidateEach(
    signatures: readonly SignatureToInvalidate[],
    mark: { invalidationId: string; at: string },
    deadline: number,
  ) {
    const byLane = new Map<number, SignatureToInvalidate[]>();
    for (const signature of signatures) {
      const lane = signature.shard % lanes;
      const queue = byLane.get(lane);
      if (queue) queue.push(signature);
      else byLane.set(lane, [signature]);
    }
    let attempted = 0;
    let invalidated = 0;
    // Every lane settles before the answer: what did leave the totals is then recorded even when
    // one lane failed, and the failure is reported after.
    const settled = await Promise.allSettled(
      [...byLane.values()].map(async (queue) => {
        for (const signature of queue) {
          if (clock().getTime() >= deadline) return;
          attempted += 1;
          if ((await store.invalidate(signature, mark)) === 'invalidated') invalidated += 1;
        }
      }),
    );
    const failure = settled.find((outcome) => outcome.status === 'rejected');
    return { attempted, invalidated, failure: failure?.reason as unknown };
  }

  return {
    /**
     * Counts (dry run) or invalidates the petition's confirmed signatures that match every
     * criterion given: at most `maxPerCall` per call, the rest answered as `remaining`.
     */
    async invalidate(
      petitionId: string,
      input: InvalidationInput,
      options: { dryRun: boolean },
      principal: Principal,
    ): Promise<InvalidationResult> {
      if (principal.kind !== 'staff') throw new Error('Invalidation reached without a staff principal');
      const started = clock().getTime();
      const petition = await requirePetition(petitionId);
      const criteria = await storedCriteriaOf(input.criteria);
      if (options.dryRun) {
        const matched = await store.countMatching(petitionId, criteria);
        return { dryRun: true, matched, invalidated: 0, remaining: matched };
      }

      const { signatures, matched } = await store.findMatching(petitionId, criteria, maxPerCall);
      const at = clock().toISOString();
      const invalidationId = newId();
      const { attempted, invalidated, failure } = await invalidateEach(
        signatures,
        { invalidationId, at },
        started + timeBudgetMs,
      );
      const answer = { dryRun: false, matched, invalidated, remaining: matched - attempted };
      // Nothing left the totals (another call got there first): no history entry, no event.
      if (invalidated === 0) {
        if (failure !== undefined) throw failure;
        return answer;
      }
      await store.record(
        {
          invalidationId,
          petitionId,
          at,
          byUserId: principal.userId,
          reason: input.reason,
          criteria,
          count: invalidated,
        },
        domainEvent(SignaturesInvalidated, {
          eventId: newId(),
          occurredAt: at,
          petitionId,
          ...(petition.initiativeId ? { initiativeId: petition.initiativeId } : {}),
          invalidationId,
          count: invalidated,
          byUserId: principal.userId,
        }),
      );
      if (failure !== undefined) throw failure;
      return { ...answer, invalidationId };
    },

    /** The petition's invalidations: who, when, why, by which criteria, how many. */
    async history(petitionId: string, page: PageRequest): Promise<Page<StoredInvalidation>> {
      await requirePetition(petitionId);
      return store.history(petitionId, page);
    },
  };
}

/**
 * The criteria as stored signatures are compared with them: instants in UTC as confirmations keep
 * them (so text order is time order), and an address given in clear hashed as signatures keep it,
 * so the clear address is never stored, not even in the history.
 */
async function storedCriteriaOf(criteria: InvalidationCriteriaInput): Promise<InvalidationCriteria> {
  const utc = (instant: string | undefined) =>
    instant === undefined ? undefined : new Date(instant).toISOString();
  const ipHash =
    criteria.sourceIp !== undefined ? await keyedHash('source-ip', criteria.sourceIp) : criteria.ipHash;
  const stored: InvalidationCriteria = {
    emailDomain: criteria.emailDomain,
    confirmedFrom: utc(criteria.confirmedFrom),
    confirmedTo: utc(criteria.confirmedTo),
    ipHash,
    batchId: criteria.batchId,
  };
  return Object.fromEntries(
    Object.entries(stored).filter(([, value]) => value !== undefined),
  ) as InvalidationCriteria;
}

export type InvalidationService = ReturnType<typeof invalidationService>;
