import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isTextMediaType, toProxyEvent } from '../../../infra/local/proxy-event';

const awsSample = JSON.parse(
  readFileSync(new URL('../../../events/samples/apigateway-rest-proxy.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

type Shape = string | { [key: string]: Shape };

/** Keys and value types (null, string, number, boolean, object, array), recursing into the named objects. */
function shapeOf(value: unknown, recurseInto: readonly string[], path = ''): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value !== 'object') return typeof value;
  if (path !== '' && !recurseInto.includes(path)) return 'object';
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, child]) => [key, shapeOf(child, recurseInto, path === '' ? key : `${path}.${key}`)]),
  );
}

const rawHeaders = (headers: Record<string, string | string[]>) =>
  Object.entries(headers).flatMap(([name, value]) =>
    Array.isArray(value) ? value.flatMap((v) => [name, v]) : [name, value],
  );

const browserGet = {
  method: 'GET',
  url: '/',
  rawHeaders: rawHeaders({ Host: 'localhost:3000', 'User-Agent': 'Mozilla/5.0', accept: 'text/html' }),
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  httpVersion: '1.1',
};

describe('toProxyEvent', () => {
  it('has the same keys and value types as AWS’s published REST proxy sample', () => {
    // Prepare
    const recurseInto = ['requestContext', 'requestContext.identity'];

    // Act
    const event = toProxyEvent(browserGet, { resource: '/', pathParameters: null, localPort: 3000 });

    // Assess
    expect(shapeOf(event, recurseInto)).toEqual(shapeOf(awsSample, recurseInto));
  });

  it('gives the same key set for a query, path parameters and a body, only with filled-in values', () => {
    // Prepare
    const request = {
      ...browserGet,
      method: 'POST',
      url: '/engagements/01ABC/contributions?tag=a&tag=b&lang=en',
      rawHeaders: rawHeaders({
        Host: 'localhost:3000',
        'Content-Type': 'application/json',
        'User-Agent': 'curl/8',
      }),
      body: Buffer.from('{"kind":"idea"}'),
    };

    // Act
    const event = toProxyEvent(request, {
      resource: '/engagements/{engagementId}/contributions',
      pathParameters: { engagementId: '01ABC' },
    });

    // Assess
    expect(Object.keys(event).sort()).toEqual(Object.keys(awsSample).sort());
    expect(event).toMatchObject({
      resource: '/engagements/{engagementId}/contributions',
      path: '/engagements/01ABC/contributions',
      httpMethod: 'POST',
      queryStringParameters: { tag: 'b', lang: 'en' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], lang: ['en'] },
      pathParameters: { engagementId: '01ABC' },
      body: '{"kind":"idea"}',
      isBase64Encoded: false,
      requestContext: {
        resourcePath: '/engagements/{engagementId}/contributions',
        httpMethod: 'POST',
        path: '/local/engagements/01ABC/contributions',
      },
    });
  });

  it('keeps repeated headers in multiValueHeaders and the last one in headers, in the client’s casing', () => {
    // Prepare
    const request = {
      ...browserGet,
      rawHeaders: rawHeaders({ Host: 'localhost:3000', 'X-Thing': ['one', 'two'] }),
    };

    // Act
    const event = toProxyEvent(request, { resource: '/', pathParameters: null });

    // Assess
    expect(event.multiValueHeaders['X-Thing']).toEqual(['one', 'two']);
    expect(event.headers['X-Thing']).toBe('two');
    expect(event.headers['X-Forwarded-For']).toBe('127.0.0.1');
    expect(event.headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('base64-encodes bodies of binary media types and marks them so', () => {
    // Prepare
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    const request = {
      ...browserGet,
      method: 'POST',
      rawHeaders: rawHeaders({ Host: 'h', 'Content-Type': 'application/pdf' }),
      body: bytes,
    };

    // Act
    const event = toProxyEvent(request, { resource: '/', pathParameters: null });

    // Assess
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body as string, 'base64')).toEqual(bytes);
  });

  it('puts claims under requestContext.authorizer.claims only when there are claims', () => {
    // Prepare
    const claims = { sub: 'abc', 'cognito:groups': 'coordinator' };

    // Act
    const staff = toProxyEvent(browserGet, { resource: '/', pathParameters: null, claims });
    const anonymous = toProxyEvent(browserGet, { resource: '/', pathParameters: null });

    // Assess
    expect(staff.requestContext.authorizer).toEqual({ claims });
    expect('authorizer' in anonymous.requestContext).toBe(false);
  });

  it('formats requestTime the way API Gateway does', () => {
    // Prepare
    const now = new Date(Date.UTC(2020, 2, 10, 0, 3, 59));

    // Act
    const event = toProxyEvent(browserGet, { resource: '/', pathParameters: null, now });

    // Assess
    expect(event.requestContext.requestTime).toBe('10/Mar/2020:00:03:59 +0000');
    expect(event.requestContext.requestTimeEpoch).toBe(now.getTime());
  });
});

describe('isTextMediaType', () => {
  it.each([
    ['application/json; charset=utf-8', true],
    ['application/problem+json', true],
    ['application/x-www-form-urlencoded', true],
    ['text/csv', true],
    [undefined, true],
    ['image/png', false],
    ['multipart/form-data; boundary=x', false],
  ])('treats %s as text: %s', (type, expected) => {
    // Act
    const result = isTextMediaType(type);

    // Assess
    expect(result).toBe(expected);
  });
});
