import type { DomainEvent } from '../../shared/domain/domain-event';
import type { Page, PageRequest } from '../../shared/domain/page';
import type { Asset, AssetFilter, AssetStatus } from './schemas';

/** A coordinator's decision on a resident's suggestion, kept on the asset for the audit trail. */
export interface AssetReview {
  decision: 'approve' | 'reject';
  reason: string;
  reviewerId: string;
  at: string;
}

/** An asset as stored: what the API shows plus the review, which only staff views may use. */
export interface StoredAsset extends Asset {
  review?: AssetReview;
}

/**
 * Persistence for community assets. The DynamoDB implementation (`dynamo-store.ts`) keeps the
 * approved map and the pending queue in sparse index entries that follow the status.
 */
export interface MappingStore {
  addAsset(asset: StoredAsset, event: DomainEvent): Promise<void>;
  getAsset(assetId: string): Promise<StoredAsset | undefined>;

  /**
   * A page of approved assets, by category and neighbourhood through keys; a bounding box is a
   * filter on the items read, so a page may hold fewer than `limit` even when more follow.
   */
  listApprovedAssets(filter: AssetFilter, page: PageRequest): Promise<Page<StoredAsset>>;
  listPendingAssets(page: PageRequest): Promise<Page<StoredAsset>>;

  /** Sets the status if the asset is still `pending`; `changed-concurrently` when it no longer is. */
  reviewAsset(
    asset: StoredAsset,
    status: Exclude<AssetStatus, 'pending'>,
    review: AssetReview,
    event: DomainEvent | undefined,
  ): Promise<'reviewed' | 'changed-concurrently'>;
}
