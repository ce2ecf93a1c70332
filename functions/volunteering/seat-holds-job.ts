import { resolveInstantJobInput } from '../../shared/jobs/job-input';
import { createInstantJob } from '../../shared/lambda/scheduled-job';
import { dynamoVolunteeringStore } from './dynamo-store';
import { lapseDueHolds, type SeatHoldsRun } from './seat-holds';
import type { VolunteeringStore } from './store';

export type { SeatHoldsRun } from './seat-holds';

/**
 * The run as a function of the job's input (`{ now }`, or the clock without one), for tests and
 * tools: lapses the seat holds due at that instant (`seat-holds.ts`).
 */
export function createSeatHoldsJob(deps: { store?: VolunteeringStore; clock?: () => Date } = {}) {
  return async (input: unknown): Promise<SeatHoldsRun> => {
    const now =
      input && typeof input === 'object' && 'now' in input
        ? resolveInstantJobInput(input).now
        : (deps.clock ?? (() => new Date()))();
    return lapseDueHolds(deps.store ?? dynamoVolunteeringStore, now);
  };
}

/** The scheduled job (`seat-holds` in `api.ts`), input `{ now }`. */
export const handler = createInstantJob(({ now }) => lapseDueHolds(dynamoVolunteeringStore, now));
