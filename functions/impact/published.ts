import type { PersonalDataHolder } from '../../shared/privacy/person';
import type { ImpactPublished } from './api';
import { dynamoLedgerStore } from './dynamo-ledger-store';
import { dynamoImpactPrivacyStore } from './dynamo-privacy-store';
import { dynamoSummaryStore } from './dynamo-summary-store';
import { impactPrivacy } from './privacy';
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

/**
 * Impact's part in residents' privacy requests and in the retention job: a person's activity
 * records (by the person index) and first-seen items (by key), read out, erased or ended when
 * their retention does, under a pseudonym so every count stays; stored summaries are untouched.
 */
export const personalDataHolder: PersonalDataHolder = impactPrivacy(dynamoImpactPrivacyStore).holder;
