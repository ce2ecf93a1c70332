import { z } from 'zod';
import { NotFoundError } from '../../shared/domain/errors';
import { idSchema } from '../../shared/domain/ids';
import { parsePeriod } from '../../shared/domain/period';
import { defineRoute } from '../../shared/http/route';
import { storedSummary } from './summary';

const periodLabel = z
  .string()
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

const summary = z.object({
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

export const impactRoutes = [
  defineRoute({
    operationId: 'getImpactSummary',
    method: 'GET',
    path: '/impact/summaries/{period}',
    summary: 'The impact summary compiled for a period, city-wide or for one initiative',
    description:
      'Compiled by the `impact-summary` job (weekly and monthly on schedule; `npx civic job impact-summary --period …` locally). Every figure comes with its change from the previous period. 404 until the job has run for the period.',
    tag: 'impact',
    auth: { roles: ['analyst', 'coordinator'] },
    request: {
      params: z.object({ period: periodLabel }),
      query: z.object({ initiativeId: idSchema.optional().describe('Omit for the city-wide summary.') }),
    },
    response: { status: 200, description: 'The summary.', schema: summary },
    errors: [404],
    handler: async ({ params, query }) => {
      const found = await storedSummary(params.period, query.initiativeId);
      if (!found)
        throw new NotFoundError(
          query.initiativeId
            ? 'No summary for this initiative in this period: the job has not run for it, or the initiative had nothing to report.'
            : 'No summary for this period yet: run the impact-summary job for it.',
        );
      return found;
    },
  }),
];
