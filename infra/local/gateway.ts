import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { HttpContext } from '../../functions/context';
import { corsHeaders } from '../../shared/http/cors';
import { type Problem, problems } from '../../shared/http/problem';
import { defaultRateLimits, type RateLimits, rateLimitProblem } from '../../shared/http/rate-limits';
import { type AnyRouteContract, isStaffOnly } from '../../shared/http/route';
import { createRouter } from '../../shared/http/router';
import { type ExamplesOptions, isExamplesRequest, serveExample } from './examples';
import type { Invocation, LocalFunction } from './lambda-runtime';
import { toProxyEvent } from './proxy-event';
import { createRateLimiter } from './rate-limiter';
import { createPreludeReader } from './response-streaming';
import { type LocalSigningKey, type TokenCheck, verifyBearer } from './tokens';

/** API Gateway's own limits: 10 MB payloads, 29 s integration timeout. */
export const apiGatewayLimits = { maxBodyBytes: 10 * 1024 * 1024, integrationTimeoutMs: 29_000 } as const;

export interface GatewayOptions {
  contexts: readonly HttpContext[];
  /** The Lambda function serving a context (`civic-<context>`). */
  functionFor: (context: HttpContext) => LocalFunction;
  /** The local issuer's key: staff tokens are verified with its public half (see `tokens.ts`). */
  signingKey: Pick<LocalSigningKey, 'publicKey'>;
  /** Origins that get CORS headers on the gateway's own error responses, as the handlers give them. */
  allowedOrigins: readonly string[];
  /** The context that answers every path no route owns (404/405), as the catch-all does in the cloud. */
  fallbackContext?: string;
  maxBodyBytes?: number;
  /**
   * The per-IP limits on public writes, as WAF enforces them in the cloud (`rateLimits` in the
   * config). @default defaultRateLimits
   */
  rateLimits?: RateLimits;
  /**
   * Serve the example city pages (`examples/`) at `/examples/`, as the city's own site would: local
   * only, not an API route (no function, no rate limit, not in OpenAPI or the CDK API).
   */
  examples?: ExamplesOptions;
  /** The rate limiter's clock, in milliseconds. @default Date.now */
  now?: () => number;
  log?: (line: string) => void;
}

export interface RunningGateway {
  url: string;
  port: number;
  close: () => Promise<void>;
}

interface Target {
  context: HttpContext;
  route: AnyRouteContract | undefined;
  resource: string;
  pathParameters: Record<string, string> | null;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** A proxy result's (or stream prelude's) headers as Node writes them: API Gateway merges both maps. */
function responseHeaders(result: {
  headers?: Record<string, unknown>;
  multiValueHeaders?: Record<string, unknown[]>;
}): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  // Multi-value entries add to, rather than replace, single ones.
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    const key = name.toLowerCase();
    const existing = headers[key];
    const merged = [
      ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
      ...values.map(String),
    ];
    headers[key] = merged.length === 1 ? (merged[0] as string) : merged;
  }
  return headers;
}

/**
 * Picks the context and resource for a request the way the CDK API (`infra/constructs/http-api.ts`)
 * lays them out: each route is a method on its resource; a method the resource lacks reaches the
 * resource's `ANY` fallback, owned by its context when only one context serves that path (its
 * router answers 405 with `Allow`), else the platform function; unknown paths reach `/{proxy+}`.
 */
function createResolver(contexts: readonly HttpContext[], fallbackName: string) {
  const owners = new Map<AnyRouteContract, HttpContext>();
  const ownersOfPath = new Map<string, Set<HttpContext>>();
  for (const context of contexts) {
    for (const route of context.routes) {
      owners.set(route, context);
      ownersOfPath.set(route.path, (ownersOfPath.get(route.path) ?? new Set()).add(context));
    }
  }
  const match = createRouter([...owners.keys()]);
  const fallback = contexts.find((context) => context.name === fallbackName);
  if (!fallback) throw new Error(`No HTTP context named "${fallbackName}" to answer unmatched paths.`);

  return (method: string, path: string): Target => {
    const matched = match(method, path);
    if (matched.kind === 'found') {
      const { route, params } = matched;
      return {
        context: owners.get(route) as HttpContext,
        route,
        resource: route.path,
        pathParameters: params,
      };
    }
    if (matched.kind === 'method-not-allowed') {
      const sibling = match(matched.allowed[0] as string, path);
      if (sibling.kind === 'found') {
        const pathOwners = ownersOfPath.get(sibling.route.path) ?? new Set();
        const owner = pathOwners.size === 1 ? ([...pathOwners][0] as HttpContext) : fallback;
        // No route and so no authorizer: CORS preflights and 405s are answered without a token.
        return {
          context: owner,
          route: undefined,
          resource: sibling.route.path,
          pathParameters: sibling.params,
        };
      }
    }
    return {
      context: fallback,
      route: undefined,
      resource: '/{proxy+}',
      pathParameters: { proxy: path.replace(/^\//, '') },
    };
  };
}

function sourceIpOf(request: IncomingMessage): string {
  return (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

/**
 * The local API Gateway: refuses requests over a per-IP rate limit as WAF does (429, before
 * anything else), turns each HTTP request into the REST proxy event, authenticates staff routes as
 * the Cognito authorizer does, invokes the context's Lambda function and writes back its proxy
 * result. Everything past authentication (roles, validation, 404/405) is the handlers' own answer,
 * exactly as in the cloud.
 */
export async function startGateway(
  options: GatewayOptions & { port: number; host?: string },
): Promise<RunningGateway> {
  const resolveTarget = createResolver(options.contexts, options.fallbackContext ?? 'platform');
  const limit = options.maxBodyBytes ?? apiGatewayLimits.maxBodyBytes;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const host = options.host ?? '127.0.0.1';
  const rateLimits = options.rateLimits ?? defaultRateLimits;
  const rateLimiter = createRateLimiter(rateLimits, options.now);

  const sendProblem = (
    request: IncomingMessage,
    response: ServerResponse,
    problem: Problem,
    extra: Record<string, string> = {},
  ) => {
    const origin = request.headers.origin;
    // The cloud's gateway responses carry the request id too (infra/constructs/problem-gateway-responses.ts).
    const requestId = randomUUID();
    const body = JSON.stringify({ ...problem, requestId });
    response.writeHead(problem.status, {
      'content-type': 'application/problem+json',
      'content-length': Buffer.byteLength(body),
      ...corsHeaders(typeof origin === 'string' ? origin : undefined, options.allowedOrigins),
      'x-amzn-requestid': requestId,
      ...extra,
    });
    response.end(body);
  };

  const writeResult = (response: ServerResponse, result: APIGatewayProxyResult, requestId: string) => {
    const headers = responseHeaders(result);
    const body = result.isBase64Encoded
      ? Buffer.from(result.body ?? '', 'base64')
      : Buffer.from(result.body ?? '', 'utf8');
    headers['content-length'] = String(body.length);
    headers['x-amzn-requestid'] = requestId;
    response.writeHead(result.statusCode, headers);
    response.end(body);
  };

  const failedInvocation = (
    request: IncomingMessage,
    response: ServerResponse,
    fn: LocalFunction,
    invocation: Invocation,
  ) => {
    if (invocation.ok) return;
    const timedOut = invocation.error.errorType === 'Sandbox.Timedout';
    log(`  ${fn.functionName} failed: ${invocation.error.errorType}: ${invocation.error.errorMessage}`);
    for (const line of invocation.error.trace.slice(1, 6)) log(`    ${line.trim()}`);
    // Once a stream has started, its status is sent: all that is left is to cut it short.
    if (response.headersSent) return response.destroy();
    sendProblem(request, response, {
      ...problems.internal(),
      status: timedOut ? 504 : 502,
      title: timedOut ? 'Gateway Timeout' : 'Bad Gateway',
    });
  };

  /**
   * A `STREAM` integration: the function's prelude (status and headers) starts the response and
   * every later chunk is written as it arrives (chunked transfer encoding, no content-length).
   */
  const relayStream = async (
    request: IncomingMessage,
    response: ServerResponse,
    fn: LocalFunction,
    event: unknown,
  ) => {
    const requestId = randomUUID();
    const reader = createPreludeReader({
      onPrelude: (prelude) => {
        response.writeHead(prelude.statusCode, {
          ...responseHeaders(prelude),
          'x-amzn-requestid': requestId,
        });
      },
      onBody: (chunk) => response.write(chunk),
    });
    const invocation = await fn.invoke(event, { onChunk: (chunk) => reader.push(chunk) });
    if (!invocation.ok) return failedInvocation(request, response, fn, invocation);
    if (!reader.started) {
      log(`  ${fn.functionName} ended its stream without an HTTP prelude`);
      return sendProblem(request, response, { ...problems.internal(), status: 502, title: 'Bad Gateway' });
    }
    response.end();
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = request.url ?? '/';
    const path = new URL(url, 'http://local.invalid').pathname;
    if (options.examples && isExamplesRequest(path))
      return serveExample(request, response, new URL(url, 'http://local.invalid'), options.examples);
    const target = resolveTarget(method, path);

    // WAF decides before API Gateway reads the body or runs an authorizer; nothing is invoked.
    if (target.route) {
      const decision = rateLimiter.admit(target.route, sourceIpOf(request));
      if (!decision.allowed) {
        request.resume();
        return sendProblem(request, response, rateLimitProblem(decision.limit, rateLimits[decision.limit]), {
          'retry-after': String(decision.retryAfterSeconds),
        });
      }
    }

    let body: Buffer;
    try {
      body = await readBody(request, limit);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // The rest of an oversized upload is not read: close the connection once answered.
        return sendProblem(request, response, problems.payloadTooLarge(limit), { connection: 'close' });
      }
      throw error;
    }

    const authorization = request.headers.authorization;
    let token: TokenCheck | undefined;
    if (target.route && isStaffOnly(target.route.auth)) {
      token = await verifyBearer(authorization, options.signingKey);
      // The authorizer refuses before any function runs; the handler never sees the request.
      if (!token.valid)
        return sendProblem(request, response, problems.unauthorized(), { 'www-authenticate': 'Bearer' });
    }
    // Public and `optionalStaff` methods have no authorizer in the cloud, so their handlers never
    // see claims; nor do they here. The `Authorization` header goes through untouched, as API
    // Gateway passes it: an `optionalStaff` function verifies it itself (and refuses a bad one).

    const event = toProxyEvent(
      {
        method,
        url,
        rawHeaders: request.rawHeaders,
        body,
        sourceIp: sourceIpOf(request),
        httpVersion: request.httpVersion,
      },
      {
        resource: target.resource,
        pathParameters: target.pathParameters,
        ...(token?.valid ? { claims: token.claims } : {}),
        localPort: request.socket.localPort,
      },
    );
    const fn = options.functionFor(target.context);
    if (target.context.responseTransfer === 'stream') return relayStream(request, response, fn, event);
    const invocation = await fn.invoke(event);
    if (!invocation.ok) return failedInvocation(request, response, fn, invocation);
    const result = invocation.value as APIGatewayProxyResult | undefined;
    if (!result || typeof result.statusCode !== 'number') {
      log(`  ${fn.functionName} returned a malformed proxy response`);
      return sendProblem(request, response, { ...problems.internal(), status: 502, title: 'Bad Gateway' });
    }
    writeResult(response, result, invocation.requestId);
  };

  const server: Server = createServer((request, response) => {
    const started = performance.now();
    const path = new URL(request.url ?? '/', 'http://local.invalid').pathname;
    // One line per request: method, path (no query: it may carry personal data), status, time.
    response.on('finish', () =>
      log(`${request.method} ${path} ${response.statusCode} ${Math.round(performance.now() - started)}ms`),
    );
    handle(request, response).catch((error: unknown) => {
      log(`  gateway error: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendProblem(request, response, problems.internal());
      else response.destroy();
    });
  });
  server.requestTimeout = apiGatewayLimits.integrationTimeoutMs + 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
