import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { impactRoutes } from './api';
import { dynamoSummaryStore } from './dynamo-summary-store';
import { summaryReads } from './summary';

const summaries = summaryReads(dynamoSummaryStore);

/** Impact: serves the summaries the `impact-summary` job compiles. */
export const handler = createHttpHandler(
  bindRoutes(impactRoutes, {
    getImpactSummary: ({ params, query }) => summaries.storedSummary(params.period, query.initiativeId),
  }),
);
