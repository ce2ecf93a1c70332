import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../observability/powertools';

/**
 * One DynamoDB client per execution environment. Locally the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB` points it at DynamoDB Local, so the code path is the cloud's.
 */
export const dynamoDb = tracer.captureAWSv3Client(new DynamoDBClient({}));

export const documentClient = DynamoDBDocumentClient.from(dynamoDb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
