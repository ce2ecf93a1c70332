import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { ensureTable, localDynamoDbClient, localRegion } from '../../../infra/local/dynamodb-local';
import type { Invocation, LocalFunction } from '../../../infra/local/lambda-runtime';
import { type RunningStreamPoller, startStreamPoller } from '../../../infra/local/stream-poller';

const endpoint = inject('dynamoDbEndpoint');
const dynamoDb = localDynamoDbClient(endpoint);

/** Stands in for the outbox publisher: records batches, and fails the records it is told to. */
function recordingTarget(failSequenceNumbers: (records: DynamoDBRecord[]) => string[] = () => []) {
  const batches: DynamoDBRecord[][] = [];
  const fn: LocalFunction = {
    functionName: 'civic-outbox-publisher',
    invoke: async (event): Promise<Invocation> => {
      const { Records } = event as DynamoDBStreamEvent;
      batches.push(Records);
      const failed = failSequenceNumbers(Records);
      return {
        ok: true,
        value: { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) },
        requestId: 'r',
        durationMs: 1,
      };
    },
    stop: async () => undefined,
  };
  return { fn, batches };
}

const outboxItem = (eventId: string) => ({
  pk: { S: `OUTBOX#${eventId}` },
  sk: { S: 'EVENT' },
  source: { S: 'civic.participation' },
  detailType: { S: 'ContributionSubmitted' },
  detail: { M: { eventId: { S: eventId }, blob: { B: Buffer.from([1, 2, 3]) } } },
});

let tableName: string;
let home: string;
let poller: RunningStreamPoller | undefined;

beforeEach(async () => {
  // A table per test: each starts with an empty stream.
  tableName = `civic-stream-${randomBytes(4).toString('hex')}`;
  home = mkdtempSync(join(tmpdir(), 'civic-stream-'));
  await ensureTable(endpoint, tableName);
});
afterEach(async () => {
  await poller?.stop();
  poller = undefined;
  await dynamoDb.send(new DeleteTableCommand({ TableName: tableName }));
  rmSync(home, { recursive: true, force: true });
});

const put = (item: Record<string, unknown>) =>
  dynamoDb.send(new PutItemCommand({ TableName: tableName, Item: item as never }));

function start(
  target: LocalFunction,
  extra: { checkpointFile?: string; startingPosition?: 'LATEST' | 'TRIM_HORIZON' } = {},
) {
  return startStreamPoller({
    endpoint,
    region: localRegion,
    tableName,
    target,
    startingPosition: extra.startingPosition ?? 'TRIM_HORIZON',
    deadLetterFile: join(home, 'dead-letters.ndjson'),
    retryDelaysMs: [10, 10],
    pollIntervalMs: 50,
    log: () => undefined,
    ...(extra.checkpointFile ? { checkpointFile: extra.checkpointFile } : {}),
  });
}

/**
 * How long a write may take to show in DynamoDB Local's stream: seconds when the whole suite runs
 * on two cores beside it (a limit, not a measurement; the tests finish as soon as it shows).
 */
const streamLagLimitMs = 40_000;

/**
 * Drains until `done()` holds. DynamoDB Local's stream shows a write after a moment, longer when
 * the machine is busy, so one drain right after a put can find nothing yet.
 */
const settle = (done: () => boolean) =>
  vi.waitFor(
    async () => {
      await poller?.drain();
      expect(done()).toBe(true);
    },
    { timeout: streamLagLimitMs, interval: 50 },
  );

describe('stream poller', () => {
  it('hands only new outbox items to the publisher, shaped as Lambda delivers stream records', async () => {
    // Prepare
    const target = recordingTarget();
    poller = await start(target.fn);

    // Act
    await put({ pk: { S: 'ENGAGEMENT#1' }, sk: { S: '#META' } });
    await put(outboxItem('E1'));
    await put({ ...outboxItem('E1'), detailType: { S: 'Changed' } });
    await settle(() => target.batches.length > 0);
    await poller.drain();

    // Assess
    const records = target.batches.flat();
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      awsRegion: localRegion,
      eventSourceARN: expect.stringContaining(`table/${tableName}/stream/`),
      dynamodb: {
        Keys: { pk: { S: 'OUTBOX#E1' }, sk: { S: 'EVENT' } },
        NewImage: { detail: { M: { eventId: { S: 'E1' }, blob: { B: 'AQID' } } } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(typeof record?.dynamodb?.ApproximateCreationDateTime).toBe('number');
    expect(typeof record?.dynamodb?.SequenceNumber).toBe('string');
  });

  it('retries from the first record the publisher reports as failed', async () => {
    // Prepare
    let failOnce = true;
    const target = recordingTarget((records) => {
      if (!failOnce || records.length < 2) return [];
      failOnce = false;
      return [records[1]?.dynamodb?.SequenceNumber as string];
    });
    await put(outboxItem('A'));
    await put(outboxItem('B'));
    await put(outboxItem('C'));

    // Act
    poller = await start(target.fn);
    await settle(() => target.batches.length >= 2);

    // Assess
    const keysOf = (batch: DynamoDBRecord[]) => batch.map((record) => record.dynamodb?.Keys?.pk?.S);
    expect(target.batches.map(keysOf)).toEqual([
      ['OUTBOX#A', 'OUTBOX#B', 'OUTBOX#C'],
      ['OUTBOX#B', 'OUTBOX#C'],
    ]);
  });

  it('dead-letters records that keep failing, then moves on', async () => {
    // Prepare
    const target = recordingTarget((records) =>
      records
        .filter((r) => r.dynamodb?.Keys?.pk?.S === 'OUTBOX#BAD')
        .map((r) => r.dynamodb?.SequenceNumber as string),
    );
    await put(outboxItem('BAD'));

    // Act
    poller = await start(target.fn);
    await settle(() => target.batches.length >= 3);
    await put(outboxItem('GOOD'));
    await settle(() => target.batches.at(-1)?.[0]?.dynamodb?.Keys?.pk?.S === 'OUTBOX#GOOD');

    // Assess
    expect(target.batches).toHaveLength(4);
    expect(target.batches.at(-1)?.map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(['OUTBOX#GOOD']);
    const deadLetter = JSON.parse(readFileSync(join(home, 'dead-letters.ndjson'), 'utf8'));
    expect(deadLetter.records[0].dynamodb.Keys.pk.S).toBe('OUTBOX#BAD');
  });

  it('leaves a batch it is still retrying for the next start instead of dead-lettering it', {
    timeout: 2 * streamLagLimitMs + 10_000,
  }, async () => {
    // Prepare
    const checkpointFile = join(home, 'stream-checkpoint.json');
    const failing = recordingTarget((records) => records.map((r) => r.dynamodb?.SequenceNumber as string));
    poller = await startStreamPoller({
      endpoint,
      region: localRegion,
      tableName,
      target: failing.fn,
      startingPosition: 'TRIM_HORIZON',
      checkpointFile,
      deadLetterFile: join(home, 'dead-letters.ndjson'),
      retryDelaysMs: [60_000],
      pollIntervalMs: 50,
      log: () => undefined,
    });
    await put(outboxItem('RETRIED'));
    await vi.waitFor(() => expect(failing.batches.length).toBeGreaterThan(0), {
      timeout: streamLagLimitMs,
      interval: 20,
    });

    // Act
    await poller.stop();
    const next = recordingTarget();
    poller = await start(next.fn, { checkpointFile });
    await settle(() => next.batches.length > 0);

    // Assess
    expect(existsSync(join(home, 'dead-letters.ndjson'))).toBe(false);
    expect(next.batches.flat().map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(['OUTBOX#RETRIED']);
  });

  it('resumes after its checkpoint on restart, so nothing is published twice or lost', async () => {
    // Prepare
    const checkpointFile = join(home, 'stream-checkpoint.json');
    const first = recordingTarget();
    poller = await start(first.fn, { checkpointFile, startingPosition: 'LATEST' });
    await put(outboxItem('ONE'));
    await settle(() => first.batches.length > 0);
    await poller.stop();
    await put(outboxItem('WHILE-DOWN'));

    // Act
    const second = recordingTarget();
    poller = await start(second.fn, { checkpointFile, startingPosition: 'LATEST' });
    await settle(() => second.batches.length > 0);

    // Assess
    expect(first.batches.flat().map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(['OUTBOX#ONE']);
    expect(second.batches.flat().map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(['OUTBOX#WHILE-DOWN']);
  });
});
