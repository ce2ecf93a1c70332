import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Reads treat an item whose retention has ended as absent. DynamoDB deletes items past their TTL
 * only eventually (within days), and DynamoDB Local never does, so without this a person's data
 * would keep showing after the city said it would be gone. Only items carrying a `retention`
 * attribute (personal data, `shared/privacy/retention.ts`) are hidden: pending confirmations,
 * idempotency records and outbox events use `expiresAt` too, and their code reads them past it on
 * purpose (to answer "this link has expired").
 *
 * Installed on the one client (`client.ts`), so every context's reads go through it, in the cloud
 * as on this machine. The code that ends retention or erases a person must see these items:
 * it reads inside `includingExpired`.
 */

const seeExpired = new AsyncLocalStorage<true>();

/** Runs `work` with reads that return items past their retention too (the retention job, erasure, export of what is still held). */
export function includingExpired<T>(work: () => Promise<T>): Promise<T> {
  return seeExpired.run(true, work);
}

// Marshalled (low-level client) or plain (document client): see `isExpiredItem`.
type Item = Record<string, unknown>;

/**
 * Whether an item is past its retention at `nowSeconds`. The item is marshalled for the low-level
 * client's commands but already plain for the document client's: lib-dynamodb unmarshalls inside
 * the deserialize step, before this build-step filter sees the output. Both shapes are read.
 */
export function isExpiredItem(item: Item | undefined, nowSeconds: number): boolean {
  const plain = (value: unknown): unknown =>
    value && typeof value === 'object'
      ? ((value as { S?: string; N?: string }).S ?? (value as { N?: string }).N)
      : value;
  if (!item || typeof plain(item.retention) !== 'string') return false;
  const expiresAt = Number(plain(item.expiresAt));
  return Number.isFinite(expiresAt) && expiresAt <= nowSeconds;
}

/** The command's output with expired items left out, as if DynamoDB had already deleted them. */
export function withoutExpired(command: string, output: Record<string, unknown>, nowSeconds: number): void {
  const live = (items: Item[] | undefined) => items?.filter((item) => !isExpiredItem(item, nowSeconds));
  switch (command) {
    case 'GetItemCommand':
      if (isExpiredItem(output.Item as Item | undefined, nowSeconds)) delete output.Item;
      return;
    case 'QueryCommand':
    case 'ScanCommand': {
      const items = live(output.Items as Item[] | undefined);
      if (items) {
        output.Items = items;
        output.Count = items.length;
      }
      return;
    }
    case 'BatchGetItemCommand': {
      const responses = output.Responses as Record<string, Item[]> | undefined;
      for (const table of Object.keys(responses ?? {}))
        if (responses) responses[table] = live(responses[table]) ?? [];
      return;
    }
    case 'TransactGetItemsCommand':
      for (const response of (output.Responses ?? []) as { Item?: Item }[])
        if (isExpiredItem(response.Item, nowSeconds)) delete response.Item;
      return;
    default:
      return;
  }
}

/** Filters what every read of `client` returns (build step: the output is still marshalled). */
export function installRetentionFilter(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (!seeExpired.getStore())
        withoutExpired(
          String(context.commandName),
          result.output as unknown as Record<string, unknown>,
          Math.floor(Date.now() / 1000),
        );
      return result;
    },
    { step: 'build', name: 'civicRetentionFilter' },
  );
}
