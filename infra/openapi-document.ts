import type { HttpContext } from '../functions/context';
import { openApiInfo } from '../functions/platform/api';
import { buildOpenApiDocument } from '../shared/http/openapi';

/**
 * The API's OpenAPI document for these contexts, from their route contracts alone (no service is
 * loaded). CDK places it beside the platform function's bundle, `npm start` hands it to the local
 * platform function, and `npm run openapi` checks it in as `docs/openapi.json`.
 */
export function buildOpenApiDocumentFor(contexts: readonly HttpContext[]) {
  return buildOpenApiDocument(
    contexts.flatMap((context) => context.routes),
    openApiInfo,
  );
}
