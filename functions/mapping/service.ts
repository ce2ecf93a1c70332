import { AssetApproved, AssetSuggested } from '../../events/mapping';
import { domainEvent } from '../../shared/domain/domain-event';
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { PageRequest } from '../../shared/domain/page';
import type { Principal } from '../../shared/http/route';
import { assetAsHsdsService } from './hsds';
import type {
  AssetFeatureCollection,
  AssetFilter,
  AssetInput,
  AssetReviewInput,
  HsdsServicePage,
} from './schemas';
import type { MappingStore, StoredAsset } from './store';

/** Staff who may put an asset on the map directly and review residents' suggestions. */
const canApprove = (principal: Principal): principal is Extract<Principal, { kind: 'staff' }> =>
  principal.kind === 'staff' && principal.roles.some((role) => role === 'coordinator' || role === 'admin');

/** An approved asset as an RFC 7946 Feature: a Point with `[lon, lat]`, the asset ID as `id`. */
function toFeature(asset: StoredAsset): AssetFeatureCollection['features'][number] {
  const { assetId, location, status: _status, origin: _origin, review: _review, ...properties } = asset;
  return {
    type: 'Feature',
    id: assetId,
    geometry: { type: 'Point', coordinates: [location.lon, location.lat] },
    properties,
  };
}

/** The community-asset use cases. Routes call these; they call the store. */
export function mappingService(store: MappingStore, clock: () => Date = () => new Date()) {
  return {
    /**
     * A coordinator's (or admin's) asset goes on the map at once; anyone else's is a suggestion
     * that waits as `pending` for review.
     */
    async createAsset(input: AssetInput, principal: Principal): Promise<StoredAsset> {
      const now = clock().toISOString();
      const approver = canApprove(principal) ? principal : undefined;
      const asset: StoredAsset = {
        assetId: newId(),
        ...input,
        status: approver ? 'approved' : 'pending',
        origin: approver ? 'staff' : 'suggestion',
        createdAt: now,
        updatedAt: now,
      };
      const about = {
        eventId: newId(),
        occurredAt: now,
        assetId: asset.assetId,
        category: asset.category,
        neighbourhood: asset.neighbourhood,
      };
      const event = approver
        ? domainEvent(AssetApproved, { ...about, origin: 'staff', approvedBy: approver.userId })
        : domainEvent(AssetSuggested, about);
      await store.addAsset(asset, event);
      return asset;
    },

    async reviewAsset(assetId: string, input: AssetReviewInput, principal: Principal) {
      if (principal.kind !== 'staff') throw new Error('Asset review reached without a staff principal');
      const asset = await store.getAsset(assetId);
      if (!asset) throw new NotFoundError('No asset with this ID.');
      if (asset.status !== 'pending') {
        throw new ConflictError(`This asset was already reviewed: it is ${asset.status}.`, 'not-pending');
      }
      const at = clock().toISOString();
      const status = input.decision === 'approve' ? ('approved' as const) : ('rejected' as const);
      const review = { decision: input.decision, reason: input.reason, reviewerId: principal.userId, at };
      const event =
        status === 'approved'
          ? domainEvent(AssetApproved, {
              eventId: newId(),
              occurredAt: at,
              assetId,
              category: asset.category,
              neighbourhood: asset.neighbourhood,
              origin: 'suggestion',
              approvedBy: principal.userId,
            })
          : undefined;
      const outcome = await store.reviewAsset(asset, status, review, event);
      if (outcome === 'changed-concurrently') {
        throw new ConflictError(
          'Someone else reviewed this asset at the same moment; reload and try again.',
          'changed-concurrently',
        );
      }
      return { assetId, status, reviewedAt: at };
    },

    async mapAssets(filter: AssetFilter, page: PageRequest): Promise<AssetFeatureCollection> {
      const result = await store.listApprovedAssets(filter, page);
      return {
        type: 'FeatureCollection',
        features: result.items.map(toFeature),
        ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
      };
    },

    /** The same approved assets, filters and pages as the map, as Open Referral HSDS 3.0 services. */
    async assetsAsHsds(filter: AssetFilter, page: PageRequest): Promise<HsdsServicePage> {
      const result = await store.listApprovedAssets(filter, page);
      return {
        contents: result.items.map(assetAsHsdsService),
        ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
      };
    },

    listPendingAssets: (page: PageRequest) => store.listPendingAssets(page),
  };
}
