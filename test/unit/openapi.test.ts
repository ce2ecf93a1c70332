import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { httpContexts } from '../../functions/contexts';
import { openApiDocument, openApiPath, renderOpenApi } from '../../infra/write-openapi';

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
