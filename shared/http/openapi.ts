import { z } from 'zod';
import { checkYourEmail } from '../domain/confirmation';
import {
  defaultRateLimits,
  describeRateLimit,
  type RateLimits,
  rateLimitsOf,
  rateLimitWindows,
} from './rate-limits';
import { type AnyRouteContract, isStaffOnly } from './route';

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

const genericErrors: Record<number, string> = {
  400: 'The body could not be parsed.',
  401: 'A staff bearer token is missing or invalid.',
  403: 'The token’s roles do not allow this route.',
  404: 'The resource does not exist.',
  409: 'The request conflicts with the current state.',
  410: 'The resource is gone for good (a link that has lapsed).',
  412: 'The resource changed since you read it.',
  413: 'The body is too large.',
  415: 'The body’s media type is not accepted.',
  422: 'One or more fields are invalid; `errors` names each by its `path`, with a `message` written for a person in the language of a form’s `_lang` or of `Accept-Language` (English or Spanish; `Content-Language` says which).',
};

/** JSON Schema 2020-12, the dialect OpenAPI 3.1 uses, without the `$schema` member. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return describeTuples(boundIntegers(rest)) as Record<string, unknown>;
}

/**
 * A tuple (`[lon, lat]`) as zod writes it is `prefixItems` with `items: false`, which tools older
 * than OpenAPI 3.1 read as "no item schema" (Spectral's `array-items`). It is written instead with
 * `items` naming what its members are, and `minItems` = `maxItems` = its length, which keeps it
 * exactly as long and leaves `items` nothing extra to allow.
 */
function describeTuples(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(describeTuples);
  if (typeof node !== 'object' || node === null) return node;
  const schema = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, describeTuples(value)]),
  ) as Record<string, unknown>;
  const members = schema.prefixItems;
  if (!Array.isArray(members) || schema.items !== false) return schema;
  const distinct = [...new Map(members.map((member) => [JSON.stringify(member), member])).values()];
  schema.items = distinct.length === 1 ? distinct[0] : { anyOf: distinct };
  schema.minItems ??= members.length;
  schema.maxItems ??= members.length;
  return schema;
}

/**
 * Every integer with its `format` and both bounds, as OWASP's API4 asks: zod's `.int()` accepts
 * only safe integers, so an integer without an explicit bound is bounded by `MAX_SAFE_INTEGER`.
 */
function boundIntegers(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(boundIntegers);
  if (typeof node !== 'object' || node === null) return node;
  const schema = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, boundIntegers(value)]),
  ) as Record<string, unknown>;
  if (schema.type !== 'integer') return schema;
  if (schema.minimum === undefined && schema.exclusiveMinimum === undefined)
    schema.minimum = Number.MIN_SAFE_INTEGER;
  if (schema.maximum === undefined && schema.exclusiveMaximum === undefined)
    schema.maximum = Number.MAX_SAFE_INTEGER;
  const int32 = 2 ** 31;
  const fits32 = [schema.minimum, schema.exclusiveMinimum, schema.maximum, schema.exclusiveMaximum]
    .filter((bound): bound is number => typeof bound === 'number')
    .every((bound) => bound >= -int32 && bound < int32);
  schema.format ??= fits32 ? 'int32' : 'int64';
  return schema;
}

/** `x-cancel-token` → `X-Cancel-Token`, as people write header names. */
const headerName = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());

function parameters(route: AnyRouteContract) {
  const list: unknown[] = [];
  const objects = { path: route.request.params, query: route.request.query, header: route.request.headers };
  for (const location of ['path', 'query', 'header'] as const) {
    const object = objects[location];
    if (!object) continue;
    const json = schemaOf(object, 'input') as {
      properties?: Record<string, Record<string, unknown>>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = schema;
      list.push({
        name: location === 'header' ? headerName(name) : name,
        in: location,
        required: location === 'path' || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  return list;
}

/** The longest `Retry-After` a 429 can carry: the widest WAF window (the stage throttle says 1). */
const longestRetryAfter = Math.max(...rateLimitWindows);

/**
 * The 429 every route can answer: the stage throttle and the firewall's per-IP rule over all
 * routes apply to each one; a route under named per-IP limits names them with this deployment's
 * numbers.
 */
function tooManyRequests(route: AnyRouteContract, rateLimits: RateLimits) {
  const names = rateLimitsOf(route);
  const limits = names.map((name) => `\`${name}\` (${describeRateLimit(name, rateLimits[name])})`);
  const counted =
    names.length > 0
      ? `Too many requests from one IP address. This route counts against ${limits.join(' and ')}, besides the firewall's limit over every route.`
      : 'Too many requests: the API as a whole is throttled, and the firewall limits each IP address over every route.';
  return {
    description: `${counted} Nothing was written; retry after \`Retry-After\` seconds. The firewall of a cloud deployment sends the same document as \`application/json\`.`,
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before trying again.',
        schema: { type: 'integer', format: 'int32', minimum: 1, maximum: longestRetryAfter },
      },
    },
    content: {
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      'application/json': { schema: { $ref: '#/components/schemas/Problem' } },
    },
  };
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

/**
 * The OpenAPI 3.1 document, built from the route tables and nothing else but the numbers of the
 * per-IP rate limits (`rateLimits` in the config; the defaults in `docs/openapi.json`).
 */
export function buildOpenApiDocument(
  routes: readonly AnyRouteContract[],
  info: OpenApiInfo,
  rateLimits: RateLimits = defaultRateLimits,
) {
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const route of sorted) {
    const isStaff = isStaffOnly(route.auth);
    const optionalStaff = route.auth === 'optionalStaff';
    const errorStatuses = new Set<number>([422, 500, ...(route.errors ?? [])]);
    if (route.request.body) for (const status of [400, 413, 415]) errorStatuses.add(status);
    if (isStaff) for (const status of [401, 403]) errorStatuses.add(status);
    if (optionalStaff) errorStatuses.add(401);
    if (route.request.params) errorStatuses.add(404);
    const responses: Record<string, unknown> = {
      ...(route.response.awaitsConfirmation
        ? {
            202: {
              description:
                'Under `email` assurance: nothing counts yet; the answer is the same for every address, and a mail says what to do.',
              content: { 'application/json': { schema: schemaOf(checkYourEmail, 'output') } },
            },
          }
        : {}),
      [route.response.status]: {
        description: route.response.description,
        ...(route.response.status === 204
          ? {}
          : route.response.text
            ? {
                content: {
                  [route.response.text.contentType.split(';')[0] as string]: {
                    schema: schemaOf(route.response.schema, 'output'),
                  },
                },
              }
            : {
                content: {
                  'application/json': { schema: schemaOf(route.response.schema, 'output') },
                  // The streamed representation, chosen by `Accept` (or by its `chosenByQuery` parameter).
                  ...(route.streamed
                    ? {
                        [route.streamed.contentType.split(';')[0] as string]: {
                          schema: { type: 'string', description: route.streamed.description },
                        },
                      }
                    : {}),
                },
              }),
      },
    };
    if (route.acceptsForm) {
      responses['303'] = {
        description: 'Form post accepted; the browser is sent to the `_redirect` thank-you page.',
      };
    }
    for (const status of [...errorStatuses].sort()) {
      responses[status] = {
        description:
          status === 500
            ? 'Our fault; nothing about the cause is disclosed.'
            : status === 401 && optionalStaff
              ? 'A bearer token was sent and is not a valid staff token (malformed, expired, or another issuer): it is refused, never treated as no token. Send none to act as a resident.'
              : (genericErrors[status] ?? 'Error'),
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    responses['429'] = tooManyRequests(route, rateLimits);
    const bodySchema = route.request.body ? schemaOf(route.request.body, 'input') : undefined;
    const operation = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      // An optional staff token: anonymous (`{}`) or staff, whose token the function verifies.
      security: isStaff ? [{ staffToken: [] }] : optionalStaff ? [{}, { staffToken: [] }] : [],
      ...(isStaff
        ? {
            'x-civic-roles': [
              'admin',
              ...(route.auth as { roles: string[] }).roles.filter((r) => r !== 'admin'),
            ],
          }
        : {}),
      parameters: [
        ...parameters(route),
        ...(route.method !== 'GET'
          ? [
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: false,
                description: 'A retry with the same key returns the first answer and writes nothing.',
                schema: { type: 'string', minLength: 8, maxLength: 255 },
              },
            ]
          : []),
      ],
      ...(bodySchema
        ? {
            requestBody: {
              required: true,
              ...(route.acceptsForm
                ? {
                    description:
                      'JSON, or a plain HTML form: dotted names nest (`participant.email`), `_redirect` names the allow-listed thank-you page, `_honeypot` must stay empty.',
                  }
                : {}),
              content: {
                'application/json': { schema: bodySchema },
                ...(route.acceptsForm ? { 'application/x-www-form-urlencoded': { schema: bodySchema } } : {}),
                ...(route.acceptsCsv
                  ? {
                      'text/csv': {
                        schema: { type: 'string', description: route.acceptsCsv.description },
                      },
                    }
                  : {}),
              },
            },
          }
        : {}),
      responses,
    };
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(sorted.map((route) => route.tag))].sort().map((name) => ({ name })),
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A Cognito ID token; roles come from `cognito:groups`. Checked as RFC8725 advises: the signature against the user pool’s published keys with the algorithm fixed (RS256; `none` is never accepted), then the issuer and the expiry.',
        },
      },
    },
  };
}
