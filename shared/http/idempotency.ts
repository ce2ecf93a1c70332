import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { runtimeConfig } from '../config/runtime';
import { dynamoDb } from '../db/client';
import { keys } from '../db/keys';
import { HttpProblem, problems } from './problem';

/** What the pipeline stores for a first answer and replays for every retry. */
export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

interface IdempotentCall {
  key: string;
  payload: unknown;
}

type Runner = (
  call: IdempotentCall,
  work: () => Promise<StoredResponse>,
  context: Context,
) => Promise<StoredResponse>;

const runners = new Map<string, Runner>();

/**
 * Powertools idempotency on the single table: each operation gets its own partition
 * (`IDEMPOTENCY#<operationId>`), the record expires through the table's TTL attribute, and a key
 * reused with a different request is refused rather than replayed.
 */
function runnerFor(operationId: string, ttlSeconds: number): Runner {
  const cacheKey = `${operationId}:${ttlSeconds}`;
  let runner = runners.get(cacheKey);
  if (runner) return runner;
  const config = runtimeConfig();
  const { pk } = keys.idempotency(operationId);
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: config.TABLE_NAME,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: pk,
    expiryAttr: 'expiresAt',
    awsSdkV3Client: dynamoDb,
  });
  const idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'payload',
    expiresAfterSeconds: ttlSeconds,
    throwOnNoIdempotencyKey: true,
  });
  const idempotent = makeIdempotent(
    async (_call: IdempotentCall, work: () => Promise<StoredResponse>) => work(),
    { persistenceStore, keyPrefix: operationId, config: idempotencyConfig },
  );
  runner = (call, work, context) => {
    // The in-progress lock expires with the invocation's remaining time, so a request that timed
    // out mid-way can be retried at once instead of waiting for the record's TTL.
    idempotencyConfig.registerLambdaContext(context);
    return idempotent(call, work);
  };
  runners.set(cacheKey, runner);
  return runner;
}

const idempotencyKeySchema = z
  .string()
  .min(8, 'Use at least 8 characters (a UUID is ideal).')
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'Use printable ASCII without spaces.');

/** How long a form's derived key lasts: long enough for a double click or a reload, no longer. */
const DERIVED_KEY_TTL_SECONDS = 5 * 60;

export interface IdempotencyKey {
  key: string;
  ttlSeconds: number;
}

/**
 * The idempotency key for a write, or undefined when the request carries none. Plain HTML forms
 * cannot send headers, so for them the key is derived from what was posted and where from: a
 * double-clicked submit button saves once. Two residents giving identical answers must both
 * count, so a derived key includes the sender's address and lives only a few minutes.
 */
export function idempotencyKeyFor(
  headers: Record<string, string>,
  derivedFrom: { payload: unknown; sourceIp: string } | undefined,
): IdempotencyKey | undefined {
  const header = headers['idempotency-key'];
  if (header !== undefined) {
    const parsed = idempotencyKeySchema.safeParse(header);
    if (!parsed.success) {
      throw new HttpProblem(
        problems.validation(
          parsed.error.issues.map((i) => ({ path: 'headers.idempotency-key', message: i.message })),
        ),
      );
    }
    return { key: `header:${parsed.data}`, ttlSeconds: runtimeConfig().IDEMPOTENCY_TTL_SECONDS };
  }
  if (derivedFrom === undefined) return undefined;
  return {
    key: `derived:${derivedFrom.sourceIp}:${JSON.stringify(derivedFrom.payload)}`,
    ttlSeconds: DERIVED_KEY_TTL_SECONDS,
  };
}

/**
 * Runs `work` once per (operation, key): a retry gets the first answer back and writes nothing.
 * `payload` is what must match between the first call and a retry.
 */
export function runIdempotent(
  operationId: string,
  { key, ttlSeconds }: IdempotencyKey,
  payload: unknown,
  context: Context,
  work: () => Promise<StoredResponse>,
): Promise<StoredResponse> {
  return runnerFor(operationId, ttlSeconds)({ key, payload }, work, context);
}
