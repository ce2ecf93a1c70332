import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { platformRoutes } from './api';

/**
 * Where the OpenAPI document lies: beside the bundle in Lambda (CDK writes it there at synth,
 * `infra/constructs/http-api.ts`), or wherever the local stack wrote it (`OPENAPI_DOCUMENT`).
 */
const documentPath =
  process.env.OPENAPI_DOCUMENT ?? fileURLToPath(new URL('./openapi.json', import.meta.url));

let document: Promise<Record<string, unknown>> | undefined;

/** Read once per execution environment, on first request: health checks never pay for it. */
const openApiDocument = () => {
  document ??= readFile(documentPath, 'utf8').then((text) => JSON.parse(text) as Record<string, unknown>);
  return document;
};

/** Health and the OpenAPI document; in the cloud also the 404/405 answer for paths no context owns. */
export const handler = createHttpHandler(
  bindRoutes(platformRoutes, {
    getHealth: async () => ({ status: 'ok' as const }),
    getOpenApiDocument: openApiDocument,
  }),
);
