import { Readable } from 'node:stream';
import {
  type AttributeValue,
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  includingExpired,
  installRetentionFilter,
  isExpiredItem,
  withoutExpired,
} from '../../../shared/db/retention-filter';

type Item = Record<string, AttributeValue>;

const now = 1_800_000_000;
const item = (id: string, attributes: Item = {}): Item => ({
  pk: { S: id },
  sk: { S: '#META' },
  ...attributes,
});
/** Past its retention: hidden. */
const expired = item('EXPIRED', { expiresAt: { N: String(now - 1) }, retention: { S: 'delete' } });
/** Ends exactly now: an end is inclusive, as DynamoDB's TTL is. */
const endingNow = item('ENDING', { expiresAt: { N: String(now) }, retention: { S: 'anonymise' } });
const live = item('LIVE', { expiresAt: { N: String(now + 1) }, retention: { S: 'delete' } });
/** A pending confirmation past its lapse deadline: no `retention`, so code still reads it. */
const lapsed = item('LAPSED', { expiresAt: { N: String(now - 100) } });
const plain = item('PLAIN');

describe('isExpiredItem', () => {
  it.each([
    ['past its retention', expired, true],
    ['ending this very second', endingNow, true],
    ['before its end', live, false],
    ['with an expiresAt but no retention (a lapse deadline)', lapsed, false],
    ['without either attribute', plain, false],
    ['absent', undefined, false],
    ['with a retention but no expiresAt', item('ODD', { retention: { S: 'delete' } }), false],
  ])('treats an item %s as %s', (_case, candidate, hidden) => {
    // Act
    const answer = isExpiredItem(candidate, now);

    // Assess
    expect(answer).toBe(hidden);
  });
});

describe('isExpiredItem on a document client’s (already unmarshalled) item', () => {
  it.each([
    ['past its retention', { pk: 'X', expiresAt: now - 1, retention: 'delete' }, true],
    ['before its end', { pk: 'X', expiresAt: now + 1, retention: 'anonymise' }, false],
    ['with a lapse deadline only', { pk: 'X', expiresAt: now - 100 }, false],
  ])('treats an item %s as %s', (_case, candidate, hidden) => {
    // Act
    const answer = isExpiredItem(candidate, now);

    // Assess
    expect(answer).toBe(hidden);
  });
});

describe('withoutExpired', () => {
  it('drops an expired GetItem result and keeps a live one', () => {
    // Prepare
    const gone: Record<string, unknown> = { Item: expired };
    const kept: Record<string, unknown> = { Item: live };

    // Act
    withoutExpired('GetItemCommand', gone, now);
    withoutExpired('GetItemCommand', kept, now);

    // Assess
    expect(gone).not.toHaveProperty('Item');
    expect(kept.Item).toBe(live);
  });

  it.each(['QueryCommand', 'ScanCommand'])('filters %s items and corrects the count', (command) => {
    // Prepare
    const output: Record<string, unknown> = {
      Items: [expired, live, lapsed, endingNow, plain],
      Count: 5,
      ScannedCount: 5,
      LastEvaluatedKey: plain,
    };

    // Act
    withoutExpired(command, output, now);

    // Assess
    expect(output.Items).toEqual([live, lapsed, plain]);
    expect(output.Count).toBe(3);
    // What DynamoDB read, and where to go on from, are unchanged: pagination stays right.
    expect(output.ScannedCount).toBe(5);
    expect(output.LastEvaluatedKey).toBe(plain);
  });

  it('filters every table of a BatchGetItem', () => {
    // Prepare
    const output: Record<string, unknown> = {
      Responses: { civic: [expired, live], other: [endingNow] },
      UnprocessedKeys: {},
    };

    // Act
    withoutExpired('BatchGetItemCommand', output, now);

    // Assess
    expect(output.Responses).toEqual({ civic: [live], other: [] });
  });

  it('empties an expired TransactGetItems entry in place, keeping the positions', () => {
    // Prepare
    const output: Record<string, unknown> = { Responses: [{ Item: live }, { Item: expired }, {}] };

    // Act
    withoutExpired('TransactGetItemsCommand', output, now);

    // Assess
    expect(output.Responses).toEqual([{ Item: live }, {}, {}]);
  });

  it('leaves writes and unknown commands alone', () => {
    // Prepare
    const output: Record<string, unknown> = { Attributes: expired, Item: expired };

    // Act
    withoutExpired('UpdateItemCommand', output, now);

    // Assess
    expect(output).toEqual({ Attributes: expired, Item: expired });
  });
});

/** A client whose every request is answered with `body` (a DynamoDB JSON answer), never sent. */
function clientAnswering(body: unknown): DynamoDBClient {
  const client = new DynamoDBClient({
    region: 'eu-west-1',
    endpoint: 'http://dynamodb.invalid',
    credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        // An HTTP response as the SDK's handlers give it (it checks the shape, not the class).
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: Readable.from([Buffer.from(JSON.stringify(body))]),
        },
      }),
    },
  });
  installRetentionFilter(client);
  return client;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the retention filter on a client', () => {
  it('hides expired items from what every read returns, by the clock', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(now * 1000));
    const key = { pk: { S: 'X' }, sk: { S: '#META' } };

    // Act
    const got = await clientAnswering({ Item: expired }).send(
      new GetItemCommand({ TableName: 't', Key: key }),
    );
    const queried = await clientAnswering({ Items: [expired, live], Count: 2 }).send(
      new QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :pk' }),
    );
    const scanned = await clientAnswering({ Items: [lapsed, endingNow], Count: 2 }).send(
      new ScanCommand({ TableName: 't' }),
    );
    const batch = await clientAnswering({ Responses: { t: [expired, plain] } }).send(
      new BatchGetItemCommand({ RequestItems: { t: { Keys: [key] } } }),
    );
    const transact = await clientAnswering({ Responses: [{ Item: expired }] }).send(
      new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 't', Key: key } }] }),
    );

    // Assess
    expect(got.Item).toBeUndefined();
    expect(queried.Items?.map((i) => i.pk?.S)).toEqual(['LIVE']);
    expect(queried.Count).toBe(1);
    expect(scanned.Items?.map((i) => i.pk?.S)).toEqual(['LAPSED']);
    expect(batch.Responses?.t?.map((i) => i.pk?.S)).toEqual(['PLAIN']);
    expect(transact.Responses?.[0]?.Item).toBeUndefined();
  });

  it('shows the same item once the clock is before its end', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date((now - 10) * 1000));

    // Act
    const got = await clientAnswering({ Item: expired }).send(
      new GetItemCommand({ TableName: 't', Key: { pk: { S: 'X' }, sk: { S: '#META' } } }),
    );

    // Assess
    expect(got.Item?.pk?.S).toBe('EXPIRED');
  });

  it('shows expired items inside includingExpired, and hides them again after it', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(now * 1000));
    const client = clientAnswering({ Items: [expired, live], Count: 2 });
    const query = () => client.send(new QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :pk' }));

    // Act
    const inside = await includingExpired(async () => {
      // Across an await, as the retention job and erasure read page after page.
      await Promise.resolve();
      return query();
    });
    const after = await query();

    // Assess
    expect(inside.Items?.map((i) => i.pk?.S)).toEqual(['EXPIRED', 'LIVE']);
    expect(after.Items?.map((i) => i.pk?.S)).toEqual(['LIVE']);
  });

  it('leaves a write’s answer as it is', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(now * 1000));

    // Act
    const answer = await clientAnswering({ Attributes: expired }).send(
      new PutItemCommand({ TableName: 't', Item: expired, ReturnValues: 'ALL_OLD' }),
    );

    // Assess
    expect(answer.Attributes?.pk?.S).toBe('EXPIRED');
  });
});
