import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client';
import { tableName } from './items';

type ItemKey = { pk: string; sk: string };

/** DynamoDB's limit of keys per `BatchGetItem`. */
const KEYS_PER_BATCH = 100;
const MAX_ATTEMPTS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const keyOf = (key: { pk: unknown; sk: unknown }) => `${String(key.pk)}\u0000${String(key.sk)}`;

/**
 * Items by primary key, in the order asked, absent ones left out: as many `BatchGetItem` calls as
 * 100-key chunks need, and the keys DynamoDB leaves unprocessed (throttling, the 16 MB response
 * limit) asked again with jittered exponential backoff. Duplicate keys are read once.
 *
 * @param parse turns each raw item into what the caller works with (a decoder, so reads are
 * checked at the storage boundary, not cast).
 */
export async function batchGetAll<T>(
  keys: readonly ItemKey[],
  parse: (item: Record<string, unknown>) => T,
  options: { consistentRead?: boolean } = {},
): Promise<T[]> {
  const unique = [...new Map(keys.map((key) => [keyOf(key), { pk: key.pk, sk: key.sk }])).values()];
  const found = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < unique.length; start += KEYS_PER_BATCH) {
    let pending: Record<string, unknown>[] | undefined = unique.slice(start, start + KEYS_PER_BATCH);
    for (let attempt = 1; pending && pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS)
        throw new Error(
          `BatchGetItem left ${pending.length} keys unprocessed after ${MAX_ATTEMPTS} attempts.`,
        );
      if (attempt > 1) await sleep(Math.random() * Math.min(1000, 20 * 2 ** attempt));
      const table = tableName();
      const output: BatchGetCommandOutput = await documentClient.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: { Keys: pending, ...(options.consistentRead ? { ConsistentRead: true } : {}) },
          },
        }),
      );
      for (const item of output.Responses?.[table] ?? [])
        found.set(keyOf(item as { pk: unknown; sk: unknown }), item);
      pending = output.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return keys.flatMap((key) => {
    const item = found.get(keyOf(key));
    return item ? [parse(item)] : [];
  });
}
