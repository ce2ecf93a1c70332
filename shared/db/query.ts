import { paginateQuery, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { runtimeConfig } from '../config/runtime';
import { InvalidFieldError } from '../domain/errors';
import type { Page, PageRequest } from '../domain/page';
import { documentClient } from './client';
import { decodeCursor, encodeCursor } from './pagination';
import type { IndexName } from './table';

export type { PageRequest } from '../domain/page';

/**
 * One page of a key-condition query on the table or one of its indexes: `{ name: value }` for
 * the partition key and an optional `begins_with` on the sort key. Never a scan.
 */
export async function queryPage<T>(
  options: {
    index?: IndexName;
    partition: Record<string, string>;
    sortKeyBeginsWith?: Record<string, string>;
    newestFirst?: boolean;
    /**
     * Equality filters on other attributes. A filter saves shipping items, not reading them, and
     * `limit` counts items read: a filtered page can hold fewer than `limit`, even none, and still
     * have a `nextCursor`.
     */
    filter?: Record<string, string | number>;
  },
  page: PageRequest,
  toItem: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const [[partitionName, partitionValue]] = Object.entries(options.partition) as [[string, string]];
  const sortEntry = options.sortKeyBeginsWith ? Object.entries(options.sortKeyBeginsWith)[0] : undefined;
  const filters = Object.entries(options.filter ?? {});
  const input: QueryCommandInput = {
    TableName: runtimeConfig().TABLE_NAME,
    ...(options.index ? { IndexName: options.index } : {}),
    KeyConditionExpression: sortEntry ? '#pk = :pk AND begins_with(#sk, :sk)' : '#pk = :pk',
    ...(filters.length > 0
      ? { FilterExpression: filters.map((_, index) => `#f${index} = :f${index}`).join(' AND ') }
      : {}),
    ExpressionAttributeNames: {
      '#pk': partitionName,
      ...(sortEntry ? { '#sk': sortEntry[0] } : {}),
      ...Object.fromEntries(filters.map(([name], index) => [`#f${index}`, name])),
    },
    ExpressionAttributeValues: {
      ':pk': partitionValue,
      ...(sortEntry ? { ':sk': sortEntry[1] } : {}),
      ...Object.fromEntries(filters.map(([, value], index) => [`:f${index}`, value])),
    },
    Limit: page.limit,
    ScanIndexForward: !options.newestFirst,
    ExclusiveStartKey: decodeCursor(page.cursor),
  };
  return refusingForeignCursors(page, async () => {
    const result = await documentClient.send(new QueryCommand(input));
    const nextCursor = encodeCursor(result.LastEvaluatedKey);
    return { items: (result.Items ?? []).map(toItem), ...(nextCursor ? { nextCursor } : {}) };
  });
}

/**
 * Every item of a key-condition query, all its pages read: for partitions known to be small (a
 * survey's versions, a period's summaries, one local day's activity). Never a scan.
 */
export async function queryAll(options: {
  index?: IndexName;
  partition: Record<string, string>;
  sortKeyBeginsWith?: string;
  sortKeyBetween?: readonly [string, string];
}): Promise<Record<string, unknown>[]> {
  const [[partitionName, partitionValue]] = Object.entries(options.partition) as [[string, string]];
  const sortName = partitionName.replace(/pk$/, 'sk');
  const sortCondition =
    options.sortKeyBeginsWith !== undefined
      ? ' AND begins_with(#sk, :from)'
      : options.sortKeyBetween
        ? ' AND #sk BETWEEN :from AND :to'
        : '';
  const sortValues =
    options.sortKeyBeginsWith !== undefined
      ? { ':from': options.sortKeyBeginsWith }
      : options.sortKeyBetween
        ? { ':from': options.sortKeyBetween[0], ':to': options.sortKeyBetween[1] }
        : {};
  const pages = paginateQuery(
    { client: documentClient, pageSize: 500 },
    {
      TableName: runtimeConfig().TABLE_NAME,
      ...(options.index ? { IndexName: options.index } : {}),
      KeyConditionExpression: `#pk = :pk${sortCondition}`,
      ExpressionAttributeNames: { '#pk': partitionName, ...(sortCondition ? { '#sk': sortName } : {}) },
      ExpressionAttributeValues: { ':pk': partitionValue, ...sortValues },
    },
  );
  const items: Record<string, unknown>[] = [];
  for await (const page of pages) items.push(...(page.Items ?? []));
  return items;
}

/**
 * How many queries one filtered page may make. With a filter, DynamoDB's `Limit` counts items read,
 * not items kept, so a page keeps reading until it holds `limit` items — but at most this often,
 * so one request's cost stays bounded however few items pass; the cursor carries on from there.
 */
export const maxReadsPerFilteredPage = 5;

/** One page of a query with a `FilterExpression` (see `maxReadsPerFilteredPage`). */
export async function filteredQueryPage<T>(
  query: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  page: PageRequest,
  toItem: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const items: T[] = [];
  let start = decodeCursor(page.cursor);
  await refusingForeignCursors(page, async () => {
    for (let reads = 0; reads < maxReadsPerFilteredPage && items.length < page.limit; reads++) {
      const result = await documentClient.send(
        new QueryCommand({ ...query, Limit: page.limit - items.length, ExclusiveStartKey: start }),
      );
      items.push(...(result.Items ?? []).map(toItem));
      start = result.LastEvaluatedKey;
      if (!start) break;
    }
  });
  const nextCursor = encodeCursor(start);
  return { items, ...(nextCursor ? { nextCursor } : {}) };
}

/** Runs a read that starts from `page.cursor`, turning a cursor from another list into a 422. */
async function refusingForeignCursors<R>(page: PageRequest, read: () => Promise<R>): Promise<R> {
  try {
    return await read();
  } catch (error) {
    // A cursor from another list decodes fine but names keys this query cannot start from.
    if (page.cursor && error instanceof Error && error.name === 'ValidationException') {
      throw new InvalidFieldError('query.cursor', 'This cursor belongs to a different list.');
    }
    throw error;
  }
}
