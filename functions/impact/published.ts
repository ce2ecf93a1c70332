import type { ImpactPublished } from './api';
import { dynamoLedgerStore } from './dynamo-ledger-store';
import { dynamoSummaryStore } from './dynamo-summary-store';
import { publishedSources } from './sources';
import { summaryCompiler, summaryReads } from './summary';

/**
 * What impact publishes to other contexts (declared in `api.ts`): the digest reads a period's
 * stored summaries through these, and compiles them when the summary job has not run yet. Inject
 * them into services as ports.
 */

const reads = summaryReads(dynamoSummaryStore);
const compiler = summaryCompiler({
  ledger: dynamoLedgerStore,
  summaries: dynamoSummaryStore,
  sources: publishedSources,
});

/** Every stored summary of a period: the city's and each initiative's (one query of its partition). */
export const summariesOfPeriod: ImpactPublished['summariesOfPeriod'] = (period) =>
  reads.summariesOfPeriod(period);

/** Compiles and stores every summary of a period, as the `impact-summary` job does. */
export const compileImpactSummaries: ImpactPublished['compileImpactSummaries'] = (period) =>
  compiler.compileImpactSummaries(period);
