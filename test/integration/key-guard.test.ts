import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { eventConsumers, httpContexts, tableKeyPolicyOf } from '../../functions/contexts';
import { installKeyGuard } from '../../shared/db/key-guard';
import { evaluationKeys, keys } from '../../shared/db/keys';
import { allItems } from '../support/api';

/** A client guarded by a function's policy, as the local stack gives each function (`TABLE_KEY_POLICY`). */
function guardedClientOf(functionName: string) {
  const fn = [...httpContexts, ...eventConsumers].find((candidate) => candidate.name === functionName);
  if (!fn) throw new Error(`no function ${functionName}`);
  const client = new DynamoDBClient({});
  installKeyGuard(client, tableKeyPolicyOf(fn));
  return { client, document: DynamoDBDocumentClient.from(client) };
}

const tableName = () => process.env.TABLE_NAME as string;
const participation = guardedClientOf('participation');
const evaluation = guardedClientOf('evaluation');
afterAll(() => {
  participation.client.destroy();
  evaluation.client.destroy();
});

describe('the local key-space guard', () => {
  it('lets a function read and write its own partitions', async () => {
    // Prepare
    const initiative = keys.initiative('01J0000000000000000000GRD1');

    // Act
    await participation.document.send(
      new PutCommand({ TableName: tableName(), Item: { ...initiative, type: 'Initiative' } }),
    );
    const read = await participation.document.send(
      new GetCommand({ TableName: tableName(), Key: initiative }),
    );

    // Assess
    expect(read.Item?.type).toBe('Initiative');
  });

  it('refuses another context’s partition as IAM would, before anything is sent', async () => {
    // Prepare
    const logicModel = evaluationKeys.logicModel('01J0000000000000000000GRD2');
    const before = (await allItems()).length;

    // Act
    const write = participation.document.send(
      new PutCommand({ TableName: tableName(), Item: { ...logicModel, inputs: [] } }),
    );
    const query = evaluation.document.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'gsi1pk' },
        ExpressionAttributeValues: { ':pk': 'ASSETS#APPROVED' },
      }),
    );

    // Assess
    await expect(write).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(query).rejects.toThrow(/partition ASSETS#APPROVED/);
    expect((await allItems()).length).toBe(before);
  });

  it('checks every item of a transaction, and refuses scans outright', async () => {
    // Prepare
    const own = keys.engagement('01J0000000000000000000GRD3');
    const foreign = evaluationKeys.indicator('01J0000000000000000000GRD4');

    // Act
    const transaction = participation.document.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: { ...own, type: 'Engagement' } } },
          { Put: { TableName: tableName(), Item: { ...foreign, type: 'Indicator' } } },
        ],
      }),
    );
    const scan = participation.document.send(new ScanCommand({ TableName: tableName() }));

    // Assess
    await expect(transaction).rejects.toThrow(/partition INDICATOR#/);
    await expect(scan).rejects.toThrow(/ScanCommand is not allowed/);
  });
});
