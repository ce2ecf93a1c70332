import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repositoryRoot } from '../../infra/config';

/**
 * Relative specifiers of `import … from`, `export … from` and `import(…)`, with whether the
 * statement is type-only (`import type …`), which loads nothing at run time.
 */
const specifierPattern =
  /(?:\b(import|export)\s+(type\s+)?(?:[^;'"]*?\bfrom\s*)?|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function resolveModule(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.mts`,
    join(base, 'index.ts'),
    base.replace(/\.js$/, '.ts'),
  ];
  return candidates.find((candidate) => candidate.endsWith('.ts') && existsSync(candidate));
}

/**
 * Every repository module a function's entry reaches through relative imports, as paths relative
 * to the repository root (`functions/participation/published.ts`). Packages are not followed.
 */
export function modulesReachedFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [resolve(repositoryRoot, entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    const name = relative(repositoryRoot, file);
    if (seen.has(name)) continue;
    seen.add(name);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(specifierPattern)) {
      if (match[2]) continue;
      const target = resolveModule(file, match[3] as string);
      if (target) pending.push(target);
    }
  }
  return seen;
}
