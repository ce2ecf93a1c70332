import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpContext } from '../../../functions/context';
import { type RunningGateway, startGateway } from '../../../infra/local/gateway';
import { createLocalFunction, type LocalFunction } from '../../../infra/local/lambda-runtime';
import { issueStaffToken, signingKey } from '../../../infra/local/tokens';
import { fixtureRoute } from './fixtures/routes';

const echoEntry = 'test/unit/local/fixtures/echo-handler.ts';

const route = fixtureRoute;

const contexts: HttpContext[] = [
  {
    name: 'things',
    entry: echoEntry,
    routes: [
      route('GET', '/things/{thingId}', 'public'),
      route('POST', '/things', { roles: ['coordinator'] }),
      route('POST', '/things/{thingId}/notes', 'optionalStaff'),
    ],
    tableAccess: 'none',
  },
  {
    name: 'exports',
    entry: 'test/unit/local/fixtures/stream-handler.ts',
    routes: [route('GET', '/exports/{name}', 'public')],
    tableAccess: 'none',
    responseTransfer: 'stream',
  },
  { name: 'platform', entry: echoEntry, routes: [route('GET', '/health', 'public')], tableAccess: 'none' },
];

interface Echo {
  event: APIGatewayProxyEvent;
  serviceName: string;
  functionName: string;
  remainingMs: number;
}

let home: string;
let gateway: RunningGateway;
const functions = new Map<string, LocalFunction>();
const logLines: string[] = [];

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'civic-gateway-'));
  for (const context of contexts) {
    functions.set(
      context.name,
      createLocalFunction({
        functionName: `civic-${context.name}`,
        entry: context.entry,
        env: { POWERTOOLS_SERVICE_NAME: context.name },
        region: 'eu-west-1',
        timeoutMs: 2_000,
      }),
    );
  }
  gateway = await startGateway({
    port: 0,
    contexts,
    functionFor: (context) => functions.get(context.name) as LocalFunction,
    signingKey: signingKey(home),
    allowedOrigins: ['https://www.example.gov'],
    maxBodyBytes: 1024,
    log: (line) => logLines.push(line),
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([...functions.values()].map((fn) => fn.stop()));
  rmSync(home, { recursive: true, force: true });
});

const echo = async (response: Response) => (await response.json()) as Echo;

describe('local gateway', () => {
  it('invokes the owning context’s function with the matched resource and path parameters', async () => {
    // Act
    const response = await fetch(`${gateway.url}/things/t%201?colour=red`);

    // Assess
    expect(response.status).toBe(200);
    const body = await echo(response);
    expect(body.functionName).toBe('civic-things');
    expect(body.serviceName).toBe('things');
    expect(body.remainingMs).toBeGreaterThan(0);
    expect(body.event).toMatchObject({
      resource: '/things/{thingId}',
      path: '/things/t%201',
      pathParameters: { thingId: 't 1' },
      queryStringParameters: { colour: 'red' },
    });
  });

  it('answers 401 problem+json on a staff route without a token, before any function runs', async () => {
    // Act
    const response = await fetch(`${gateway.url}/things`, {
      method: 'POST',
      headers: { origin: 'https://www.example.gov' },
    });

    // Assess
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://www.example.gov');
    expect(await response.json()).toMatchObject({
      status: 401,
      type: 'urn:civic:problem:unauthorized',
      requestId: expect.any(String),
    });
  });

  it('answers 401 on a staff route with a token it did not issue', async () => {
    // Act
    const response = await fetch(`${gateway.url}/things`, {
      method: 'POST',
      headers: { authorization: 'Bearer abc.def.ghi' },
    });

    // Assess
    expect(response.status).toBe(401);
  });

  it('passes verified claims where the Cognito authorizer puts them', async () => {
    // Prepare
    const token = await issueStaffToken({ home, role: 'coordinator' });

    // Act
    const response = await fetch(`${gateway.url}/things`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });

    // Assess
    expect(response.status).toBe(200);
    const claims = (await echo(response)).event.requestContext.authorizer?.claims as Record<string, string>;
    expect(claims['cognito:groups']).toBe('coordinator');
    expect(typeof claims.sub).toBe('string');
  });

  it('passes no claims to a public route, as the cloud’s unauthorized public methods do', async () => {
    // Prepare
    const token = await issueStaffToken({ home, role: 'analyst' });

    // Act
    const withToken = await echo(
      await fetch(`${gateway.url}/things/1`, { headers: { authorization: `Bearer ${token}` } }),
    );
    const withJunk = await echo(
      await fetch(`${gateway.url}/things/1`, { headers: { authorization: 'Bearer junk' } }),
    );

    // Assess
    expect(withToken.event.requestContext.authorizer).toBeUndefined();
    expect(withJunk.event.requestContext.authorizer).toBeUndefined();
  });

  it('passes an optionalStaff route’s Authorization header through untouched and decides nothing on it', async () => {
    // Prepare
    const token = await issueStaffToken({ home, role: 'coordinator' });

    // Act
    const withToken = await fetch(`${gateway.url}/things/1/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const withJunk = await fetch(`${gateway.url}/things/1/notes`, {
      method: 'POST',
      headers: { authorization: 'Bearer junk' },
    });

    // Assess
    // As in the cloud (no authorizer on such methods): the function gets the header, not claims,
    // and is the one to refuse a bad token.
    expect([withToken.status, withJunk.status]).toEqual([200, 200]);
    const [valid, junk] = [await echo(withToken), await echo(withJunk)];
    expect(valid.event.headers.authorization).toBe(`Bearer ${token}`);
    expect(junk.event.headers.authorization).toBe('Bearer junk');
    expect(valid.event.requestContext.authorizer).toBeUndefined();
    expect(junk.event.requestContext.authorizer).toBeUndefined();
  });

  it('hands unknown paths to the fallback context as /{proxy+}', async () => {
    // Act
    const unknownPath = await echo(await fetch(`${gateway.url}/nowhere/else`));

    // Assess
    expect(unknownPath.functionName).toBe('civic-platform');
    expect(unknownPath.event).toMatchObject({
      resource: '/{proxy+}',
      pathParameters: { proxy: 'nowhere/else' },
    });
  });

  it('hands a method the path lacks to the path’s owner, without asking for a token', async () => {
    // Act
    const wrongMethod = await echo(await fetch(`${gateway.url}/things/1`, { method: 'DELETE' }));
    const preflight = await echo(await fetch(`${gateway.url}/things`, { method: 'OPTIONS' }));

    // Assess
    expect(wrongMethod.functionName).toBe('civic-things');
    expect(wrongMethod.event).toMatchObject({
      resource: '/things/{thingId}',
      pathParameters: { thingId: '1' },
    });
    expect(preflight.functionName).toBe('civic-things');
  });

  it('refuses a body over the limit with 413 without invoking anything', async () => {
    // Act
    const response = await fetch(`${gateway.url}/things/1`, { method: 'POST', body: 'x'.repeat(2048) });

    // Assess
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ status: 413 });
  });

  it('writes multi-value headers and decodes base64 bodies', async () => {
    // Act
    const cookies = await fetch(`${gateway.url}/things/1`);
    const binary = await fetch(`${gateway.url}/binary`);

    // Assess
    expect(cookies.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]),
    );
  });

  it('answers 502 when the function throws, and 504 when it times out', async () => {
    // Act
    const crashed = await fetch(`${gateway.url}/crash`);
    const slow = await fetch(`${gateway.url}/slow`);

    // Assess
    expect(crashed.status).toBe(502);
    expect(slow.status).toBe(504);
    expect(await crashed.json()).not.toHaveProperty('trace');
  });

  it('logs one line per request: method, path without query, status and time', async () => {
    // Prepare
    logLines.length = 0;

    // Act
    await fetch(`${gateway.url}/things/42?email=someone%40example.org`);

    // Assess
    expect(logLines.find((line) => line.startsWith('GET /things/42'))).toMatch(
      /^GET \/things\/42 200 \d+ms$/,
    );
    expect(logLines.join('\n')).not.toContain('example.org');
  });

  it('relays a streaming function’s chunks as they are written, before the function has finished', async () => {
    // Prepare
    const release = join(home, 'release-good');

    // Act
    const response = await fetch(`${gateway.url}/exports/good?release=${encodeURIComponent(release)}`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    writeFileSync(release, '');
    let rest = '';
    for (let part = await reader.read(); !part.done; part = await reader.read())
      rest += Buffer.from(part.value).toString('utf8');

    // Assess: the first row arrived while the function was still waiting to write the second.
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-length')).toBeNull();
    expect(Buffer.from(first.value ?? []).toString('utf8')).toBe('first,row\r\n');
    expect(rest).toBe('second,row\r\n');
  });

  it('cuts a stream short when the function fails after its first bytes, never ending it cleanly', async () => {
    // Prepare
    const release = join(home, 'release-broken');

    // Act
    const response = await fetch(`${gateway.url}/exports/broken?release=${encodeURIComponent(release)}`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    writeFileSync(release, '');
    const drain = async () => {
      for (let part = await reader.read(); !part.done; part = await reader.read());
    };

    // Assess
    expect(response.status).toBe(200);
    await expect(drain()).rejects.toThrow();
  });
});
