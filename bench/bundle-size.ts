import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

/** A deployable function as CDK sees it: a name and a handler module relative to the repository root. */
export interface FunctionEntry {
  name: string;
  entry: string;
}

export interface BundleResult {
  name: string;
  entry: string;
  /** The bundle Lambda loads (`index.mjs`). */
  bundlePath: string;
  bytes: number;
  /** gzip -9 of the bundle: close to what the deployment zip stores for it. */
  gzipBytes: number;
  /** The external source map, which ships in the same asset. */
  sourceMapBytes: number;
  /** The packages contributing most bytes to the minified output, largest first. */
  largestPackages: { name: string; bytes: number }[];
  buildMs: number;
}

/**
 * Mirrors the `bundling` options of `infra/constructs/civic-function.ts` (CDK's NodejsFunction runs
 * esbuild with exactly these), so sizes and cold starts are those of the deployed asset. That file
 * does not export its options, hence the copy: keep the two in step.
 */
const esmRequireShim =
  "import { createRequire as __civicCreateRequire } from 'node:module'; const require = __civicCreateRequire(import.meta.url);";
const lambdaTarget = 'node24';

/** `node_modules/@scope/name/…` → `@scope/name`; our own sources are grouped as one entry. */
function packageOf(inputPath: string): string {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(inputPath);
  return match?.[1] ?? '(civic sources)';
}

function largestPackages(metafile: Metafile, outputFile: string, count: number) {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith(outputFile))?.[1];
  const byPackage = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + input.bytesInOutput);
  }
  return [...byPackage]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

/** Bundles one function into `<outputDirectory>/<name>/index.mjs` and measures what would ship. */
export async function bundleFunction(
  fn: FunctionEntry,
  repositoryRoot: string,
  outputDirectory: string,
): Promise<BundleResult> {
  const directory = join(outputDirectory, 'bundles', fn.name);
  await rm(directory, { recursive: true, force: true });
  const bundlePath = join(directory, 'index.mjs');
  const started = performance.now();
  const result = await build({
    entryPoints: [join(repositoryRoot, fn.entry)],
    outfile: bundlePath,
    absWorkingDir: repositoryRoot,
    bundle: true,
    platform: 'node',
    target: lambdaTarget,
    format: 'esm',
    banner: { js: esmRequireShim },
    mainFields: ['module', 'main'],
    minify: true,
    // CDK's `sourceMap: true` is esbuild's linked map: the bundle names its `.map`, and the
    // function's `NODE_OPTIONS=--enable-source-maps` makes Node read it.
    sourcemap: 'linked',
    sourcesContent: false,
    // Nothing external: the AWS SDK v3 is bundled, as `bundleAwsSDK: true` asks.
    external: [],
    metafile: true,
    logLevel: 'silent',
  });
  const buildMs = performance.now() - started;
  const bundle = await readFile(bundlePath);
  return {
    name: fn.name,
    entry: fn.entry,
    bundlePath,
    bytes: bundle.byteLength,
    gzipBytes: gzipSync(bundle, { level: 9 }).byteLength,
    sourceMapBytes: (await stat(`${bundlePath}.map`)).size,
    largestPackages: largestPackages(result.metafile, 'index.mjs', 4),
    buildMs,
  };
}
