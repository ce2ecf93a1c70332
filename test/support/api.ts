import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import {
  createPreludeReader,
  createResponseStream,
  type HttpPrelude,
  isStreamingHandler,
} from '../../infra/local/response-streaming';
import { documentClient } from '../../shared/db/client';
import type { StaffRole } from '../../shared/http/route';

type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface ApiRequest {
  method: string;
  path: string;
  body?: unknown;
  /** A raw body string sent as is (malformed JSON, urlencoded forms). */
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** Acts as a staff user with this role, as the Cognito authorizer would report it. */
  role?: StaffRole;
  /** The caller's address as API Gateway reports it; 127.0.0.1 unless given. */
  sourceIp?: string;
}

/** How long an in-process call may run before the pipeline's timeout answers, as a function's configured timeout. */
let functionTimeoutMs = 30_000;

/**
 * Gives every function called from this test file `ms` to answer, as a deployment would by
 * configuring the function's timeout. For tests that put many requests through at once: on a
 * loaded machine they need time, and must get it by configuration rather than by luck.
 */
export function giveFunctionsTime(ms: number): void {
  functionTimeoutMs = ms;
}

/** A Lambda context whose remaining time counts down from the function timeout, as Lambda's does. */
export function lambdaContextFor(timeoutMs = functionTimeoutMs): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName: 'civic-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:civic-test',
    memoryLimitInMB: '512',
    awsRequestId: 'test-request',
    logGroupName: '/aws/lambda/civic-test',
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  } as Context;
}

/** A REST API proxy event with just the fields the pipeline reads, for in-process integration tests. */
export function proxyEvent(request: ApiRequest): APIGatewayProxyEvent {
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  let body: string | null = null;
  if (request.rawBody !== undefined) body = request.rawBody;
  else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const query = request.query ?? null;
  return {
    resource: request.path,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: query,
    multiValueQueryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'test',
      httpMethod: request.method,
      path: request.path,
      protocol: 'HTTP/1.1',
      requestId: 'test',
      requestTimeEpoch: Date.now(),
      resourceId: 'test',
      resourcePath: request.path,
      stage: 'test',
      identity: { sourceIp: request.sourceIp ?? '127.0.0.1' },
      authorizer: request.role
        ? { claims: { sub: `staff-${request.role}`, 'cognito:groups': request.role } }
        : null,
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  json: any;
}

/**
 * Invokes a streaming handler as API Gateway's `STREAM` integration does, reading the prelude and
 * handing each body chunk to `onBody`; resolves with the prelude once the stream has ended.
 */
export async function invokeStreaming(
  handler: unknown,
  event: APIGatewayProxyEvent,
  onBody: (chunk: Uint8Array) => void,
): Promise<HttpPrelude> {
  if (!isStreamingHandler(handler)) throw new Error('Not a streaming handler.');
  let prelude: HttpPrelude | undefined;
  const reader = createPreludeReader({
    onPrelude: (received) => {
      prelude = received;
    },
    onBody,
  });
  const stream = createResponseStream((chunk) => reader.push(chunk));
  await handler(event, stream, lambdaContextFor());
  if (!prelude) throw new Error('The stream ended without an HTTP prelude.');
  return prelude;
}

/** Calls a context's Lambda handler in process, as API Gateway would (streaming handlers included). */
export async function call(
  handler: LambdaHandler | ((...args: never[]) => unknown),
  request: ApiRequest,
): Promise<ApiResponse> {
  const result = isStreamingHandler(handler)
    ? await collectStream(handler, request)
    : await (handler as LambdaHandler)(proxyEvent(request), lambdaContextFor());
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  let json: unknown;
  try {
    json = result.body ? JSON.parse(result.body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: result.statusCode, headers, body: result.body, json };
}

async function collectStream(handler: unknown, request: ApiRequest): Promise<APIGatewayProxyResult> {
  const chunks: Uint8Array[] = [];
  const prelude = await invokeStreaming(handler, proxyEvent(request), (chunk) => chunks.push(chunk));
  return {
    statusCode: prelude.statusCode,
    headers: prelude.headers ?? {},
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

/** Every item in this test file's table (tests only: the application never scans). */
export async function allItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new ScanCommand({ TableName: process.env.TABLE_NAME, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export const countItems = async () => (await allItems()).length;

/**
 * What an answer says apart from what names the request itself (request and trace ids): two
 * answers that must not tell callers apart ("whatever the address's history") compare equal.
 */
export const comparableAnswer = (answer: {
  status: number;
  headers: Record<string, string>;
  body: string;
}) => ({
  status: answer.status,
  headers: Object.fromEntries(
    Object.entries(answer.headers).filter(([name]) => !/request-?id|trace/i.test(name)),
  ),
  body: answer.body,
});
