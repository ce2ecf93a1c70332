import { defineRoute } from '../../shared/http/route';
import {
  asset,
  assetFeatureCollection,
  assetInput,
  assetListQuery,
  assetPage,
  assetParams,
  assetReviewInput,
  assetReviewResult,
  pendingAssetListQuery,
} from './schemas';
import { mappingService } from './service';

const service = mappingService();
const tag = 'mapping';
const coordinator = { roles: ['coordinator'] } as const;

export const mappingRoutes = [
  defineRoute({
    operationId: 'createAsset',
    method: 'POST',
    path: '/assets',
    summary: 'Map a community asset, or suggest one',
    description:
      'A coordinator’s (or admin’s) asset is `approved` and on the map at once. Anyone else’s is a resident’s suggestion: it waits as `pending` until a coordinator reviews it.',
    tag,
    auth: 'public',
    acceptsForm: true,
    request: { body: assetInput },
    response: { status: 201, description: 'The asset, with its status.', schema: asset },
    handler: ({ body, principal }) => service.createAsset(body, principal),
  }),
  defineRoute({
    operationId: 'mapAssets',
    method: 'GET',
    path: '/assets',
    summary: 'Approved community assets as a GeoJSON FeatureCollection',
    description:
      'RFC 7946: each asset is a Point Feature (`[lon, lat]`) whose `id` is the asset ID. Sorted by category, then oldest first. With `bbox`, a page may hold fewer than `limit` features even when more follow: keep following `nextCursor`.',
    tag,
    auth: 'public',
    request: { query: assetListQuery },
    response: { status: 200, description: 'A page of approved assets.', schema: assetFeatureCollection },
    handler: ({ query }) => service.mapAssets(query, query),
  }),
  defineRoute({
    operationId: 'listPendingAssets',
    method: 'GET',
    path: '/assets/pending',
    summary: 'Residents’ asset suggestions waiting for review, oldest first',
    tag,
    auth: coordinator,
    request: { query: pendingAssetListQuery },
    response: { status: 200, description: 'A page of pending assets.', schema: assetPage },
    handler: ({ query }) => service.listPendingAssets(query),
  }),
  defineRoute({
    operationId: 'reviewAsset',
    method: 'POST',
    path: '/assets/{assetId}/approval',
    summary: 'Approve or reject a suggested asset, with a reason',
    description: 'Only a `pending` asset can be reviewed; any other status, or a concurrent review, is 409.',
    tag,
    auth: coordinator,
    request: { params: assetParams, body: assetReviewInput },
    response: { status: 200, description: 'The asset’s new status.', schema: assetReviewResult },
    errors: [404, 409],
    handler: ({ params, body, principal }) => service.reviewAsset(params.assetId, body, principal),
  }),
];
