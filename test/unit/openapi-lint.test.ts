import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rulesetPath = join(root, '.spectral.yaml');
const documentPath = join(root, 'docs/openapi.json');
const spectralCli = join(root, 'node_modules/@stoplight/spectral-cli/dist/index.js');

interface Finding {
  code: string;
  message: string;
  path: (string | number)[];
  severity: number;
}

const ERROR = 0;

/** Spectral's own CLI, as `npm run lint:openapi` runs it: the findings, whatever the exit code. */
function lint(file: string): Promise<Finding[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [spectralCli, 'lint', file, '--ruleset', rulesetPath, '--format', 'json', '--quiet'],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // Exit code 1 only says that errors were found; anything else is Spectral failing to run.
        if (error && error.code !== 1) return reject(new Error(`${error.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stdout) as Finding[]);
        } catch {
          reject(new Error(`Spectral printed no JSON:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

const where = (finding: Finding) => `${finding.code} at ${finding.path.join('.')}: ${finding.message}`;

// biome-ignore lint/suspicious/noExplicitAny: the test edits the parsed document by hand, path by path.
type Json = Record<string, any>;
const document = () => JSON.parse(readFileSync(documentPath, 'utf8')) as Json;
const parameter = (operation: Json, name: string) =>
  (operation.parameters as Json[]).find((p) => p.name === name) as Json;

const scratch = mkdtempSync(join(tmpdir(), 'civic-openapi-lint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('OpenAPI lint (Spectral: spectral:oas and the OWASP ruleset, .spectral.yaml)', () => {
  it('finds no errors in docs/openapi.json', async () => {
    // Act
    const findings = await lint(documentPath);

    // Assess
    expect(findings.filter((f) => f.severity === ERROR).map(where)).toEqual([]);
  });

  it('refuses the defects it is there for: a token in a URL, a missing 429, arrays unbounded or without items, unbounded strings', async () => {
    // Prepare: one copy of the document with one defect of each kind.
    const broken = document();
    const feedback = broken.paths['/feedback'].post;
    feedback.parameters.push({ name: 'token', in: 'query', schema: { type: 'string', maxLength: 64 } });
    const listInitiatives = broken.paths['/initiatives'].get;
    delete listInitiatives.responses['429'];
    delete listInitiatives.responses['200'].content['application/json'].schema.properties.items.maxItems;
    const listAssets = broken.paths['/assets'].get;
    delete parameter(listAssets, 'neighbourhood').schema.maxLength;
    // A tuple as zod writes it (`items: false`) reads to older tools as an array of nothing.
    // The GeoJSON answer is the first of the route's two (`format=hsds` is the other).
    const coordinates =
      listAssets.responses['200'].content['application/json'].schema.anyOf[0].properties.features.items
        .properties.geometry.properties.coordinates;
    coordinates.items = false;
    // A pattern with `*` bounds nothing: without its maxLength the string is unbounded.
    delete parameter(broken.paths['/digests/preview'].get, 'initiatives').schema.maxLength;
    const file = join(scratch, 'openapi.json');
    writeFileSync(file, JSON.stringify(broken, null, 2));

    // Act
    const errors = (await lint(file))
      .filter((f) => f.severity === ERROR)
      .map((f) => [f.code, f.path.join('.')]);

    // Assess
    const tokenAt = feedback.parameters.length - 1;
    expect(errors).toContainEqual([
      'owasp:api2:2023-no-credentials-in-url',
      `paths./feedback.post.parameters.${tokenAt}.name`,
    ]);
    expect(errors).toContainEqual([
      'owasp:api4:2023-rate-limit-responses-429',
      'paths./initiatives.get.responses',
    ]);
    expect(errors).toContainEqual([
      'owasp:api4:2023-array-limit',
      'paths./initiatives.get.responses.200.content.application/json.schema.properties.items',
    ]);
    expect(errors).toContainEqual([
      'array-items',
      'paths./assets.get.responses.200.content.application/json.schema.anyOf.0.properties.features.items.properties.geometry.properties.coordinates.items',
    ]);
    const neighbourhoodAt = listAssets.parameters.findIndex((p: Json) => p.name === 'neighbourhood');
    expect(errors).toContainEqual([
      'owasp:api4:2023-string-limit',
      `paths./assets.get.parameters.${neighbourhoodAt}.schema`,
    ]);
    expect(
      errors.some(
        ([code, path]) =>
          code === 'owasp:api4:2023-string-limit' && path?.startsWith('paths./digests/preview.get'),
      ),
    ).toBe(true);
    // A ULID's pattern bounds its length: no maxLength needed.
    expect(
      errors.filter(([, path]) => path?.startsWith('paths./initiatives/{initiativeId}.get.parameters')),
    ).toEqual([]);
  });

  it('names in its overrides only parts of docs/openapi.json that exist', () => {
    // Prepare
    const ruleset = readFileSync(rulesetPath, 'utf8');
    const pointers = [...ruleset.matchAll(/"docs\/openapi\.json#([^"]+)"/g)].map(
      (match) => match[1] as string,
    );
    const json = document();

    // Act
    const missing = pointers.filter((pointer) => {
      const segments = decodeURIComponent(pointer)
        .split('/')
        .slice(1)
        .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
      let node: unknown = json;
      for (const segment of segments) node = (node as Json | undefined)?.[segment];
      return node === undefined;
    });

    // Assess
    expect(pointers.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});
