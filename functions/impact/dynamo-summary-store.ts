import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../shared/db/client';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { impactKeys } from '../../shared/db/keys';
import { queryAll } from '../../shared/db/query';
import { onTrackStatuses } from '../evaluation/progress';
import { cityScope, initiativeScope } from './dynamo-ledger-store';
import { metricNames, petitionMetrics } from './figures';
import { channelRepresentation, type ImpactSummary, storedRepresentation, summary } from './schemas';
import type { SummaryStore } from './store';

const scopeKey = (initiativeId: string | undefined) =>
  initiativeId === undefined ? cityScope : initiativeScope(initiativeId);

/**
 * Figures added after summaries were first stored (the petition figures): a summary compiled
 * before them reads as not having counted them, a null figure with nothing to compare with.
 */
const withLaterFigures =
  (absent: unknown) =>
  (stored: unknown): unknown =>
    typeof stored === 'object' && stored !== null
      ? { ...Object.fromEntries(petitionMetrics.map((name) => [name, absent])), ...stored }
      : stored;

/**
 * A summary item as stored: exactly the summary the route serves, held to more than its public
 * shape: every figure of `metricNames` present, each indicator status one the summary can have,
 * every group of the representativeness tables whole (small numbers are withheld when it is read).
 */
const storedSummary: z.ZodType<ImpactSummary> = summary.extend({
  figures: z.preprocess(
    withLaterFigures(null),
    z.record(z.enum(metricNames), summary.shape.figures.valueType),
  ),
  changes: z.preprocess(
    withLaterFigures({ previous: null, absolute: null, relative: null }),
    z.record(z.enum(metricNames), summary.shape.changes.valueType),
  ),
  indicators: z.array(summary.shape.indicators.element.extend({ status: z.enum(onTrackStatuses) })),
  representativeness: z.object({ neighbourhood: storedRepresentation, ageBand: storedRepresentation }),
  representativenessByChannel: z.array(channelRepresentation(storedRepresentation)).optional(),
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
