import { z } from 'zod';
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { defineRoute } from '../../shared/http/route';
import { businessContexts } from '../business-contexts';

export const openApiInfo = {
  title: 'Civic API',
  version: '0.1.0',
  description:
    'The civic participation backend a municipality runs in its own AWS account. Generated from the route tables.',
};

const health = defineRoute({
  operationId: 'getHealth',
  method: 'GET',
  path: '/health',
  summary: 'Liveness check',
  tag: 'platform',
  auth: 'public',
  request: {},
  response: { status: 200, description: 'The API is up.', schema: z.object({ status: z.literal('ok') }) },
  handler: async () => ({ status: 'ok' as const }),
});

const openApi = defineRoute({
  operationId: 'getOpenApiDocument',
  method: 'GET',
  path: '/openapi.json',
  summary: 'This API’s OpenAPI 3.1 document',
  tag: 'platform',
  auth: 'public',
  request: {},
  response: { status: 200, description: 'The OpenAPI document.', schema: z.record(z.string(), z.unknown()) },
  handler: async () => openApiDocument(),
});

export const platformRoutes = [health, openApi];

let cachedDocument: ReturnType<typeof buildOpenApiDocument> | undefined;

/** The whole API's document, every context's routes included. */
export function openApiDocument() {
  cachedDocument ??= buildOpenApiDocument(
    [...businessContexts.flatMap((context) => context.routes), ...platformRoutes],
    openApiInfo,
  );
  return cachedDocument;
}
