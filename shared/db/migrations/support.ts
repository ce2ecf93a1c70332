import {
  type DynamoDBDocumentClient,
  paginateQuery,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** What migrations share: reading a whole partition, and changing an item only if it still has its old shape. */

export type Item = Record<string, unknown>;

/** Every item a query matches, page after page. */
export async function* queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): AsyncGenerator<Item> {
  for await (const page of paginateQuery({ client }, input)) yield* page.Items ?? [];
}

/**
 * Runs a conditional update; `false` when the condition no longer holds (a concurrent run, or new
 * code, changed the item first), which for a migration means there is nothing left to do.
 */
export async function updateIfStill(
  client: DynamoDBDocumentClient,
  input: UpdateCommandInput,
): Promise<boolean> {
  try {
    await client.send(new UpdateCommand(input));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
