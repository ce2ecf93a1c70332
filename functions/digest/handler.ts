import { type Period, parsePeriod } from '../../shared/domain/period';
import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { digestRoutes } from './api';
import { digestService } from './digests';
import { dynamoDeliveryStore } from './dynamo-delivery-store';
import { publishedSources } from './sources';

const digests = digestService(dynamoDeliveryStore, publishedSources);

/** Digests: renders a period's evaluation digest for review (the `digest` job sends them). */
export const handler = createHttpHandler(
  bindRoutes(digestRoutes, {
    previewDigest: ({ query }) =>
      digests.previewDigest(parsePeriod(query.period) as Period, {
        language: query.language,
        initiatives: query.initiatives ?? 'all',
      }),
  }),
);
