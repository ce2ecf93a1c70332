import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../shared/db/client';

/**
 * Loads items into the bench table with BatchWriteItem, 25 per call and `concurrency` calls at a
 * time, resending whatever DynamoDB leaves unprocessed. For filling a table fast when going through
 * the API would take too long; each caller says whose item shape it copies.
 */
export async function batchWriteAll(
  items: readonly Record<string, unknown>[],
  concurrency = 16,
): Promise<void> {
  const table = process.env.TABLE_NAME as string;
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const output = await documentClient.send(
          new BatchWriteCommand({ RequestItems: { [table]: requests } }),
        );
        requests = (output.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
