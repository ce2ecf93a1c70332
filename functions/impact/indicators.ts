import { runtimeConfig } from '../../shared/config/runtime';
import type { PeriodRange } from '../../shared/domain/period';
import { indicatorProgress, type OnTrackStatus, onTrackStatus } from '../evaluation/progress';
import type { ImpactSources } from './facts';
import type { Figures } from './figures';

/** Where an indicator stood at the end of a period: its value then, progress and on-track status. */
export interface IndicatorStatus {
  indicatorId: string;
  name: string;
  unit: string;
  source: string;
  /** The latest measurement at or before the period's end, or the period's computed figure. */
  value: number | null;
  measuredAt?: string;
  baseline: { value: number; date: string };
  target: { value: number; date: string };
  /** Share of the way from baseline to target (see `functions/evaluation/progress.ts`). */
  progress: number | null;
  status: OnTrackStatus;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** Evaluation's reads an initiative's indicator statuses are made from. */
export type IndicatorReads = Pick<ImpactSources, 'indicatorsOf' | 'latestMeasurement'>;

export async function indicatorStatuses(
  initiativeId: string,
  figures: Figures,
  range: PeriodRange,
  reads: IndicatorReads,
): Promise<IndicatorStatus[]> {
  const timeZone = runtimeConfig().TIME_ZONE;
  // Judged at the last instant of the period: what the city knew when the period closed.
  const at = new Date(range.end.getTime() - 1);
  const statuses: IndicatorStatus[] = [];
  for (const indicator of await reads.indicatorsOf(initiativeId)) {
    let value: number | null;
    let measuredAt: string | undefined;
    if (indicator.source === 'manual') {
      const latest = await reads.latestMeasurement(indicator.indicatorId, at.toISOString());
      value = latest?.value ?? null;
      measuredAt = latest?.measuredAt;
    } else {
      value = figures[indicator.source.computed] ?? null;
    }
    const progress = value === null ? undefined : indicatorProgress(indicator, value);
    statuses.push({
      indicatorId: indicator.indicatorId,
      name: indicator.name,
      unit: indicator.unit,
      source: indicator.source === 'manual' ? 'manual' : indicator.source.computed,
      value,
      ...(measuredAt ? { measuredAt } : {}),
      baseline: indicator.baseline,
      target: indicator.target,
      progress: progress === undefined ? null : round(progress),
      status: onTrackStatus(indicator, progress, at, timeZone),
    });
  }
  return statuses.sort((a, b) => a.name.localeCompare(b.name) || a.indicatorId.localeCompare(b.indicatorId));
}
