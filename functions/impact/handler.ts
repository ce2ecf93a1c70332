import { readsAsAdmin } from '../../shared/domain/small-numbers';
import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { impactRoutes } from './api';
import { dynamoSummaryStore } from './dynamo-summary-store';
import { summaryReads } from './summary';

const summaries = summaryReads(dynamoSummaryStore);

/** Impact: serves the summaries the `impact-summary` job compiles. */
export const handler = createHttpHandler(
  bindRoutes(impactRoutes, {
    getImpactSummary: ({ params, query, principal }) =>
      summaries.storedSummary(params.period, query.initiativeId, { admin: readsAsAdmin(principal) }),
  }),
);
