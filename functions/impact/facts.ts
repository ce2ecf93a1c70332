import type { PeriodRange } from '../../shared/domain/period';
import type { ComputedMetric } from '../evaluation/metrics';

/**
 * What a summary needs from other contexts besides the ledger, each read through a function that
 * context publishes (its `published.ts`), injected by the job module. Every read is bounded by the
 * period (or by the partnerships and indicators it concerns), never by the size of the history.
 */

/** The seats of one shift: confirmed, and offered. */
export interface ShiftSeats {
  initiativeId: string;
  confirmed: number;
  capacity: number;
}

export interface ActivePartnership {
  partnershipId: string;
  initiativeIds: string[];
}

/** An indicator an initiative follows, as evaluation defines it. */
export interface FollowedIndicator {
  indicatorId: string;
  name: string;
  unit: string;
  source: 'manual' | { computed: ComputedMetric };
  baseline: { value: number; date: string };
  target: { value: number; date: string };
}

export interface Measured {
  value: number;
  measuredAt: string;
}

/** The other contexts' published reads a summary is compiled from. */
export interface ImpactSources {
  /** Volunteering: the seats of every shift starting on one of these local days. */
  shiftSeatsOfDays(localDays: readonly string[]): Promise<ShiftSeats[]>;
  /** Partnerships: those that were `active` at some moment of `range` (`now` bounds the history read). */
  partnershipsActiveIn(range: PeriodRange, now: Date): Promise<ActivePartnership[]>;
  /** Evaluation: the indicators of one initiative. */
  indicatorsOf(initiativeId: string): Promise<FollowedIndicator[]>;
  /** Evaluation: an indicator's latest measurement at or before an instant (ISO 8601). */
  latestMeasurement(indicatorId: string, atOrBefore: string): Promise<Measured | undefined>;
}
