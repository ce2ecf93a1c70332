import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** What a context DOES, as opposed to what it declares (ARCHITECTURE.md, "A context's shape"). */
const implementation =
  /^functions\/[a-z-]+\/(handler|[a-z-]+-handler|[a-z-]+-consumer|[a-z-]+-job|service|[a-z-]+-service|store|[a-z-]+-store|dynamo-[a-z-]+|published)\.ts$/;

/** The `shared/db` modules that talk to DynamoDB (as opposed to key shapes and the table definition). */
const dataAccess = /^shared\/db\/(client|items|query|transact|batch|pagination)\.ts$/;

/** Every module a program loads, from esbuild's module graph (packages left out, but their names kept). */
async function moduleGraph(entry: string) {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: repositoryRoot,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const sources = Object.keys(result.metafile.inputs);
  const packages = Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.filter((imported) => imported.external).map((imported) => imported.path),
  );
  return { sources, packages: [...new Set(packages)] };
}

describe('the CDK app and the tools load declarations only', () => {
  it.each(['infra/app.ts', 'infra/write-openapi.ts'])(
    '%s loads every context’s declaration and no handler, service, store or SDK client',
    async (entry) => {
      // Act
      const { sources, packages } = await moduleGraph(entry);

      // Assess
      expect(sources.filter((source) => /^functions\/[a-z-]+\/api\.ts$/.test(source)).length).toBeGreaterThan(
        5,
      );
      expect(sources.filter((source) => implementation.test(source))).toEqual([]);
      // Key shapes and the table definition, yes; anything that reads or writes the table, no.
      expect(sources.filter((source) => dataAccess.test(source))).toEqual([]);
      expect(packages.filter((name) => name.startsWith('@aws-sdk/'))).toEqual([]);
    },
  );

  it('the local stack loads no handler, service or store in its own process (functions run in their workers)', async () => {
    // Act
    const { sources } = await moduleGraph('infra/local/start.ts');

    // Assess
    expect(sources.filter((source) => /^functions\/[a-z-]+\/api\.ts$/.test(source)).length).toBeGreaterThan(
      5,
    );
    expect(sources.filter((source) => implementation.test(source))).toEqual([]);
  });
});
