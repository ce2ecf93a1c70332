import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { httpContexts } from '../../functions/contexts';
import { buildOpenApiDocumentFor } from '../../infra/openapi-document';
import { openApiDocument, openApiPath, renderOpenApi } from '../../infra/write-openapi';
import { defaultRateLimits, rateLimitNames, rateLimitsOf } from '../../shared/http/rate-limits';

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    // Act
    const result = await new Validator().validate(openApiDocument() as never);

    // Assess
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has one operation per route in every route table', () => {
    // Prepare
    const routes = httpContexts.flatMap((context) => context.routes);
    const document = openApiDocument() as { paths: Record<string, Record<string, { operationId: string }>> };

    // Act
    const operations = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).map((o) => o.operationId),
    );

    // Assess
    expect(operations.sort()).toEqual(routes.map((r) => r.operationId).sort());
  });

  it('marks staff routes with the bearer scheme and their roles', () => {
    const document = openApiDocument() as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const moderation = document.paths['/contributions/{contributionId}/moderation']?.post;
    expect(moderation?.security).toEqual([{ staffToken: [] }]);
    expect(moderation?.['x-civic-roles']).toEqual(['admin', 'coordinator']);
  });

  it('is current in docs/openapi.json (run `npm run openapi` after changing a route)', () => {
    expect(readFileSync(openApiPath, 'utf8')).toBe(renderOpenApi());
  });
});

describe('OpenAPI 429 responses', () => {
  type Operation = { responses: Record<string, { description: string; headers?: Record<string, unknown> }> };
  const routes = httpContexts.flatMap((context) => context.routes);
  const operationOf = (document: unknown, route: (typeof routes)[number]) =>
    (document as { paths: Record<string, Record<string, Operation>> }).paths[route.path]?.[
      route.method.toLowerCase()
    ] as Operation;

  it('documents a 429 with Retry-After on every route (stage throttle and firewall), naming the per-IP limits of those under one', () => {
    // Act
    const documented = routes.map((route) => {
      const tooMany = operationOf(openApiDocument(), route).responses['429'];
      return {
        route: `${route.method} ${route.path}`,
        retryAfter: tooMany?.headers !== undefined && 'Retry-After' in tooMany.headers,
        names: rateLimitNames.filter((name) => tooMany?.description.includes(`\`${name}\``)),
      };
    });

    // Assess
    expect(documented).toEqual(
      routes.map((route) => ({
        route: `${route.method} ${route.path}`,
        retryAfter: true,
        names: rateLimitNames.filter((name) => rateLimitsOf(route).includes(name)),
      })),
    );
    const vote = routes.find((route) => route.operationId === 'castVote');
    const tooMany = vote && operationOf(openApiDocument(), vote).responses['429'];
    expect(tooMany?.headers).toHaveProperty('Retry-After');
    expect(tooMany?.description).toContain('`votes` (10 votes per 60 seconds) and `publicWrites` (30 public');
  });

  it('names the limits a deployment configured', () => {
    // Prepare
    const limits = { ...defaultRateLimits, votes: { requests: 25, windowSeconds: 300 } } as const;

    // Act
    const document = buildOpenApiDocumentFor(httpContexts, limits);

    // Assess
    const vote = routes.find((route) => route.operationId === 'castVote');
    expect(vote && operationOf(document, vote).responses['429']?.description).toContain(
      '`votes` (25 votes per 300 seconds)',
    );
  });
});
