import { randomBytes } from 'node:crypto';
import { ensureTable, freePort, startDynamoDbLocal } from '../infra/local/dynamodb-local';
import { handlerEnvironment, muteIdempotencyContextWarning } from './environment';

/**
 * `npx tsx bench/volunteering-only.ts`: the volunteering measurement alone, printed as its
 * `docs/benchmarks.md` section (the file itself is only rewritten by `npm run bench`). The
 * environment is set before any application module loads, as `bench/run.ts` does.
 */
const port = await freePort();
const endpoint = `http://127.0.0.1:${port}`;
const tableName = `civic-bench-${randomBytes(4).toString('hex')}`;
Object.assign(process.env, handlerEnvironment({ endpoint, tableName }));
const dynamoDb = await startDynamoDbLocal({ port });
const warnings = muteIdempotencyContextWarning();
try {
  await ensureTable(endpoint, tableName);
  const { measureVolunteering } = await import('./volunteering');
  const { volunteeringSection } = await import('./report');
  const result = await measureVolunteering({
    onProgress: (message) => console.log(`volunteering  ${message}`),
  });
  console.log(`\n${volunteeringSection(result)}`);
} finally {
  warnings.restore();
  await dynamoDb.stop();
}
process.exit(0);
