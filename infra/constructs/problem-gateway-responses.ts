import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';

/**
 * Gateway response templates allow plain `$context` substitution only (no VTL, no `$util`), so
 * values are inserted where API Gateway already JSON-quotes them (`messageString`) or where they
 * are known to be JSON-safe. `requestId` lets a caller quote the request to the city's support.
 */
interface GatewayProblem {
  type: ResponseType;
  /** Omitted for the DEFAULT_* responses, which keep API Gateway's own status code. */
  status?: number;
  /** The slug of `urn:civic:problem:<slug>`, as in `shared/http/problem.ts`; `about:blank` when absent. */
  slug?: string;
  /** Empty: use API Gateway's own (already quoted) message. */
  title: string;
  /** A JSON value: a literal string (already quoted) or a `$context` expression. */
  detail: string;
  /** Extra members, as JSON text without the braces. */
  extra?: string;
  headers?: Record<string, string>;
}

const text = (value: string) => JSON.stringify(value);

const gatewayProblems: GatewayProblem[] = [
  {
    type: ResponseType.UNAUTHORIZED,
    status: 401,
    slug: 'unauthorized',
    title: 'Sign-in required',
    detail: text('This route needs a valid staff bearer token.'),
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
  {
    type: ResponseType.ACCESS_DENIED,
    status: 403,
    slug: 'forbidden',
    title: 'Not allowed',
    detail: '$context.error.messageString',
  },
  {
    // REST APIs answer an unknown path or method with this (misleadingly named) 403; it is a 404.
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: 404,
    slug: 'not-found',
    title: 'Not found',
    detail: text('No route for this path.'),
  },
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    status: 413,
    slug: 'payload-too-large',
    title: 'Request body too large',
    detail: '$context.error.messageString',
  },
  {
    type: ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: 415,
    slug: 'unsupported-media-type',
    title: 'Unsupported media type',
    detail: text(
      'Send the body as application/json (or, on form routes, application/x-www-form-urlencoded).',
    ),
  },
  {
    type: ResponseType.BAD_REQUEST_BODY,
    status: 422,
    slug: 'validation',
    title: 'Some fields need fixing',
    detail: text('The body does not match the schema of this route.'),
    // validationErrorString is inserted unquoted by API Gateway, with its own quotes escaped.
    extra: '"errors":[{"path":"body","message":"$context.error.validationErrorString"}]',
  },
  {
    type: ResponseType.BAD_REQUEST_PARAMETERS,
    status: 422,
    slug: 'validation',
    title: 'Some fields need fixing',
    detail: '$context.error.messageString',
    extra: '"errors":[{"path":"query","message":$context.error.messageString}]',
  },
  {
    type: ResponseType.THROTTLED,
    status: 429,
    slug: 'too-many-requests',
    title: 'Too many requests',
    detail: text('The service is busy; please try again in a moment.'),
    headers: { 'Retry-After': '1' },
  },
  {
    type: ResponseType.WAF_FILTERED,
    status: 403,
    slug: 'blocked',
    title: 'Request blocked',
    detail: text(
      'The request was blocked by the firewall. If you think this is a mistake, contact the city.',
    ),
  },
  {
    type: ResponseType.INTEGRATION_TIMEOUT,
    status: 504,
    title: 'Gateway Timeout',
    detail: text(
      'The request took too long. It may or may not have been carried out; retry with the same Idempotency-Key.',
    ),
  },
  {
    // Anything else API Gateway refuses keeps its own status; its message is the best title there is.
    type: ResponseType.DEFAULT_4XX,
    title: '',
    detail: text('API Gateway refused the request before it reached Civic.'),
  },
  {
    type: ResponseType.DEFAULT_5XX,
    title: 'Internal Server Error',
    detail: text('Something went wrong on our side. It has been logged; please try again later.'),
  },
];

function template(problem: GatewayProblem): string {
  const type = problem.slug ? `urn:civic:problem:${problem.slug}` : 'about:blank';
  const members = [
    `"type":${text(type)}`,
    `"title":${problem.title ? text(problem.title) : '$context.error.messageString'}`,
    ...(problem.status ? [`"status":${problem.status}`] : []),
    `"detail":${problem.detail}`,
    ...(problem.extra ? [problem.extra] : []),
    '"requestId":"$context.requestId"',
  ];
  return `{${members.join(',')}}`;
}

/**
 * Makes API Gateway's own errors (auth, unknown paths, size, media type, gateway validation,
 * throttling, WAF) RFC 9457 `application/problem+json`, like every error the functions return.
 *
 * @param allowOrigin the `Access-Control-Allow-Origin` for these responses, so browser clients can
 *   read them; only a single fixed origin (or `*`) can be given, since gateway responses cannot
 *   echo an allow-listed origin.
 */
export function addProblemGatewayResponses(api: RestApi, allowOrigin?: string): void {
  for (const problem of gatewayProblems) {
    const headers: Record<string, string> = {
      'Content-Type': "'application/problem+json'",
      ...Object.fromEntries(
        Object.entries(problem.headers ?? {}).map(([name, value]) => [name, `'${value}'`]),
      ),
      ...(allowOrigin ? { 'Access-Control-Allow-Origin': `'${allowOrigin}'`, Vary: "'Origin'" } : {}),
    };
    api.addGatewayResponse(`Problem${problem.type.responseType}`, {
      type: problem.type,
      ...(problem.status ? { statusCode: String(problem.status) } : {}),
      responseHeaders: headers,
      templates: { 'application/json': template(problem) },
    });
  }
}
