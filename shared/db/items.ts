import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
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

/** An item without its table keys, index keys, TTL and type marker: the entity itself, still unchecked. */
function entityOf(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !keyAttributes.has(name)));
}

/**
 * Reads an item as `schema` describes its entity (key attributes, TTL and type marker aside): the
 * decoder at a store's boundary, so what a service gets is checked, not cast. An item that does
 * not fit is our bug or a missing migration, reported with its key and the fields at fault (never
 * their values, which may be personal).
 */
export function parseEntity<S extends z.ZodType>(schema: S, item: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(entityOf(item));
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(item)').join(', ');
  throw new Error(`Stored item ${String(item.pk)} / ${String(item.sk)} does not fit its schema: ${fields}`);
}

/** The table every function works on, from the validated runtime configuration. */
export const tableName = () => runtimeConfig().TABLE_NAME;

/** One raw item by its primary key, for the store to parse; undefined when absent. */
export async function getItem(
  key: { pk: string; sk: string },
  options: { consistentRead?: boolean } = {},
): Promise<Record<string, unknown> | undefined> {
  const result = await documentClient.send(
    new GetCommand({
      TableName: tableName(),
      Key: key,
      ...(options.consistentRead ? { ConsistentRead: true } : {}),
    }),
  );
  return result.Item;
}
