import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { runtimeConfig } from '../config/runtime';
import { documentClient } from './client';
import { tableDefinition } from './table';

const keyAttributes = new Set<string>([
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  tableDefinition.timeToLiveAttribute,
  'type',
]);

/** An item without its table keys, index keys, TTL and type marker: the entity itself. */
export function entityOf<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !keyAttributes.has(name))) as T;
}

/** The table every function works on, from the validated runtime configuration. */
export const tableName = () => runtimeConfig().TABLE_NAME;

/** One entity by its primary key, without key attributes; undefined when absent. */
export async function getEntity<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const result = await documentClient.send(new GetCommand({ TableName: tableName(), Key: key }));
  return result.Item ? entityOf<T>(result.Item) : undefined;
}
