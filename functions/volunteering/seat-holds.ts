import { logger } from '../../shared/observability/powertools';
import type { VolunteeringStore } from './store';

export interface SeatHoldsRun {
  /** Holds whose time was up when the run read them. */
  due: number;
  /** Holds this run lapsed (the others were confirmed, cancelled or lapsed meanwhile). */
  lapsed: number;
  /** Of those, seats handed on to the first person waiting, as a hold for them to confirm. */
  promoted: number;
}

/**
 * Lapses every seat hold whose time is up at `now`, so that an unconfirmed seat goes on when
 * nobody new comes to claim it: to the first person waiting (held for them, who gets a mail with
 * a link) or back to the free seats. Claimants and confirmations decide lapsed holds against the
 * clock too; this is for when neither comes. Each lapse is one conditional transaction, so runs
 * that overlap, or race a claimant, lapse each hold once. Its cost grows with the holds due.
 */
export async function lapseDueHolds(store: VolunteeringStore, now: Date): Promise<SeatHoldsRun> {
  const at = now.toISOString();
  const due = await store.holdsDue(at);
  const run: SeatHoldsRun = { due: due.length, lapsed: 0, promoted: 0 };
  for (const hold of due) {
    const outcome = await store.lapseHold(hold.kind, hold.claimId, at);
    if (outcome.outcome === 'lapsed') {
      run.lapsed++;
      if (outcome.promoted) run.promoted++;
    }
  }
  logger.info('Seat holds run', { ...run });
  return run;
}
