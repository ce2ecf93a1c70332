import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { runtimeConfig } from '../config/runtime';
import { documentClient } from './client';
import { keys } from './keys';

/**
 * Whether an initiative exists. Every strand links its records to an initiative; this lets a
 * context check the link without importing the participation context.
 */
export async function initiativeExists(initiativeId: string): Promise<boolean> {
  const result = await documentClient.send(
    new GetCommand({
      TableName: runtimeConfig().TABLE_NAME,
      Key: keys.initiative(initiativeId),
      ProjectionExpression: 'pk',
    }),
  );
  return result.Item !== undefined;
}
