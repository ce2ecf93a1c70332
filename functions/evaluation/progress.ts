import { TZDate } from '@date-fns/tz';

/** What progress is measured against: where an indicator started and where it should get to, and by when. */
export interface IndicatorPlan {
  baseline: { value: number; date: string };
  target: { value: number; date: string };
}

export const onTrackStatuses = ['not-started', 'on-track', 'off-track', 'achieved'] as const;
export type OnTrackStatus = (typeof onTrackStatuses)[number];

/**
 * How far progress may lag behind the elapsed share of the plan and still count as on track:
 * ten percentage points, so one late measurement does not flip an indicator to off track.
 */
export const ON_TRACK_TOLERANCE = 0.1;

/**
 * The share of the way from baseline to target that `value` has come:
 * `(value − baseline.value) / (target.value − baseline.value)`.
 *
 * 0 at the baseline, 1 at the target, whatever the direction: for a decrease indicator (target
 * below baseline) both differences are negative, so falling towards the target is positive
 * progress too. Below 0 means the value moved away from the target; above 1 means it went past
 * it. Not clamped, so a digest can say "120 % of target" or "moving the wrong way".
 * The plan's target never equals its baseline (indicators are refused otherwise).
 */
export function indicatorProgress(indicator: IndicatorPlan, value: number): number {
  return (value - indicator.baseline.value) / (indicator.target.value - indicator.baseline.value);
}

/** The instant a calendar date (`YYYY-MM-DD`) begins in `timeZone`. */
function startOfDate(date: string, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(year, month - 1, day, timeZone).getTime();
}

/**
 * The share of the plan's time that has passed at `at`: 0 at the start of the baseline date,
 * 1 at the start of the target date (both read in the city's `timeZone`), clamped to [0, 1].
 */
export function elapsedShare(indicator: IndicatorPlan, at: Date, timeZone = 'UTC'): number {
  const start = startOfDate(indicator.baseline.date, timeZone);
  const end = startOfDate(indicator.target.date, timeZone);
  return Math.min(1, Math.max(0, (at.getTime() - start) / (end - start)));
}

/**
 * Whether an indicator is where its plan says it should be at `at`. The rule, in order:
 * 1. `not-started` when there is no measurement yet (`progress` undefined);
 * 2. `achieved` when progress has reached the target (`progress ≥ 1`), whenever that is;
 * 3. `not-started` when `at` is before the baseline date;
 * 4. `on-track` when `progress ≥ elapsedShare − ON_TRACK_TOLERANCE` (the plan is a straight
 *    line from baseline to target; progress may lag it by ten points);
 * 5. `off-track` otherwise — including after the target date with less than 90 % of the way done.
 */
export function onTrackStatus(
  indicator: IndicatorPlan,
  progress: number | undefined,
  at: Date,
  timeZone = 'UTC',
): OnTrackStatus {
  if (progress === undefined) return 'not-started';
  if (progress >= 1) return 'achieved';
  if (at.getTime() < startOfDate(indicator.baseline.date, timeZone)) return 'not-started';
  return progress >= elapsedShare(indicator, at, timeZone) - ON_TRACK_TOLERANCE ? 'on-track' : 'off-track';
}
