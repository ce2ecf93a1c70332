import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { httpContexts } from '../functions/contexts';
import { buildOpenApiDocumentFor } from './openapi-document';

export const openApiPath = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));

let cachedDocument: ReturnType<typeof buildOpenApiDocumentFor> | undefined;

/** The whole API's document: every registered context's routes. */
export function openApiDocument() {
  cachedDocument ??= buildOpenApiDocumentFor(httpContexts);
  return cachedDocument;
}

/** The checked-in rendering of the document; a test fails when it is stale. */
export function renderOpenApi(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(openApiPath, renderOpenApi());
  console.log(`Wrote ${openApiPath}`);
}
