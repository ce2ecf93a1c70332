import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { getItem, parseEntity, tableName } from '../../shared/db/items';
import { keys } from '../../shared/db/keys';
import { outboxPut } from '../../shared/db/outbox';
import { filteredQueryPage, queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import { type AssetFilter, asset as assetSchema } from './schemas';
import type { MappingStore, StoredAsset } from './store';

/** An asset item as stored: the API's shape plus the review staff views use. */
const storedAsset: z.ZodType<StoredAsset> = assetSchema.extend({
  review: z
    .object({
      decision: z.enum(['approve', 'reject']),
      reason: z.string(),
      reviewerId: z.string(),
      at: z.string(),
    })
    .optional(),
});
const parseAsset = (item: Record<string, unknown>) => parseEntity(storedAsset, item);

function indexKeysFor(asset: StoredAsset) {
  if (asset.status === 'approved')
    return keys.approvedAsset(asset.assetId, asset.category, asset.neighbourhood);
  if (asset.status === 'pending') return keys.pendingAsset(asset.assetId);
  return {};
}

/** The key condition and filter for one approved-assets request: never a scan. */
function approvedQuery(filter: AssetFilter): Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'> {
  const byNeighbourhood = filter.neighbourhood !== undefined;
  const partition = byNeighbourhood
    ? keys.approvedAssetsInNeighbourhoodPartition(filter.neighbourhood as string)
    : keys.approvedAssetsPartition();
  const [[partitionName, partitionValue]] = Object.entries(partition) as [[string, string]];
  const names: Record<string, string> = { '#pk': partitionName };
  const values: Record<string, unknown> = { ':pk': partitionValue };
  let keyCondition = '#pk = :pk';
  if (filter.category) {
    keyCondition += ' AND begins_with(#sk, :category)';
    names['#sk'] = byNeighbourhood ? 'gsi2sk' : 'gsi1sk';
    values[':category'] = keys.assetCategoryPrefix(filter.category);
  }
  let filterExpression: string | undefined;
  if (filter.bbox) {
    const [minLon, minLat, maxLon, maxLat] = filter.bbox;
    Object.assign(names, { '#location': 'location', '#lat': 'lat', '#lon': 'lon' });
    Object.assign(values, { ':minLon': minLon, ':minLat': minLat, ':maxLon': maxLon, ':maxLat': maxLat });
    const lon =
      minLon <= maxLon
        ? '#location.#lon BETWEEN :minLon AND :maxLon'
        : '(#location.#lon >= :minLon OR #location.#lon <= :maxLon)';
    filterExpression = `#location.#lat BETWEEN :minLat AND :maxLat AND ${lon}`;
  }
  return {
    TableName: tableName(),
    IndexName: byNeighbourhood ? 'gsi2' : 'gsi1',
    KeyConditionExpression: keyCondition,
    ...(filterExpression ? { FilterExpression: filterExpression } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The community-assets store on the single table; key shapes are in `shared/db/keys.ts`. */
export const dynamoMappingStore: MappingStore = {
  async addAsset(asset, event) {
    const result = await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: { ...keys.asset(asset.assetId), ...indexKeysFor(asset), type: 'Asset', ...asset },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      outboxPut(tableName(), event),
    ]);
    // A fresh ULID colliding would be our bug, not the client's.
    if (!result.ok) throw new Error(`Asset write refused by condition ${result.failedConditions.join(',')}`);
  },

  getAsset: async (assetId) => {
    const item = await getItem(keys.asset(assetId));
    return item ? parseAsset(item) : undefined;
  },

  listApprovedAssets: (filter, page) => filteredQueryPage(approvedQuery(filter), page, parseAsset),

  listPendingAssets: (page) =>
    queryPage({ index: 'gsi1', partition: keys.pendingAssetsPartition() }, page, parseAsset),

  async reviewAsset(asset, status, review, event) {
    const approved = keys.approvedAsset(asset.assetId, asset.category, asset.neighbourhood);
    const result = await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.asset(asset.assetId),
          // The sparse indexes follow the status: out of the pending queue, onto the map or nowhere.
          UpdateExpression:
            status === 'approved'
              ? 'SET #status = :to, review = :review, updatedAt = :at, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk'
              : 'SET #status = :to, review = :review, updatedAt = :at REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(pk) AND #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': status,
            ':pending': 'pending',
            ':review': review,
            ':at': review.at,
            ...(status === 'approved'
              ? {
                  ':gsi1pk': approved.gsi1pk,
                  ':gsi1sk': approved.gsi1sk,
                  ':gsi2pk': approved.gsi2pk,
                  ':gsi2sk': approved.gsi2sk,
                }
              : {}),
          },
        },
      },
      ...(event ? [outboxPut(tableName(), event)] : []),
    ]);
    if (result.ok) return 'reviewed';
    if (result.failedConditions.includes(0)) return 'changed-concurrently';
    throw new Error(`Asset review refused by condition ${result.failedConditions.join(',')}`);
  },
};
