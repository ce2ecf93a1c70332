import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  type AttributeValue,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type {
  DynamoDBBatchResponse,
  DynamoDBRecord,
  AttributeValue as LambdaAttributeValue,
} from 'aws-lambda';
import { outboxStreamFilterPattern } from '../../shared/db/outbox';
import { localCredentials } from './dynamodb-local';
import { type EventPattern, matchesPattern } from './event-pattern';
import type { LocalFunction } from './lambda-runtime';

/** Re-exported for callers of the poller; defined beside the publisher it guards. */
export { outboxStreamFilterPattern };

export interface StreamPollerOptions {
  endpoint: string;
  region: string;
  tableName: string;
  /** The function the event source mapping invokes (the outbox publisher). */
  target: LocalFunction;
  filter?: EventPattern;
  /** Where to begin on shards open at start-up when there is no checkpoint. */
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  /** Persist the last processed sequence number per shard, so a restart resumes where it stopped. */
  checkpointFile?: string;
  /** Records that still failed after the retries (the mapping's on-failure destination). */
  deadLetterFile: string;
  batchSize?: number;
  pollIntervalMs?: number;
  /** Pauses before each retry of a failed batch; the stream is blocked meanwhile, as in Lambda. */
  retryDelaysMs?: readonly number[];
  log?: (line: string) => void;
}

export interface RunningStreamPoller {
  /** Resolves once every record written before the call has been handed to the target. */
  drain: () => Promise<void>;
  stop: () => Promise<void>;
}

/** SDK attribute values (binary as bytes) to the JSON shape Lambda delivers (binary as base64). */
export function toLambdaAttributeValue(value: AttributeValue): LambdaAttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((item) => Buffer.from(item).toString('base64')) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) ?? {} };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttributeValue) };
  return value as LambdaAttributeValue;
}

function toLambdaImage(image: Record<string, AttributeValue> | undefined) {
  if (!image) return undefined;
  return Object.fromEntries(
    Object.entries(image).map(([name, value]) => [name, toLambdaAttributeValue(value)]),
  );
}

/** A DynamoDB Streams record as the Lambda event source mapping delivers it (`DynamoDBStreamEvent.Records[n]`). */
export function toLambdaRecord(record: _Record, streamArn: string, region: string): DynamoDBRecord {
  const source = record.dynamodb ?? {};
  const lambdaRecord: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: record.eventSource ?? 'aws:dynamodb',
    // DynamoDB Local says `ddblocal`; Lambda names the table's region.
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(
        (source.ApproximateCreationDateTime ?? new Date()).getTime() / 1000,
      ),
      Keys: toLambdaImage(source.Keys),
      ...(source.NewImage ? { NewImage: toLambdaImage(source.NewImage) } : {}),
      ...(source.OldImage ? { OldImage: toLambdaImage(source.OldImage) } : {}),
      SequenceNumber: source.SequenceNumber,
      SizeBytes: source.SizeBytes,
      StreamViewType: source.StreamViewType,
    },
    eventSourceARN: streamArn,
  };
  if (record.userIdentity) lambdaRecord.userIdentity = record.userIdentity;
  return lambdaRecord;
}

interface ShardState {
  iterator: string | undefined;
  lastSequence: string | undefined;
  finished: boolean;
}

type Checkpoint = { streamArn: string; shards: Record<string, string> };

/**
 * Plays the Lambda event source mapping for the table's stream on DynamoDB Local: reads every
 * shard in order (following splits), applies the same filter as the cloud, invokes the target with
 * batches of Lambda-shaped records, honours partial batch responses (`batchItemFailures`) by
 * retrying from the first failed record, and finally dead-letters what keeps failing.
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<RunningStreamPoller> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const filter = options.filter ?? outboxStreamFilterPattern;
  const batchSize = options.batchSize ?? 100;
  const interval = options.pollIntervalMs ?? 250;
  const retryDelays = options.retryDelaysMs ?? [500, 1000, 2000];
  const clientConfig = {
    endpoint: options.endpoint,
    region: options.region,
    credentials: localCredentials,
    // A call DynamoDB Local never answers (it is busy, or restarting) must not stall the poller:
    // it fails, and the next pass tries again.
    requestHandler: { requestTimeout: 10_000, connectionTimeout: 5_000 },
  };
  const dynamoDb = new DynamoDBClient(clientConfig);
  const streams = new DynamoDBStreamsClient(clientConfig);

  const table = await dynamoDb.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamoDb.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn)
    throw new Error(`Table ${options.tableName} has no stream; it must be created from shared/db/table.ts.`);

  const checkpoint = await readCheckpoint(options.checkpointFile, streamArn);
  const shards = new Map<string, ShardState>();
  let firstDiscovery = true;
  let stopped = false;
  const stopping = new AbortController();
  // Pauses end early when the poller stops, so stopping never waits out a retry delay.
  const sleep = (ms: number) => delay(ms, undefined, { signal: stopping.signal }).catch(() => undefined);
  let lastShardRefresh = 0;
  let lastErrorLogged = '';

  const iteratorFor = async (shardId: string, type: ShardIteratorType, sequence?: string) => {
    const answer = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        SequenceNumber: sequence,
      }),
    );
    return answer.ShardIterator;
  };

  const refreshShards = async () => {
    lastShardRefresh = Date.now();
    const found: Shard[] = [];
    let exclusiveStart: string | undefined;
    do {
      const answer = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStart }),
      );
      found.push(...(answer.StreamDescription?.Shards ?? []));
      exclusiveStart = answer.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStart);

    for (const shard of found) {
      const shardId = shard.ShardId as string;
      if (shards.has(shardId)) continue;
      const isOpen = shard.SequenceNumberRange?.EndingSequenceNumber === undefined;
      const resumeAfter = checkpoint.shards[shardId];
      let iterator: string | undefined;
      if (resumeAfter) iterator = await iteratorFor(shardId, 'AFTER_SEQUENCE_NUMBER', resumeAfter);
      else if (!firstDiscovery || options.startingPosition === 'TRIM_HORIZON')
        iterator = await iteratorFor(shardId, 'TRIM_HORIZON');
      else if (isOpen) iterator = await iteratorFor(shardId, 'LATEST');
      // A shard that closed before the first start, with LATEST, holds nothing we are asked for.
      shards.set(shardId, { iterator, lastSequence: resumeAfter, finished: iterator === undefined });
    }
    firstDiscovery = false;
  };

  const saveCheckpoint = async () => {
    if (!options.checkpointFile) return;
    const state: Checkpoint = { streamArn, shards: { ...checkpoint.shards } };
    for (const [shardId, shard] of shards) if (shard.lastSequence) state.shards[shardId] = shard.lastSequence;
    checkpoint.shards = state.shards;
    await mkdir(dirname(options.checkpointFile), { recursive: true });
    const temporary = `${options.checkpointFile}.tmp`;
    await writeFile(temporary, JSON.stringify(state));
    await rename(temporary, options.checkpointFile);
  };

  /** False when stopping cut the retries short: the batch is then left for the next start. */
  const deliver = async (records: DynamoDBRecord[]): Promise<boolean> => {
    let pending = records;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const invocation = await options.target.invoke({ Records: pending });
      let failedFrom = -1;
      let reason = '';
      if (!invocation.ok) {
        failedFrom = 0;
        reason = `${invocation.error.errorType}: ${invocation.error.errorMessage}`;
      } else {
        const failures = (invocation.value as DynamoDBBatchResponse | undefined)?.batchItemFailures ?? [];
        const failed = new Set(failures.map((failure) => failure.itemIdentifier));
        failedFrom = pending.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
        // An identifier that names no record of the batch fails the whole batch, as in Lambda.
        if (failures.length > 0 && failedFrom < 0) failedFrom = 0;
        reason = `${failures.length} record(s) reported as failed`;
      }
      if (failedFrom < 0) return true;
      // As with ReportBatchItemFailures, the checkpoint moves to just before the first failure.
      pending = pending.slice(failedFrom);
      // Stopping mid-retry must not dead-letter what a restart would deliver: keep the checkpoint.
      if (stopped) return false;
      const pause = retryDelays[attempt];
      if (pause === undefined) {
        log(
          `  ${options.target.functionName} failed ${pending.length} stream record(s) after ${attempt + 1} attempts; dead-lettered`,
        );
        await mkdir(dirname(options.deadLetterFile), { recursive: true });
        await appendFile(
          options.deadLetterFile,
          `${JSON.stringify({ failedAt: new Date().toISOString(), functionName: options.target.functionName, reason, records: pending })}\n`,
        );
        return true;
      }
      log(`  ${options.target.functionName}: ${reason}; retrying`);
      await sleep(pause);
      if (stopped) return false;
    }
    return true;
  };

  const pollShard = async (shardId: string, shard: ShardState): Promise<boolean> => {
    if (!shard.iterator) return false;
    let answer: GetRecordsCommandOutput;
    try {
      answer = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: batchSize }));
    } catch (error) {
      // An iterator that expired, or that points before the oldest record kept (DynamoDB Local
      // says so now and then for a fresh TRIM_HORIZON iterator on a busy machine): start again
      // from the last record handled, or from the oldest one kept.
      if (!(error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException))
        throw error;
      shard.iterator = shard.lastSequence
        ? await iteratorFor(shardId, 'AFTER_SEQUENCE_NUMBER', shard.lastSequence)
        : await iteratorFor(shardId, 'TRIM_HORIZON');
      // Nothing was read: the next pass comes after the usual pause, never in a tight loop.
      return false;
    }
    const records = answer.Records ?? [];
    if (records.length > 0) {
      const matching = records
        .map((record) => toLambdaRecord(record, streamArn, options.region))
        .filter((record) => matchesPattern(filter, record));
      if (matching.length > 0 && !(await deliver(matching))) return false;
      shard.lastSequence = records.at(-1)?.dynamodb?.SequenceNumber ?? shard.lastSequence;
      await saveCheckpoint();
    }
    shard.iterator = answer.NextShardIterator;
    if (!shard.iterator) {
      // The shard closed and is drained: its children (found on refresh) carry on from here.
      shard.finished = true;
      lastShardRefresh = 0;
    }
    return records.length > 0;
  };

  /** One pass over every shard; true when any records were read. */
  const pollOnce = async () => {
    if (Date.now() - lastShardRefresh > 10_000) await refreshShards();
    let readAny = false;
    for (const [shardId, shard] of shards) {
      if (shard.finished || stopped) continue;
      if (await pollShard(shardId, shard)) readAny = true;
    }
    return readAny;
  };

  // Polling passes never overlap (a shard iterator must be used once): the loop and drain() queue here.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const reportError = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    // DynamoDB Local restarting or going away: say so once, keep trying.
    if (message !== lastErrorLogged && !stopped) log(`  stream poller: ${message}`);
    lastErrorLogged = message;
    return false;
  };

  await refreshShards();
  const running = (async () => {
    while (!stopped) {
      const readAny = await serialized(pollOnce).then((value) => {
        lastErrorLogged = '';
        return value;
      }, reportError);
      if (!readAny && !stopped) await sleep(interval);
    }
  })();

  return {
    drain: async () => {
      // Read until a pass finds nothing new.
      while (!stopped && (await serialized(pollOnce).catch(reportError))) {}
    },
    stop: async () => {
      stopped = true;
      stopping.abort();
      await running;
      streams.destroy();
    },
  };
}

async function readCheckpoint(file: string | undefined, streamArn: string): Promise<Checkpoint> {
  if (!file) return { streamArn, shards: {} };
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as Checkpoint;
    // A checkpoint for an older stream (the table was recreated) says nothing about this one.
    return saved.streamArn === streamArn ? saved : { streamArn, shards: {} };
  } catch {
    return { streamArn, shards: {} };
  }
}
