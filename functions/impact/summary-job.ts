import { createPeriodJob } from '../../shared/lambda/scheduled-job';
import { logger } from '../../shared/observability/powertools';
import { dynamoLedgerStore } from './dynamo-ledger-store';
import { dynamoSummaryStore } from './dynamo-summary-store';
import { publishedSources } from './sources';
import { summaryCompiler } from './summary';

const compiler = summaryCompiler({
  ledger: dynamoLedgerStore,
  summaries: dynamoSummaryStore,
  sources: publishedSources,
});

/**
 * The `impact-summary` job: compiles the summaries of the period the input names (or that had
 * just ended when the schedule fired). Re-running a period replaces its summaries with the same
 * figures, so Scheduler's retries and people's re-runs are harmless.
 */
export const handler = createPeriodJob(({ period }) =>
  compiler.compileImpactSummaries(period, { onProgress: (message) => logger.info(message) }),
);
