import { z } from 'zod';
import { idSchema } from '../../shared/domain/ids';
import { parsePeriod } from '../../shared/domain/period';
import type { compareFigures, Figures } from './figures';
import type { IndicatorStatus } from './indicators';
import type { Representativeness } from './representativeness';

// ── The summary route's schemas ──────────────────────────────────────────────

const periodLabel = z
  .string()
  .max(8)
  .refine(
    (value) => parsePeriod(value) !== undefined,
    'Use YYYY-MM, an ISO week YYYY-Www or a quarter YYYY-Qn.',
  )
  .describe('`YYYY-MM`, ISO week `YYYY-Www` or quarter `YYYY-Qn`, in the city’s time zone.');

const change = z.object({
  previous: z.number().nullable(),
  absolute: z.number().nullable(),
  relative: z
    .number()
    .nullable()
    .describe('(current − previous) ÷ previous; null when previous is 0 or unknown.'),
});

const representation = z.object({
  participants: z.number().int(),
  unmatched: z.number().int().describe('Participants in groups the population baseline does not list.'),
  index: z
    .number()
    .nullable()
    .describe('1 − ½ Σ |participant share − population share|: 1 mirrors the city, 0 is as far as it gets.'),
  groups: z.array(
    z.object({
      group: z.string(),
      participants: z.number().int(),
      participantShare: z.number(),
      populationShare: z.number(),
      ratio: z.number().describe('participant share ÷ population share'),
    }),
  ),
  underRepresented: z.array(z.object({ group: z.string(), ratio: z.number() })),
});

export const summary = z.object({
  period: z.string(),
  previousPeriod: z.string(),
  scope: z.enum(['city', 'initiative']),
  initiativeId: z.string().optional(),
  timeZone: z.string(),
  range: z.object({ start: z.string(), end: z.string() }).describe('[start, end) of the period.'),
  figures: z.record(z.string(), z.number().nullable()),
  changes: z.record(z.string(), change),
  representativeness: z.object({ neighbourhood: representation, ageBand: representation }),
  indicators: z.array(
    z.object({
      indicatorId: z.string(),
      name: z.string(),
      unit: z.string(),
      source: z.string(),
      value: z.number().nullable(),
      measuredAt: z.string().optional(),
      baseline: z.object({ value: z.number(), date: z.string() }),
      target: z.object({ value: z.number(), date: z.string() }),
      progress: z.number().nullable(),
      status: z.string(),
    }),
  ),
  compiledAt: z.string(),
});

export const summaryParams = z.object({ period: periodLabel });
export const summaryQuery = z.object({
  initiativeId: idSchema.optional().describe('Omit for the city-wide summary.'),
});

// ── The summary as compiled and stored ───────────────────────────────────────

/**
 * One compiled impact summary: the city's, or one initiative's, for one period. What the route
 * serves and what the digest is written from.
 */
export interface ImpactSummary {
  period: string;
  previousPeriod: string;
  /** `city`, or the initiative the summary is about. */
  scope: 'city' | 'initiative';
  initiativeId?: string;
  timeZone: string;
  range: { start: string; end: string };
  figures: Figures;
  changes: ReturnType<typeof compareFigures>;
  representativeness: { neighbourhood: Representativeness; ageBand: Representativeness };
  indicators: IndicatorStatus[];
  compiledAt: string;
}

/** What one run of the `impact-summary` job did. */
export interface CompileResult {
  period: string;
  summaries: number;
  activityRecords: number;
}
