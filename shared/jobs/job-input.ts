import { z } from 'zod';
import {
  lastCompletePeriod,
  type Period,
  type PeriodKind,
  type PeriodRange,
  parsePeriod,
  periodKinds,
  periodRange,
} from '../domain/period';

/**
 * What a scheduled job's handler receives. The cloud and the local stack send the same shapes:
 * EventBridge Scheduler fills `scheduledTime` with its `<aws.scheduler.scheduled-time>` context
 * attribute, the local scheduler with the time it fired, and `civic job` names a period.
 */

/** The placeholder EventBridge Scheduler replaces with the invocation's scheduled time (UTC). */
export const scheduledTimePlaceholder = '<aws.scheduler.scheduled-time>';

const instant = z.iso.datetime({ offset: true });

/** A named period: `civic job digest --period 2025-03`, or a re-run. */
const namedPeriodInput = z
  .object({
    period: z.string().refine((value) => parsePeriod(value) !== undefined, {
      message: 'must be YYYY-MM, YYYY-Www (ISO week) or YYYY-Qn',
    }),
  })
  .strict();

/** A schedule's firing: the period of `periodKind` that had ended by `scheduledTime`. */
const scheduledPeriodInput = z
  .object({ periodKind: z.enum(periodKinds as [PeriodKind, ...PeriodKind[]]), scheduledTime: instant })
  .strict();

export const periodJobInputSchema = z.union([namedPeriodInput, scheduledPeriodInput]);
export type PeriodJobInput = z.infer<typeof periodJobInputSchema>;

/** Jobs that are not about a period (reminders) get the instant they run for. */
export const instantJobInputSchema = z.object({ now: instant }).strict();
export type InstantJobInput = z.infer<typeof instantJobInputSchema>;

/** Thrown by a job handler given an input no schedule or `civic job` would send. */
export class InvalidJobInputError extends Error {
  override readonly name = 'InvalidJobInputError';
}

function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`,
  );
  throw new InvalidJobInputError(`Invalid job input: ${problems.join('; ')}`);
}

export interface ResolvedPeriodJob {
  period: Period;
  /** `[start, end)` of the period in the city's time zone. */
  range: PeriodRange;
  /** When the schedule fired; absent for a named period. */
  scheduledTime?: Date;
}

/**
 * Turns a period job's input into the period to work on, in the city's `timeZone`. The same
 * input always gives the same period, so a retried or re-run job repeats the same work.
 */
export function resolvePeriodJobInput(input: unknown, timeZone: string): ResolvedPeriodJob {
  const parsed = parseInput(periodJobInputSchema, input);
  if ('period' in parsed) {
    const period = parsePeriod(parsed.period) as Period;
    return { period, range: periodRange(period, timeZone) };
  }
  const scheduledTime = new Date(parsed.scheduledTime);
  const period = lastCompletePeriod(scheduledTime, parsed.periodKind, timeZone);
  return { period, range: periodRange(period, timeZone), scheduledTime };
}

/**
 * The payload a once-job (`input: 'once'`) was scheduled with, read with the job's own `schema`.
 * The thrown message names each bad field, never a value (payloads may name people's records).
 */
export function resolveOnceJobInput<T>(schema: z.ZodType<T>, input: unknown): T {
  return parseInput(schema, input);
}

/** The instant an instant job runs for. */
export function resolveInstantJobInput(input: unknown): { now: Date } {
  return { now: new Date(parseInput(instantJobInputSchema, input).now) };
}

export const namedPeriodJobInput = (period: Period): PeriodJobInput => ({ period: period.label });

export const scheduledPeriodJobInput = (periodKind: PeriodKind, scheduledTime: string): PeriodJobInput => ({
  periodKind,
  scheduledTime,
});

export const instantJobInput = (now: string): InstantJobInput => ({ now });
