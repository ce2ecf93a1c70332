import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpContext } from '../../../functions/context';
import { type RunningGateway, startGateway } from '../../../infra/local/gateway';
import { createLocalFunction, type LocalFunction } from '../../../infra/local/lambda-runtime';
import { signingKey } from '../../../infra/local/tokens';
import { defaultRateLimits } from '../../../shared/http/rate-limits';
import { fixtureRoute } from './fixtures/routes';

const contexts: HttpContext[] = [
  {
    name: 'ballots',
    entry: 'test/unit/local/fixtures/echo-handler.ts',
    routes: [
      fixtureRoute('POST', '/ballots/{ballotId}/votes', 'public', 'votes'),
      fixtureRoute('POST', '/notes'),
      fixtureRoute('GET', '/notes/{noteId}'),
    ],
    tableAccess: 'none',
  },
  {
    name: 'platform',
    entry: 'test/unit/local/fixtures/echo-handler.ts',
    routes: [fixtureRoute('GET', '/health')],
    tableAccess: 'none',
  },
];

/** Two source addresses on one machine: the gateway listens on both IPv4 and IPv6 loopback. */
const ipv4 = (port: number) => `http://127.0.0.1:${port}`;
const ipv6 = (port: number) => `http://[::1]:${port}`;

let home: string;
let gateway: RunningGateway;
let clock = 0;
const invoked: string[] = [];
const functions = new Map<string, LocalFunction>();

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'civic-gateway-limits-'));
  for (const context of contexts) {
    const fn = createLocalFunction({
      functionName: `civic-${context.name}`,
      entry: context.entry,
      env: { POWERTOOLS_SERVICE_NAME: context.name },
      region: 'eu-west-1',
      timeoutMs: 5_000,
    });
    functions.set(context.name, fn);
  }
  gateway = await startGateway({
    port: 0,
    host: '::',
    contexts,
    // Every invocation is recorded: a refused request must never reach a function.
    functionFor: (context) => {
      const fn = functions.get(context.name) as LocalFunction;
      return {
        functionName: fn.functionName,
        invoke: (event, options) => {
          const { httpMethod, path } = event as APIGatewayProxyEvent;
          invoked.push(`${httpMethod} ${path}`);
          return fn.invoke(event, options);
        },
        stop: () => fn.stop(),
      };
    },
    signingKey: signingKey(home),
    allowedOrigins: [],
    rateLimits: defaultRateLimits,
    now: () => clock,
    log: () => undefined,
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([...functions.values()].map((fn) => fn.stop()));
  rmSync(home, { recursive: true, force: true });
});

beforeEach(() => {
  // Far enough on from the last test that every window it filled has passed.
  clock += 3_600_000;
  invoked.length = 0;
});

const post = (base: string, path: string) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ participant: { email: 'ana@example.org' } }),
  });

describe('local gateway rate limits', () => {
  it('refuses the 11th vote in a minute from one address with 429, Retry-After and a problem, without invoking the function', async () => {
    // Prepare
    const base = ipv4(gateway.port);
    for (let n = 1; n <= 10; n++) expect((await post(base, `/ballots/b${n}/votes`)).status).toBe(200);

    // Act
    const refused = await post(base, '/ballots/b11/votes');

    // Assess
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toEqual({
      type: 'urn:civic:problem:too-many-requests',
      title: 'Too many requests',
      status: 429,
      detail: 'This address has reached its limit of 10 votes per 60 seconds; please wait and try again.',
      rateLimit: 'votes',
      requestId: expect.any(String),
    });
    expect(invoked).toHaveLength(10);
    expect(invoked).not.toContain('POST /ballots/b11/votes');
  });

  it('leaves other addresses, other routes and reads alone', async () => {
    // Prepare
    const base = ipv4(gateway.port);
    for (let n = 1; n <= 10; n++) await post(base, `/ballots/b${n}/votes`);
    expect((await post(base, '/ballots/b11/votes')).status).toBe(429);

    // Act
    const otherAddress = await post(ipv6(gateway.port), '/ballots/b11/votes');
    const otherRoute = await post(base, '/notes');
    const read = await fetch(`${base}/notes/n1`);

    // Assess
    expect(otherAddress.status).toBe(200);
    expect(otherRoute.status).toBe(200);
    expect(read.status).toBe(200);
    expect(invoked).toContain('POST /notes');
  });

  it('counts every public write against publicWrites, whatever the route', async () => {
    // Prepare: 10 votes and 20 notes fill the 30 public writes of a minute.
    const base = ipv6(gateway.port);
    for (let n = 1; n <= 10; n++) expect((await post(base, `/ballots/b${n}/votes`)).status).toBe(200);
    for (let n = 1; n <= 20; n++) expect((await post(base, '/notes')).status).toBe(200);

    // Act
    const refused = await post(base, '/notes');

    // Assess
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ rateLimit: 'publicWrites' });
    expect(invoked).toHaveLength(30);
  });

  it('frees a slot when the oldest request leaves the window, and says when that will be', async () => {
    // Prepare: one vote at 0 s, nine at 20 s.
    const base = ipv4(gateway.port);
    const start = clock;
    expect((await post(base, '/ballots/b0/votes')).status).toBe(200);
    clock = start + 20_000;
    for (let n = 1; n <= 9; n++) expect((await post(base, `/ballots/b${n}/votes`)).status).toBe(200);

    // Act
    clock = start + 45_500;
    const early = await post(base, '/ballots/b10/votes');
    clock = start + 60_001;
    const freed = await post(base, '/ballots/b10/votes');
    const next = await post(base, '/ballots/b11/votes');

    // Assess
    expect(early.status).toBe(429);
    expect(early.headers.get('retry-after')).toBe('15');
    expect(freed.status).toBe(200);
    expect(next.status).toBe(429);
    expect(next.headers.get('retry-after')).toBe('20');
  });
});
