import { z } from 'zod';
import { defineRoute } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import type { ContextDeclaration } from '../context';
import {
  asset,
  assetFeatureCollection,
  assetInput,
  assetListQuery,
  assetPage,
  assetParams,
  assetReviewInput,
  assetReviewResult,
  hsdsServicePage,
  pendingAssetListQuery,
} from './schemas';

const tag = 'mapping';
const coordinator = staffAccess.manage;

/** The route contracts; what each does is bound in `handler.ts`. */
export const mappingRoutes = [
  defineRoute({
    operationId: 'createAsset',
    method: 'POST',
    path: '/assets',
    summary: 'Map a community asset, or suggest one',
    description:
      'A coordinator’s (or admin’s) asset, sent with their staff token, is `approved` and on the map at once. Anyone else’s is a resident’s suggestion: it waits as `pending` until a coordinator reviews it. A token that is sent must be valid (401 otherwise, nothing written): it is never ignored.',
    tag,
    // Residents suggest, coordinators map directly: the same route, told apart by an optional token.
    auth: 'optionalStaff',
    acceptsForm: true,
    request: { body: assetInput },
    response: { status: 201, description: 'The asset, with its status.', schema: asset },
  }),
  defineRoute({
    operationId: 'mapAssets',
    method: 'GET',
    path: '/assets',
    summary: 'Approved community assets as a GeoJSON FeatureCollection, or as Open Referral HSDS 3.0',
    description:
      'RFC 7946: each asset is a Point Feature (`[lon, lat]`) whose `id` is the asset ID. Sorted by category, then oldest first. With `bbox`, a page may hold fewer than `limit` features even when more follow: keep following `nextCursor`. With `format=hsds` the same page is Open Referral HSDS 3.0 services (`contents`), each `active` at one `physical` location with its accessibility notes and its category as a taxonomy term, for service directories that speak HSDS.',
    tag,
    auth: 'public',
    request: { query: assetListQuery },
    response: {
      status: 200,
      description: 'A page of approved assets: GeoJSON, or HSDS with `format=hsds`.',
      // The query's `format` decides which; the GeoJSON one is tried first and has `type`.
      schema: z.union([assetFeatureCollection, hsdsServicePage]),
    },
  }),
  defineRoute({
    operationId: 'listPendingAssets',
    method: 'GET',
    path: '/assets/pending',
    summary: 'Residents’ asset suggestions waiting for review, oldest first',
    tag,
    auth: staffAccess.personalData,
    request: { query: pendingAssetListQuery },
    response: { status: 200, description: 'A page of pending assets.', schema: assetPage },
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
  }),
];

/** Community assets: one HTTP function (`handler.ts`); no consumers or jobs. */
export const mapping: ContextDeclaration = {
  name: 'mapping',
  http: [
    {
      name: 'mapping',
      entry: 'functions/mapping/handler.ts',
      routes: mappingRoutes,
      tableAccess: 'readWrite',
      reservedConcurrency: 20,
    },
  ],
};
