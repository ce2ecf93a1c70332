import { resolveInstantJobInput } from '../../shared/jobs/job-input';
import { createInstantJob } from '../../shared/lambda/scheduled-job';
import { logger } from '../../shared/observability/powertools';
import { dynamoMeetingsStore } from './dynamo-store';
import type { MeetingsStore } from './store';

export interface MeetingHoldsRun {
  due: number;
  lapsed: number;
  promoted: number;
}

/**
 * Lapses every meeting seat hold whose time is up at `now`, so an unconfirmed seat goes to the first
 * person waiting (held for them) or back to the free seats when no new registrant comes to take it.
 * Each lapse is one conditional transaction: overlapping runs and registrants lapse a hold once.
 */
export async function lapseDueMeetingHolds(store: MeetingsStore, now: Date): Promise<MeetingHoldsRun> {
  const at = now.toISOString();
  const due = await store.holdsDue(at);
  const run: MeetingHoldsRun = { due: due.length, lapsed: 0, promoted: 0 };
  for (const hold of due) {
    const outcome = await store.lapseHold(hold.claimId, at);
    if (outcome.outcome === 'lapsed') {
      run.lapsed++;
      if (outcome.promoted) run.promoted++;
    }
  }
  logger.info('Meeting seat holds run', { ...run });
  return run;
}

/** The run as a function of the job's input (`{ now }`, or the clock), for tests and tools. */
export function createMeetingHoldsJob(deps: { store?: MeetingsStore; clock?: () => Date } = {}) {
  return async (input: unknown): Promise<MeetingHoldsRun> => {
    const now =
      input && typeof input === 'object' && 'now' in input
        ? resolveInstantJobInput(input).now
        : (deps.clock ?? (() => new Date()))();
    return lapseDueMeetingHolds(deps.store ?? dynamoMeetingsStore, now);
  };
}

/** The scheduled job (`meeting-seat-holds` in `api.ts`), input `{ now }`. */
export const handler = createInstantJob(({ now }) => lapseDueMeetingHolds(dynamoMeetingsStore, now));
