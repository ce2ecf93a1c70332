import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../functions/platform/routes';

export const openApiPath = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));

/** The checked-in rendering of the document; a test fails when it is stale. */
export function renderOpenApi(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(openApiPath, renderOpenApi());
  console.log(`Wrote ${openApiPath}`);
}
