import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The fixed identity of the local "API": values shaped like the real ones, clearly not an AWS account. */
export const localApi = {
  accountId: '123456789012',
  apiId: 'civiclocal',
  stage: 'local',
} as const;

/** Claims as the Cognito user pool authorizer hands them to the integration: every value a string. */
export type AuthorizerClaims = Record<string, string>;

export interface IncomingHttpRequest {
  method: string;
  /** The request target as received: path plus optional query (`/engagements?limit=5`). */
  url: string;
  /** Node's `rawHeaders`: names in the client's casing, repeated headers kept, in order. */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  /** `1.1` or `2.0`. */
  httpVersion: string;
}

export interface ProxyEventOptions {
  /** The matched route template (`/engagements/{engagementId}`), or `/{proxy+}` when no route matched. */
  resource: string;
  pathParameters: Record<string, string> | null;
  /** Verified token claims; when present they appear where the Cognito authorizer puts them. */
  claims?: AuthorizerClaims;
  now?: Date;
  /** Whether the gateway listens with TLS; sets `X-Forwarded-Proto` as API Gateway would. */
  secure?: boolean;
  localPort?: number;
}

/**
 * Media types API Gateway passes to the integration as text. Anything else (images, PDFs,
 * multipart uploads) arrives base64-encoded with `isBase64Encoded: true`, which is what a REST API
 * does for its configured binary media types.
 */
export function isTextMediaType(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return true;
  if (type.startsWith('text/')) return true;
  if (type === 'application/x-www-form-urlencoded') return true;
  if (/^application\/([\w.-]+\+)?(json|xml)$/.test(type)) return true;
  return type === 'application/javascript' || type === 'application/graphql';
}

/** `10/Mar/2020:00:03:59 +0000`, the format of `requestContext.requestTime`. */
export function formatRequestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} +0000`;
}

/** An X-Ray trace header like the one API Gateway adds: `Root=1-<epoch hex>-<96 random bits>`. */
function traceHeader(now: Date): string {
  return `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

/** API Gateway resource ids are 6 lower-case alphanumerics, stable per resource. */
function resourceIdFor(resource: string): string {
  return createHash('sha256').update(resource).digest('hex').slice(0, 6);
}

function collectHeaders(rawHeaders: readonly string[]) {
  const multi: Record<string, string[]> = {};
  // Header names are case-insensitive: group them, but keep the casing the client first used,
  // as API Gateway does.
  const casing = new Map<string, string>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string;
    const value = rawHeaders[index + 1] as string;
    const key = casing.get(name.toLowerCase()) ?? name;
    casing.set(name.toLowerCase(), key);
    multi[key] = [...(multi[key] ?? []), value];
  }
  return { multi, casing };
}

function setHeader(
  multi: Record<string, string[]>,
  casing: Map<string, string>,
  name: string,
  value: string,
) {
  const key = casing.get(name.toLowerCase()) ?? name;
  casing.set(name.toLowerCase(), key);
  multi[key] = [value];
}

function queryParameters(search: string) {
  const params = new URLSearchParams(search);
  const multi: Record<string, string[]> = {};
  for (const [name, value] of params) multi[name] = [...(multi[name] ?? []), value];
  if (Object.keys(multi).length === 0) return { single: null, multi: null };
  // Where a name repeats, `queryStringParameters` keeps the last value, as API Gateway does.
  const single = Object.fromEntries(
    Object.entries(multi).map(([name, values]) => [name, values.at(-1) as string]),
  );
  return { single, multi };
}

/**
 * Turns one HTTP request into the API Gateway REST (v1) Lambda proxy event, with the keys, nulls
 * and value types of AWS's published sample (`events/samples/apigateway-rest-proxy.json`), so the
 * handler cannot tell the local gateway from the cloud one.
 */
export function toProxyEvent(request: IncomingHttpRequest, options: ProxyEventOptions): APIGatewayProxyEvent {
  const now = options.now ?? new Date();
  const target = new URL(request.url, 'http://local.invalid');
  const path = target.pathname;
  const { multi: multiValueHeaders, casing } = collectHeaders(request.rawHeaders);

  // Headers the API Gateway front end adds to every request it forwards.
  const forwardedFor = multiValueHeaders[casing.get('x-forwarded-for') ?? '']?.at(-1);
  setHeader(
    multiValueHeaders,
    casing,
    'X-Forwarded-For',
    forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp,
  );
  setHeader(multiValueHeaders, casing, 'X-Forwarded-Port', String(options.localPort ?? 80));
  setHeader(multiValueHeaders, casing, 'X-Forwarded-Proto', options.secure ? 'https' : 'http');
  if (!casing.has('x-amzn-trace-id'))
    setHeader(multiValueHeaders, casing, 'X-Amzn-Trace-Id', traceHeader(now));

  const headers = Object.fromEntries(
    Object.entries(multiValueHeaders).map(([name, values]) => [name, values.at(-1) as string]),
  );
  const lookup = (name: string) => headers[casing.get(name) ?? ''];
  const host = lookup('host') ?? `localhost:${options.localPort ?? 80}`;
  const query = queryParameters(target.search);

  const isText = isTextMediaType(lookup('content-type'));
  const body =
    request.body.length === 0
      ? null
      : isText
        ? request.body.toString('utf8')
        : request.body.toString('base64');

  const event: APIGatewayProxyEvent = {
    resource: options.resource,
    path,
    httpMethod: request.method.toUpperCase(),
    headers,
    multiValueHeaders,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters:
      options.pathParameters && Object.keys(options.pathParameters).length > 0
        ? options.pathParameters
        : null,
    stageVariables: null,
    requestContext: {
      resourceId: resourceIdFor(options.resource),
      resourcePath: options.resource,
      httpMethod: request.method.toUpperCase(),
      extendedRequestId: `${randomBytes(11).toString('base64').replace(/[+/=]/g, 'x').slice(0, 15)}=`,
      requestTime: formatRequestTime(now),
      path: `/${localApi.stage}${path}`,
      accountId: localApi.accountId,
      protocol: `HTTP/${request.httpVersion}`,
      stage: localApi.stage,
      domainPrefix: host.split(/[.:]/)[0] as string,
      requestTimeEpoch: now.getTime(),
      requestId: randomUUID(),
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: request.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: lookup('user-agent') ?? null,
        user: null,
      },
      domainName: host,
      apiId: localApi.apiId,
      // Only methods behind an authorizer carry this key, exactly as in the cloud.
      ...(options.claims ? { authorizer: { claims: options.claims } } : {}),
      // The published sample has no apiKey/clientCert members; the type insists on them.
    } as unknown as APIGatewayProxyEvent['requestContext'],
    body,
    isBase64Encoded: body !== null && !isText,
  };
  return event;
}
