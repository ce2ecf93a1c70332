import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { handler as participation } from '../functions/participation/handler';
import { handler as platform } from '../functions/platform/handler';
import { lambdaContextFor, proxyEvent } from '../test/support/api';
import { publishedIdea } from '../test/support/fixtures';
import { median, percentile } from './stats';

// This module creates the SDK client on import: load it only once the environment points at DynamoDB Local.

type HttpHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

interface Scenario {
  label: string;
  route: string;
  /** What it tells apart from the other rows. */
  note: string;
  handler: HttpHandler;
  /** A fresh event per call: votes need a new participant (or key) every time to stay first votes. */
  event: (iteration: number) => APIGatewayProxyEvent;
  status: number;
}

export interface LatencyResult {
  label: string;
  route: string;
  note: string;
  iterations: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

async function scenarios(): Promise<Scenario[]> {
  const { engagementId, contributionId } = await publishedIdea();
  // A run-unique prefix keeps votes distinct even if the bench ever reuses a table.
  const run = randomUUID().slice(0, 8);
  const vote = (iteration: number, prefix: string, headers?: Record<string, string>) =>
    proxyEvent({
      method: 'POST',
      path: `/contributions/${contributionId}/votes`,
      body: { participant: { email: `${prefix}-${run}-${iteration}@example.org` } },
      ...(headers ? { headers } : {}),
    });
  return [
    {
      label: 'GET /health',
      route: 'platform',
      note: 'pipeline only: middy, Powertools, router, response schema; no I/O',
      handler: platform,
      event: () => proxyEvent({ method: 'GET', path: '/health' }),
      status: 200,
    },
    {
      label: 'GET /engagements/{id}',
      route: 'participation',
      note: 'one GetItem',
      handler: participation,
      event: () => proxyEvent({ method: 'GET', path: `/engagements/${engagementId}` }),
      status: 200,
    },
    {
      label: 'POST /contributions/{id}/votes',
      route: 'participation',
      note: 'email assurance: two GetItem + TransactWriteItems (2 items) + the confirmation mail (.eml written locally)',
      handler: participation,
      event: (iteration) => vote(iteration, 'voter'),
      status: 202,
    },
    {
      label: 'POST /contributions/{id}/votes + Idempotency-Key',
      route: 'participation',
      note: 'as above + idempotency PutItem and UpdateItem',
      handler: participation,
      event: (iteration) =>
        vote(iteration, 'keyed-voter', { 'Idempotency-Key': `bench-${run}-${iteration}` }),
      status: 202,
    },
  ];
}

async function invoke(scenario: Scenario, iteration: number): Promise<number> {
  // The event is built outside the timed span: only the handler is measured.
  const event = scenario.event(iteration);
  const started = performance.now();
  const response = await scenario.handler(event, lambdaContextFor());
  const elapsed = performance.now() - started;
  if (response.statusCode !== scenario.status) {
    throw new Error(
      `${scenario.label} answered ${response.statusCode}, expected ${scenario.status}: ${response.body}`,
    );
  }
  return elapsed;
}

/**
 * Warm in-process latency of whole handler invocations, one request at a time. The warm-up lets
 * V8 and DynamoDB Local's JVM compile their hot paths, so the samples describe a warm function.
 * Rows take turns call by call rather than running one after another: on a shared machine a burst
 * of someone else's work then lands on every row alike instead of inflating whichever ran during it.
 */
export async function measureHandlerLatency(options: {
  iterations: number;
  warmup: number;
  onProgress?: (message: string) => void;
}): Promise<LatencyResult[]> {
  const all = await scenarios();
  for (let i = 0; i < options.warmup; i++) {
    for (const scenario of all) await invoke(scenario, -1 - i);
  }
  options.onProgress?.(`warm after ${options.warmup} calls per row`);
  const samples = all.map((): number[] => []);
  for (let i = 0; i < options.iterations; i++) {
    for (const [index, scenario] of all.entries()) samples[index]?.push(await invoke(scenario, i));
  }
  return all.map((scenario, index) => {
    const times = samples[index] ?? [];
    const result: LatencyResult = {
      label: scenario.label,
      route: scenario.route,
      note: scenario.note,
      iterations: times.length,
      medianMs: median(times),
      p95Ms: percentile(times, 95),
      maxMs: Math.max(...times),
    };
    options.onProgress?.(
      `${scenario.label}: median ${result.medianMs.toFixed(2)} ms, p95 ${result.p95Ms.toFixed(2)} ms`,
    );
    return result;
  });
}
