import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  contextTimeoutSeconds,
  type EventConsumer,
  type HttpContext,
  type Job,
  type OnceJob,
  type ScheduledJob,
} from '../../functions/context';
import { defaultRateLimits, describeRateLimit, rateLimitNames } from '../../shared/http/rate-limits';
import { checksStaffTokens } from '../../shared/http/route';
import { CivicConfigError } from '../config';
import { buildOpenApiDocumentFor } from '../openapi-document';
import {
  civicPaths,
  civicHome as defaultCivicHome,
  isProcessAlive,
  participantHashKey,
  readStackState,
  type StackState,
} from './civic-home';
import {
  assertJavaAvailable,
  ensureTable,
  freePort,
  localCredentials,
  localRegion,
  migrateLocalTable,
  startDynamoDbLocal,
} from './dynamodb-local';
import { startEventBus } from './event-bus';
import { examplesThankYouFolder } from './examples';
import { startGateway } from './gateway';
import { createLocalFunction, type LocalFunction } from './lambda-runtime';
import {
  localFunctionArn,
  localOneTimeScheduleEnvironment,
  startOneTimeScheduler,
} from './one-time-scheduler';
import { localApi } from './proxy-event';
import {
  type LocalDeploySettings,
  localDeploySettings,
  mailingEnvironment,
  startLocalScheduler,
} from './scheduler';
import { onStopSignals } from './stop-signals';
import { startStreamPoller } from './stream-poller';
import { signingKey, staffTokenEnvironment } from './tokens';

export const localTableName = 'civic-local';
export const localBusName = 'civic-local';
export const localOneTimeScheduleGroup = 'civic-local-once';
export const outboxPublisherEntry = 'functions/outbox-publisher/handler.ts';

/** A failure the person starting the stack can fix; `exitCode` 2 means "fix your setup". */
export class LocalStackError extends Error {
  override readonly name = 'LocalStackError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export interface LocalStackOptions {
  port?: number;
  civicHome?: string;
  /** Keep the database in memory: nothing survives a restart. */
  inMemory?: boolean;
  /** Where ALLOWED_ORIGINS, THANK_YOU_URLS, LOCALES, PARTICIPANT_HASH_KEY… overrides are read from. */
  env?: NodeJS.ProcessEnv;
  /** Progress and access log lines. */
  log?: (line: string) => void;
  /** Defaults to `httpContexts` (`functions/contexts.ts`); tests may serve other handlers. */
  contexts?: readonly HttpContext[];
  /** Defaults to `eventConsumers` (`functions/contexts.ts`). */
  consumers?: readonly EventConsumer[];
  /** Defaults to `scheduledJobs` (`functions/contexts.ts`). */
  jobs?: readonly ScheduledJob[];
  /** Defaults to `onceJobs` (`functions/contexts.ts`). */
  onceJobs?: readonly OnceJob[];
  /**
   * The city's time zone, sender and rate limits; defaults to `civic.config.json` with
   * `TIME_ZONE`/`MAIL_FROM`/`RATE_LIMITS` overrides.
   */
  deploySettings?: LocalDeploySettings;
}

export interface RunningLocalStack {
  url: string;
  port: number;
  civicHome: string;
  dynamoDbEndpoint: string;
  eventBusEndpoint: string;
  /** The local Scheduler's endpoint (`AWS_ENDPOINT_URL_SCHEDULER` of the functions that schedule). */
  oneTimeSchedulerEndpoint: string;
  tableName: string;
  /** Waits until every write so far has left the stream and every event has been delivered. */
  settle: () => Promise<void>;
  /** Stops everything it started, DynamoDB Local's Java process included. */
  stop: () => Promise<void>;
}

export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalStackError(
              `Port ${port} is already in use (another \`npm start\`?). Stop that process, or pick another port: PORT=3001 npm start (or npm start -- --port 3001).`,
            )
          : error,
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * The environment CDK gives every function, with local values: the same variables, so the same
 * code paths run. Anything set in `env` (the shell) wins over the defaults.
 */
function functionEnvironment(options: {
  env: NodeJS.ProcessEnv;
  port: number;
  dynamoDbEndpoint: string;
  eventBusEndpoint: string;
  hashKey: string;
  deploySettings: LocalDeploySettings;
}): Record<string, string> {
  const { env } = options;
  const base = Object.fromEntries(
    ['PATH', 'HOME', 'TMPDIR', 'LANG'].flatMap((name) => (env[name] ? [[name, env[name] as string]] : [])),
  );
  // The config's settings as CDK would set them; any of them set in the shell wins.
  const fromConfig = options.deploySettings.environment ?? {};
  const overridden = Object.fromEntries(
    Object.keys(fromConfig).flatMap((name) => (env[name] ? [[name, env[name] as string]] : [])),
  );
  return {
    ...base,
    AWS_REGION: localRegion,
    AWS_DEFAULT_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: options.eventBusEndpoint,
    TABLE_NAME: localTableName,
    EVENT_BUS_NAME: localBusName,
    ...fromConfig,
    // On this machine forms, browsers and mail links all point at the local gateway.
    ALLOWED_ORIGINS: `http://localhost:${options.port}`,
    PUBLIC_API_BASE_URL: `http://localhost:${options.port}`,
    PARTICIPANT_HASH_KEY: options.hashKey,
    TIME_ZONE: options.deploySettings.timeZone,
    MAIL_FROM: options.deploySettings.mailFrom,
    ...overridden,
    ...Object.fromEntries(
      ['ALLOWED_ORIGINS', 'THANK_YOU_URLS', 'PUBLIC_API_BASE_URL'].flatMap((name) =>
        env[name] ? [[name, env[name] as string]] : [],
      ),
    ),
    // Any page of the gateway by default; and the example forms' thank-you pages
    // (`/examples/thanks/`) stay allowed whatever the shell sets, so the pages `npm start` serves
    // always land there.
    THANK_YOU_URLS: [
      env.THANK_YOU_URLS || `http://localhost:${options.port}/`,
      examplesThankYouFolder(`http://localhost:${options.port}`),
    ].join(','),
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_METRICS_NAMESPACE: 'Civic',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // The SDK's Node-version notice is printed once by the stack itself, not again by every function.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/**
 * The function's table key-space policy, which IAM enforces in the cloud (`dynamodb:LeadingKeys`)
 * and `shared/db/key-guard.ts` enforces here, so a function that strays into another context's
 * partitions fails on this machine as it would in AWS. Functions no registered context declares
 * (tests' fixtures) run unguarded.
 */
function keyPolicyEnvironmentOf(
  fn: HttpContext | EventConsumer | Job,
  registry: Pick<typeof import('../../functions/contexts'), 'owningContext' | 'tableKeyPolicyOf'>,
): Record<string, string> {
  if (!registry.owningContext(fn)) return {};
  return { TABLE_KEY_POLICY: JSON.stringify(registry.tableKeyPolicyOf(fn)) };
}

/** The variables Lambda itself sets for a function, plus the per-function Powertools service name. */
function lambdaVariables(functionName: string, serviceName: string, memoryMb: number) {
  return {
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    POWERTOOLS_SERVICE_NAME: serviceName,
  };
}

/**
 * Starts the whole stack in this process: DynamoDB Local (Java), the table, the local bus, the
 * stream poller feeding the outbox publisher, and the API gateway. Every function runs in its own
 * isolated environment with the environment variables CDK would give it.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<RunningLocalStack> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const requestedPort = options.port ?? Number(env.PORT ?? 3000);
  const home = options.civicHome ?? defaultCivicHome(env);
  const paths = civicPaths(home);
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65_535) {
    throw new LocalStackError(`"${requestedPort}" is not a port number.`);
  }
  // Port 0 (tests, the bench) means any free port; it is fixed now because the CORS and
  // thank-you defaults name it.
  const port = requestedPort === 0 ? await freePort() : requestedPort;

  log('• Checking Java (DynamoDB Local needs 17 or newer)…');
  try {
    assertJavaAvailable();
  } catch (error) {
    throw new LocalStackError((error as Error).message);
  }
  log(`• Checking port ${port}…`);
  await assertPortFree(port);
  let deploySettings: LocalDeploySettings;
  try {
    deploySettings = options.deploySettings ?? localDeploySettings(env);
  } catch (error) {
    if (error instanceof CivicConfigError) throw new LocalStackError(error.message);
    throw error;
  }
  const running = readStackState(home);
  if (running && running.pid !== process.pid && isProcessAlive(running.pid)) {
    // Two stacks on one home would share DynamoDB Local's data files, keys and archive.
    throw new LocalStackError(
      `Another Civic stack (process ${running.pid}, ${running.url}) is using ${home}. Stop it, or give this one its own folder: CIVIC_HOME=.civic-2 npm start.`,
    );
  }

  mkdirSync(home, { recursive: true, mode: 0o700 });
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`  while stopping: ${(error as Error).message}`);
      }
    }
  };

  try {
    log(
      options.inMemory
        ? '• Starting DynamoDB Local (in memory)…'
        : `• Starting DynamoDB Local (data in ${paths.dynamoDb})…`,
    );
    if (!options.inMemory) mkdirSync(paths.dynamoDb, { recursive: true });
    const dynamoDb = await startDynamoDbLocal(options.inMemory ? {} : { dataDirectory: paths.dynamoDb });
    cleanups.push(() => dynamoDb.stop());
    await ensureTable(dynamoDb.endpoint, localTableName);
    // As the deployment's trigger does in the cloud: data kept from an older release is reshaped
    // before any function reads it.
    await migrateLocalTable(dynamoDb.endpoint, localTableName, (line) => log(`  ${line}`));
    log(`• Table ${localTableName} ready`);

    const hashKey = env.PARTICIPANT_HASH_KEY ?? participantHashKey(home);
    const registry = await import('../../functions/contexts');
    const contexts = options.contexts ?? registry.httpContexts;
    const consumers = options.consumers ?? registry.eventConsumers;
    const jobs = options.jobs ?? registry.scheduledJobs;
    const onceJobs = options.onceJobs ?? registry.onceJobs;
    const keyPolicyEnvironment = (fn: HttpContext | EventConsumer | Job) =>
      keyPolicyEnvironmentOf(fn, registry);
    // Known once the local Scheduler listens, before any function that schedules is made.
    let schedulerEndpoint = '';
    /** As CDK's `allowScheduling`: the local Scheduler, group and once-jobs of a function that declares `schedulesJobs`. */
    const schedulingEnvironment = (fn: HttpContext | EventConsumer | Job): Record<string, string> =>
      fn.schedulesJobs?.length
        ? localOneTimeScheduleEnvironment({
            endpoint: schedulerEndpoint,
            groupName: localOneTimeScheduleGroup,
            region: localRegion,
            accountId: localApi.accountId,
            jobs: registry.onceJobsScheduledBy(fn, onceJobs),
          })
        : {};
    const jobEnvironment = (job: Job) => ({
      ...mailingEnvironment(job.mails, paths.outbox),
      ...keyPolicyEnvironment(job),
      ...schedulingEnvironment(job),
    });

    const functions: LocalFunction[] = [];
    cleanups.push(async () => {
      await Promise.all(functions.map((fn) => fn.stop()));
    });
    const makeFunction = (
      name: string,
      entry: string,
      baseEnv: Record<string, string>,
      timeoutMs: number,
    ) => {
      const functionName = `civic-${name}`;
      const memoryMb = 1024;
      const fn = createLocalFunction({
        functionName,
        entry,
        env: { ...baseEnv, ...lambdaVariables(functionName, name, memoryMb) },
        region: localRegion,
        timeoutMs,
        memoryMb,
      });
      functions.push(fn);
      return fn;
    };

    // Once-jobs run only when a one-time schedule fires; their functions are made on first firing.
    const onceJobFunctions = new Map<string, LocalFunction>();
    const onceJobByArn = new Map(
      onceJobs.map((job) => [localFunctionArn(job, localRegion, localApi.accountId), job]),
    );
    const oneTimeScheduler = await startOneTimeScheduler({
      ...(options.inMemory ? {} : { file: paths.oneTimeSchedules }),
      groupName: localOneTimeScheduleGroup,
      region: localRegion,
      accountId: localApi.accountId,
      isTarget: (arn) => onceJobByArn.has(arn),
      // Nothing fires before every function's environment is known (`startTimers` below).
      timers: false,
      invoke: (arn, payload) => {
        const job = onceJobByArn.get(arn) as OnceJob;
        let fn = onceJobFunctions.get(job.name);
        if (!fn) {
          fn = makeFunction(
            job.name,
            job.entry,
            { ...baseEnv, ...jobEnvironment(job) },
            (job.timeoutSeconds ?? 300) * 1000,
          );
          onceJobFunctions.set(job.name, fn);
        }
        return fn.invoke(payload);
      },
      deadLetterFile: paths.deadLetters,
      log,
    });
    cleanups.push(() => oneTimeScheduler.stop());
    schedulerEndpoint = oneTimeScheduler.endpoint;

    // The bus has to listen before the publisher's environment can name its endpoint.
    const consumerFunctions = new Map<EventConsumer, LocalFunction>();
    let baseEnv: Record<string, string> = {};
    const bus = await startEventBus({
      busName: localBusName,
      region: localRegion,
      accountId: localApi.accountId,
      consumers,
      functionFor: (consumer) => {
        const existing = consumerFunctions.get(consumer);
        if (existing) return existing;
        // Made on first delivery: by then the bus endpoint is known and in `baseEnv`.
        const fn = makeFunction(
          consumer.name,
          consumer.entry,
          {
            ...baseEnv,
            ...mailingEnvironment(consumer.mails, paths.outbox),
            ...keyPolicyEnvironment(consumer),
            ...schedulingEnvironment(consumer),
          },
          // The cloud's timeout, with the local stack's margin for a loaded machine.
          Math.max(60, consumer.timeoutSeconds ?? 30) * 1000,
        );
        consumerFunctions.set(consumer, fn);
        return fn;
      },
      archiveFile: paths.eventArchive,
      deadLetterFile: paths.deadLetters,
      log,
    });
    cleanups.push(() => bus.stop());
    // As CDK does at synth: the document is generated from the declarations and handed to the
    // function that serves it (a file beside its bundle in the cloud).
    const rateLimits = deploySettings.rateLimits ?? defaultRateLimits;
    writeFileSync(paths.openApiDocument, JSON.stringify(buildOpenApiDocumentFor(contexts, rateLimits)));
    baseEnv = {
      ...functionEnvironment({
        env,
        port,
        dynamoDbEndpoint: dynamoDb.endpoint,
        eventBusEndpoint: bus.endpoint,
        hashKey,
        deploySettings,
      }),
      OPENAPI_DOCUMENT: paths.openApiDocument,
      // Where the cloud keeps residents' privacy exports in an S3 bucket (`EXPORT_BUCKET`).
      EXPORT_DIR: paths.exports,
    };
    log('• Event bus ready');

    const poller = await startStreamPoller({
      endpoint: dynamoDb.endpoint,
      region: localRegion,
      tableName: localTableName,
      target: makeFunction('outbox-publisher', outboxPublisherEntry, baseEnv, 60_000),
      // As the cloud's event source mapping (infra/constructs/domain-events.ts): from the oldest
      // record kept, so outbox items written while the stack was down still go out; after the
      // first run the checkpoint says where to resume.
      startingPosition: 'TRIM_HORIZON',
      batchSize: 10,
      ...(options.inMemory ? {} : { checkpointFile: paths.streamCheckpoint }),
      deadLetterFile: paths.deadLetters,
      log,
    });
    cleanups.push(() => poller.stop());
    log('• Stream poller ready (table stream → outbox publisher → bus)');

    const jobFunctions = new Map<ScheduledJob, LocalFunction>();
    const scheduler = startLocalScheduler({
      jobs,
      timeZone: deploySettings.timeZone,
      functionFor: (job) => {
        const existing = jobFunctions.get(job);
        if (existing) return existing;
        const fn = makeFunction(
          job.name,
          job.entry,
          { ...baseEnv, ...jobEnvironment(job) },
          (job.timeoutSeconds ?? 300) * 1000,
        );
        jobFunctions.set(job, fn);
        return fn;
      },
      deadLetterFile: paths.deadLetters,
      log,
    });
    cleanups.push(() => scheduler.stop());
    const scheduled = scheduler.describe();
    log(
      `• Scheduler ready (${deploySettings.timeZone}): ${scheduled.length === 0 ? 'no scheduled jobs yet' : `${scheduled.length} schedule(s)`}`,
    );
    for (const line of scheduled) log(`    ${line}`);
    oneTimeScheduler.startTimers();
    const waiting = oneTimeScheduler.list().length;
    log(
      `• One-time schedules ready (${onceJobs.length} once-job(s)${waiting > 0 ? `, ${waiting} waiting` : ''})`,
    );

    const httpFunctions = new Map(
      contexts.map((context) => [
        context,
        makeFunction(
          context.name,
          context.entry,
          {
            ...baseEnv,
            ...mailingEnvironment(context.mails, paths.outbox),
            ...keyPolicyEnvironment(context),
            ...schedulingEnvironment(context),
            // As CDK gives these functions the user pool: here, the local issuer's public keys.
            ...(checksStaffTokens(context.routes) ? staffTokenEnvironment(home) : {}),
          },
          contextTimeoutSeconds(context) * 1000,
        ),
      ]),
    );
    const gateway = await startGateway({
      port,
      contexts,
      functionFor: (context) => httpFunctions.get(context) as LocalFunction,
      signingKey: signingKey(home),
      allowedOrigins: baseEnv.ALLOWED_ORIGINS?.split(',').map((origin) => origin.trim()) ?? [],
      // The example city pages post to this gateway and land on its thank-you pages.
      examples: { apiOrigin: `http://localhost:${port}`, siteOrigin: `http://localhost:${port}` },
      rateLimits,
      log,
    });
    cleanups.push(() => gateway.close());
    log(
      `• Rate limits per address (rateLimits, RATE_LIMITS): ${rateLimitNames.map((name) => describeRateLimit(name, rateLimits[name])).join('; ')}`,
    );

    const state: StackState = {
      pid: process.pid,
      url: gateway.url,
      dynamoDbEndpoint: dynamoDb.endpoint,
      eventBusEndpoint: bus.endpoint,
      tableName: localTableName,
      env: baseEnv,
    };
    writeFileSync(paths.stackState, JSON.stringify(state, null, 2), { mode: 0o600 });
    cleanups.push(async () => {
      // Only our own state file: a second stack on another home/port keeps its own.
      if (readStackState(home)?.pid === process.pid) rmSync(paths.stackState, { force: true });
    });

    return {
      url: gateway.url,
      port: gateway.port,
      civicHome: home,
      dynamoDbEndpoint: dynamoDb.endpoint,
      eventBusEndpoint: bus.endpoint,
      oneTimeSchedulerEndpoint: oneTimeScheduler.endpoint,
      tableName: localTableName,
      settle: async () => {
        await poller.drain();
        await bus.idle();
        await scheduler.idle();
        await oneTimeScheduler.idle();
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

const usage = `Usage: npm start [-- --in-memory] [-- --port <port>]

Runs the whole Civic stack on this machine: DynamoDB Local, the API, the event bus, the scheduler
and the mail outbox.

Options:
  --in-memory     keep the database in memory; nothing survives a restart
  --port <port>   the API port (default: $PORT or 3000)
  --help          show this help

Environment: PORT, CIVIC_HOME (default .civic), ALLOWED_ORIGINS, THANK_YOU_URLS, LOCALES, POWERTOOLS_LOG_LEVEL,
TIME_ZONE and MAIL_FROM (default: timeZone and senderAddress from civic.config.json), RATE_LIMITS
(JSON merged over rateLimits from civic.config.json, e.g. '{"votes":{"requests":100}}')`;

async function main(argv: string[]): Promise<number> {
  let parsed: { values: { 'in-memory'?: boolean; port?: string; help?: boolean } };
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'in-memory': { type: 'boolean' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const port = parsed.values.port === undefined ? undefined : Number(parsed.values.port);
  const home = defaultCivicHome();

  // After SIGHUP the terminal is gone and writing to it fails: that must not stop the stop.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  // Signals are caught from the very start: a Ctrl-C while Java boots must still stop Java.
  let signalled: NodeJS.Signals | undefined;
  let onSignal: (signal: NodeJS.Signals) => void = (signal) => {
    signalled ??= signal;
  };
  onStopSignals({
    stop: (signal) => onSignal(signal),
    stopNow: (signal) => {
      // DynamoDB Local's tether sees this process go and ends Java (infra/local/dynamodb-tether.js).
      process.stderr.write(`\n${signal} again: stopping at once.\n`);
      process.exit(130);
    },
  });
  let stack: RunningLocalStack;
  try {
    stack = await startLocalStack({
      ...(port === undefined ? {} : { port }),
      inMemory: parsed.values['in-memory'] === true,
      civicHome: home,
    });
  } catch (error) {
    if (error instanceof LocalStackError) {
      process.stderr.write(`\n✗ ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }

  const paths = civicPaths(home);
  if (!signalled) {
    process.stdout.write(
      [
        '',
        `Civic is running${parsed.values['in-memory'] ? ' (in memory: nothing is kept)' : ''}.`,
        `  API           ${stack.url}`,
        `  OpenAPI       ${stack.url}/openapi.json`,
        `  Health        ${stack.url}/health`,
        `  Mail outbox   ${paths.outbox}`,
        `  Event archive ${paths.eventArchive}`,
        // The token must be signed with this home's key: name the home when it is not the default.
        `  Staff token   ${process.env.CIVIC_HOME ? `CIVIC_HOME=${home} ` : ''}npx civic token --role coordinator   (admin | coordinator | analyst)`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\n${signal}: stopping…\n`);
      const forced = setTimeout(() => {
        process.stderr.write('Still stopping after 15 s; exiting anyway.\n');
        resolve(1);
      }, 15_000);
      forced.unref();
      stack
        .stop()
        .then(() => {
          clearTimeout(forced);
          process.stdout.write('Stopped.\n');
          resolve(0);
        })
        .catch((error: unknown) => {
          process.stderr.write(`While stopping: ${String(error)}\n`);
          resolve(1);
        });
    };
    onSignal = shutdown;
    if (signalled) shutdown(signalled);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
