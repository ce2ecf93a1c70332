import { randomBytes } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ensureTable, localDynamoDbClient } from '../../../infra/local/dynamodb-local';
import { createTableInput } from '../../../shared/db/table';

const endpoint = inject('dynamoDbEndpoint');
const client = localDynamoDbClient(endpoint);
const created: string[] = [];

afterEach(async () => {
  for (const TableName of created.splice(0)) await client.send(new DeleteTableCommand({ TableName }));
});

/** A table as a release before the person index (gsi3) created it. */
async function tableWithoutPersonIndex(): Promise<string> {
  const TableName = `civic-old-${randomBytes(6).toString('hex')}`;
  const input = createTableInput(TableName);
  await client.send(
    new CreateTableCommand({
      ...input,
      GlobalSecondaryIndexes: input.GlobalSecondaryIndexes.filter((index) => index.IndexName !== 'gsi3'),
      AttributeDefinitions: input.AttributeDefinitions.filter(
        (definition) => !['gsi3pk', 'gsi3sk'].includes(definition.AttributeName),
      ),
    }),
  );
  created.push(TableName);
  return TableName;
}

const indexNames = async (TableName: string) =>
  ((await client.send(new DescribeTableCommand({ TableName }))).Table?.GlobalSecondaryIndexes ?? [])
    .map((index) => index.IndexName)
    .sort();

describe('ensureTable on a table from an earlier release', () => {
  it('adds the person index, keeping the items, and the index answers queries', async () => {
    // Prepare
    const TableName = await tableWithoutPersonIndex();
    await client.send(
      new PutItemCommand({
        TableName,
        Item: { pk: { S: 'CONTRIBUTION#C1' }, sk: { S: '#META' }, title: { S: 'Splash pad' } },
      }),
    );
    const before = await indexNames(TableName);

    // Act
    await ensureTable(endpoint, TableName);
    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    // Writes right after: DynamoDB Local refuses them while it still builds the index.
    await client.send(
      new PutItemCommand({
        TableName,
        Item: {
          pk: { S: 'CONTRIBUTION#C2' },
          sk: { S: '#META' },
          gsi3pk: { S: 'PARTICIPATION#PERSON#h1' },
          gsi3sk: { S: 'Contribution#CONTRIBUTION#C2##META' },
        },
      }),
    );
    const found = await client.send(
      new QueryCommand({
        TableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :person',
        ExpressionAttributeValues: { ':person': { S: 'PARTICIPATION#PERSON#h1' } },
      }),
    );

    // Assess
    expect(before).not.toContain('gsi3');
    expect(await indexNames(TableName)).toEqual(before.concat('gsi3').sort());
    expect(Table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === 'gsi3')?.IndexStatus).toBe(
      'ACTIVE',
    );
    expect(found.Items?.map((item) => item.pk?.S)).toEqual(['CONTRIBUTION#C2']);
    const kept = await client.send(
      new GetItemCommand({ TableName, Key: { pk: { S: 'CONTRIBUTION#C1' }, sk: { S: '#META' } } }),
    );
    expect(kept.Item?.title?.S).toBe('Splash pad');
  });

  it('leaves a table that already has every index as it is', async () => {
    // Prepare
    const TableName = `civic-new-${randomBytes(6).toString('hex')}`;
    await ensureTable(endpoint, TableName);
    created.push(TableName);
    const before = await indexNames(TableName);

    // Act
    await ensureTable(endpoint, TableName);

    // Assess
    expect(before).toContain('gsi3');
    expect(await indexNames(TableName)).toEqual(before);
  });
});
