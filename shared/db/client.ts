import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableKeyPolicy } from '../access/key-spaces';
import { tracer } from '../observability/powertools';
import { installKeyGuard } from './key-guard';
import { installRetentionFilter } from './retention-filter';

/**
 * One DynamoDB client per execution environment. Locally the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB` points it at DynamoDB Local, so the code path is the cloud's.
 */
export const dynamoDb = tracer.captureAWSv3Client(new DynamoDBClient({}));

// The local stack names each function's key-space policy (IAM enforces it in the cloud, where the
// variable is never set); see key-guard.ts. Read here, once, as the client is made once.
if (process.env.TABLE_KEY_POLICY)
  installKeyGuard(dynamoDb, JSON.parse(process.env.TABLE_KEY_POLICY) as TableKeyPolicy);

// Items past their retention read as absent everywhere (retention-filter.ts).
installRetentionFilter(dynamoDb);

export const documentClient = DynamoDBDocumentClient.from(dynamoDb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
