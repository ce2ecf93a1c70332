import type { HttpContext } from '../functions/context';
import { openApiInfo } from '../functions/platform/api';
import { buildOpenApiDocument } from '../shared/http/openapi';
import type { RateLimits } from '../shared/http/rate-limits';

/**
 * The API's OpenAPI document for these contexts, from their route contracts alone (no service is
 * loaded), its 429s naming the rate limits in force (the defaults unless given). CDK places it
 * beside the platform function's bundle, `npm start` hands it to the local platform function, and
 * `npm run openapi` checks it in as `docs/openapi.json`.
 */
export function buildOpenApiDocumentFor(contexts: readonly HttpContext[], rateLimits?: RateLimits) {
  return buildOpenApiDocument(
    contexts.flatMap((context) => context.routes),
    openApiInfo,
    rateLimits,
  );
}
