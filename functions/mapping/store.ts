import type { outboxPut } from '../../shared/db/outbox';
import type { Page } from '../../shared/db/pagination';
import type { PageRequest } from '../../shared/db/query';
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

/** An outbox event to commit with the state change (see `shared/db/outbox.ts`). */
export type OutboxEntry = ReturnType<typeof outboxPut>;

/**
 * Persistence for community assets. The DynamoDB implementation (`dynamo-store.ts`) keeps the
 * approved map and the pending queue in sparse index entries that follow the status.
 */
export interface MappingStore {
  addAsset(asset: StoredAsset, event: OutboxEntry): Promise<void>;
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
    event: OutboxEntry | undefined,
  ): Promise<'reviewed' | 'changed-concurrently'>;
}
