import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { mappingRoutes } from './api';
import { dynamoMappingStore } from './dynamo-store';
import { mappingService } from './service';

const service = mappingService(dynamoMappingStore);

/** Community assets: suggestions, review and the public GeoJSON map. One function, routing inside. */
export const handler = createHttpHandler(
  bindRoutes(mappingRoutes, {
    createAsset: ({ body, principal }) => service.createAsset(body, principal),
    mapAssets: ({ query }) =>
      query.format === 'hsds' ? service.assetsAsHsds(query, query) : service.mapAssets(query, query),
    listPendingAssets: ({ query }) => service.listPendingAssets(query),
    reviewAsset: ({ params, body, principal }) => service.reviewAsset(params.assetId, body, principal),
  }),
);
