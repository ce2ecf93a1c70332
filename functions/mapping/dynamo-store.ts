import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/db/client';
import { entityOf, getEntity, tableName } from '../../shared/db/items';
import { keys } from '../../shared/db/keys';
import { decodeCursor, encodeCursor, type Page } from '../../shared/db/pagination';
import { queryPage } from '../../shared/db/query';
import { transactWrite } from '../../shared/db/transact';
import { InvalidFieldError } from '../../shared/domain/errors';
import type { AssetFilter } from './schemas';
import type { MappingStore, StoredAsset } from './store';

/**
 * With a bounding box, DynamoDB's `Limit` counts items read, not items kept. A page keeps reading
 * until it holds `limit` features, but at most this many queries, so one request's cost stays
 * bounded however sparse the box; the cursor then carries on where the reads stopped.
 */
const MAX_READS_PER_PAGE = 5;

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
      event,
    ]);
    // A fresh ULID colliding would be our bug, not the client's.
    if (!result.ok) throw new Error(`Asset write refused by condition ${result.failedConditions.join(',')}`);
  },

  getAsset: (assetId) => getEntity<StoredAsset>(keys.asset(assetId)),

  async listApprovedAssets(filter, page): Promise<Page<StoredAsset>> {
    const query = approvedQuery(filter);
    const items: StoredAsset[] = [];
    let start = decodeCursor(page.cursor);
    try {
      for (let reads = 0; reads < MAX_READS_PER_PAGE && items.length < page.limit; reads++) {
        const result = await documentClient.send(
          new QueryCommand({ ...query, Limit: page.limit - items.length, ExclusiveStartKey: start }),
        );
        items.push(...(result.Items ?? []).map((item) => entityOf<StoredAsset>(item)));
        start = result.LastEvaluatedKey;
        if (!start) break;
      }
    } catch (error) {
      // A cursor from another list decodes fine but names keys this query cannot start from.
      if (page.cursor && error instanceof Error && error.name === 'ValidationException') {
        throw new InvalidFieldError('query.cursor', 'This cursor belongs to a different list.');
      }
      throw error;
    }
    const nextCursor = encodeCursor(start);
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  },

  listPendingAssets: (page) =>
    queryPage({ index: 'gsi1', partition: keys.pendingAssetsPartition() }, page, (item) =>
      entityOf<StoredAsset>(item),
    ),

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
      ...(event ? [event] : []),
    ]);
    if (result.ok) return 'reviewed';
    if (result.failedConditions.includes(0)) return 'changed-concurrently';
    throw new Error(`Asset review refused by condition ${result.failedConditions.join(',')}`);
  },
};
