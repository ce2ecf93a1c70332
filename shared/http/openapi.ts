import { z } from 'zod';
import { checkYourEmail } from '../domain/confirmation';
import { defaultRateLimits, describeRateLimit, type RateLimits, rateLimitsOf } from './rate-limits';
import type { AnyRouteContract } from './route';

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
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
  412: 'The resource changed since you read it.',
  413: 'The body is too large.',
  415: 'The body’s media type is not accepted.',
  422: 'One or more fields are invalid; `errors` names each.',
};

/** JSON Schema 2020-12, the dialect OpenAPI 3.1 uses, without the `$schema` member. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return rest;
}

function parameters(route: AnyRouteContract) {
  const list: unknown[] = [];
  for (const location of ['path', 'query'] as const) {
    const object = location === 'path' ? route.request.params : route.request.query;
    if (!object) continue;
    const json = schemaOf(object, 'input') as {
      properties?: Record<string, Record<string, unknown>>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = schema;
      list.push({
        name,
        in: location,
        required: location === 'path' || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  return list;
}

/** The 429 of a route under per-IP limits, naming them with the numbers this deployment uses. */
function tooManyRequests(route: AnyRouteContract, rateLimits: RateLimits) {
  const names = rateLimitsOf(route);
  if (names.length === 0) return undefined;
  const limits = names.map((name) => `\`${name}\` (${describeRateLimit(name, rateLimits[name])})`);
  return {
    description: `Too many requests from one IP address. This route counts against ${limits.join(' and ')}. Nothing was written; retry after \`Retry-After\` seconds. The firewall of a cloud deployment sends the same document as \`application/json\`.`,
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before trying again.',
        schema: { type: 'integer', minimum: 1 },
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
    const isStaff = route.auth !== 'public';
    const errorStatuses = new Set<number>([422, 500, ...(route.errors ?? [])]);
    if (route.request.body) for (const status of [400, 413, 415]) errorStatuses.add(status);
    if (isStaff) for (const status of [401, 403]) errorStatuses.add(status);
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
          : {
              content: {
                'application/json': { schema: schemaOf(route.response.schema, 'output') },
                // The streamed representation, chosen by `Accept`.
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
            : (genericErrors[status] ?? 'Error'),
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    const limited = tooManyRequests(route, rateLimits);
    if (limited) responses['429'] = limited;
    const bodySchema = route.request.body ? schemaOf(route.request.body, 'input') : undefined;
    const operation = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      security: isStaff ? [{ staffToken: [] }] : [],
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
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito ID token; roles come from `cognito:groups`.',
        },
      },
    },
  };
}
