import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../shared/db/client';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { impactKeys } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { onTrackStatuses } from '../evaluation/progress';
import { cityScope, initiativeScope } from './dynamo-ledger-store';
import { metricNames } from './figures';
import type { ImpactSummary } from './schemas';
import type { SummaryStore } from './store';

const scopeKey = (initiativeId: string | undefined) =>
  initiativeId === undefined ? cityScope : initiativeScope(initiativeId);

const representation = z.object({
  participants: z.number(),
  unmatched: z.number(),
  index: z.number().nullable(),
  groups: z.array(
    z.object({
      group: z.string(),
      participants: z.number(),
      participantShare: z.number(),
      populationShare: z.number(),
      ratio: z.number(),
    }),
  ),
  underRepresented: z.array(z.object({ group: z.string(), ratio: z.number() })),
});

/** A summary item as stored: exactly the summary, every figure of `metricNames` present. */
const storedSummary: z.ZodType<ImpactSummary> = z.object({
  period: z.string(),
  previousPeriod: z.string(),
  scope: z.enum(['city', 'initiative']),
  initiativeId: z.string().optional(),
  timeZone: z.string(),
  range: z.object({ start: z.string(), end: z.string() }),
  figures: z.record(z.enum(metricNames), z.number().nullable()),
  changes: z.record(
    z.enum(metricNames),
    z.object({
      previous: z.number().nullable(),
      absolute: z.number().nullable(),
      relative: z.number().nullable(),
    }),
  ),
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
      status: z.enum(onTrackStatuses),
    }),
  ),
  compiledAt: z.string(),
});
const parseSummary = (item: Record<string, unknown>) => parseEntity(storedSummary, item);

/** The compiled summaries on the single table: one partition per period, one item per scope. */
export const dynamoSummaryStore: SummaryStore = {
  async putSummary(summary) {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...impactKeys.impactSummary(summary.period, scopeKey(summary.initiativeId)),
          type: 'ImpactSummary',
          ...summary,
        },
      }),
    );
  },

  async getSummary(period, initiativeId) {
    const item = await getItem(impactKeys.impactSummary(period, scopeKey(initiativeId)));
    return item ? parseSummary(item) : undefined;
  },

  async summariesOfPeriod(period) {
    const items = await queryAll({ partition: { pk: impactKeys.impactSummary(period, cityScope).pk } });
    return items.map(parseSummary);
  },
};
