import { fileURLToPath } from 'node:url';
import { localCredentials, localRegion } from '../infra/local/dynamodb-local';

/** The repository root: function `entry` paths are relative to it, as they are for CDK. */
export const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));

/** Bundles and runner scratch files; gitignored, so a bench run never dirties the tree. */
export const outputDirectory = fileURLToPath(new URL('../.bench/', import.meta.url));

/** Where the results are written; the only tracked file the bench touches. */
export const reportPath = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

/**
 * What every function reads from its environment, pointed at DynamoDB Local. Logging, metrics and
 * tracing are off so that the numbers measure our code, not stdout or an absent X-Ray daemon.
 * `EVENT_BUS_NAME` is only read by the outbox publisher, but that one refuses to load without it.
 */
export function handlerEnvironment(options: { endpoint: string; tableName: string }): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: options.endpoint,
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    TABLE_NAME: options.tableName,
    PARTICIPANT_HASH_KEY: 'bench-participant-hash-key-0123456789abcdef',
    EVENT_BUS_NAME: 'civic-bench',
    // Confirmation mail lands as .eml files under the gitignored bench folder, as on the local stack.
    MAIL_OUTBOX_DIR: `${outputDirectory}outbox`,
    MAIL_FROM: 'civic@example.gov',
    PUBLIC_API_BASE_URL: 'https://api.example.gov/v1/',
    POWERTOOLS_SERVICE_NAME: 'civic-bench',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
}

const idempotencyContextWarning = 'Could not determine remaining time left';

/**
 * Powertools idempotency warns on every idempotent write because the pipeline never registers the
 * Lambda context (see the bench report). Hundreds of identical lines would bury the progress
 * output, so they are counted and dropped; every other warning still shows.
 */
export function muteIdempotencyContextWarning(): { count: () => number; restore: () => void } {
  const original = console.warn;
  let count = 0;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith(idempotencyContextWarning)) count++;
    else original(...args);
  };
  return {
    count: () => count,
    restore: () => {
      console.warn = original;
    },
  };
}
