import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { median } from './stats';

/**
 * The runner each fresh process evaluates. `performance.now()` counts from the process's time
 * origin (its start), so `loadedAtMs` includes Node's own bootstrap and `importMs` is the module
 * graph alone: parse, compile and top-level code of the bundle, the work Lambda bills as Init.
 * Without `BENCH_BUNDLE_URL` it imports nothing, which gives the bare-Node baseline.
 * `awslambda` is given the runtime's two streaming members as no-ops: import cost is all we time.
 */
const runnerSource = `
const url = process.env.BENCH_BUNDLE_URL;
// What the Lambda runtime defines before loading a handler; streaming handlers call it on import.
globalThis.awslambda = { streamifyResponse: (handler) => handler, HttpResponseStream: { from: (stream) => stream } };
const before = performance.now();
if (url) {
  const module = await import(url);
  if (typeof module.handler !== 'function') throw new Error('The bundle exports no handler');
}
const loadedAtMs = performance.now();
process.stdout.write(JSON.stringify({ importMs: loadedAtMs - before, loadedAtMs }) + '\\n');
`;

export interface ColdInitVariant {
  /** Shown in the report. */
  label: string;
  /** `NODE_OPTIONS` for the child, as the function's environment would set it. */
  nodeOptions: string;
}

/** Lambda runs every Civic function with source maps on (see CivicFunction); the bare run isolates their cost. */
export const coldInitVariants: readonly ColdInitVariant[] = [
  { label: 'as deployed (--enable-source-maps)', nodeOptions: '--enable-source-maps' },
  { label: 'without source maps', nodeOptions: '' },
];

export interface ColdInitTarget {
  name: string;
  /** Absolute path of the bundle; undefined for the bare-Node baseline. */
  bundlePath: string | undefined;
}

export interface ColdInitSample {
  importMs: number;
  loadedAtMs: number;
  wallMs: number;
}

export interface ColdInitResult {
  name: string;
  variant: string;
  runs: number;
  medianImportMs: number;
  medianLoadedAtMs: number;
  medianWallMs: number;
}

/** One fresh `node` process; the wall time is spawn to exit as the parent sees it. */
function sample(
  target: ColdInitTarget,
  variant: ColdInitVariant,
  env: Record<string, string>,
): Promise<ColdInitSample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '--eval', runnerSource], {
      // A clean environment: nothing of this process (tsx's loader, a developer's NODE_OPTIONS) leaks in.
      env: {
        PATH: process.env.PATH ?? '',
        ...env,
        NODE_OPTIONS: variant.nodeOptions,
        ...(target.bundlePath ? { BENCH_BUNDLE_URL: pathToFileURL(target.bundlePath).href } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const line = stdout.trim().split('\n').pop();
      if (code !== 0 || !line) {
        reject(new Error(`Cold init of ${target.name} failed (exit ${code}): ${stderr.trim()}`));
        return;
      }
      const { importMs, loadedAtMs } = JSON.parse(line) as { importMs: number; loadedAtMs: number };
      resolve({ importMs, loadedAtMs, wallMs });
    });
  });
}

/**
 * Medians over `runs` fresh processes per target and variant. Runs go round-robin rather than
 * target by target, so drift on a shared machine (another job, thermal throttling) spreads over
 * all targets instead of penalising whichever came last. Processes run one at a time: on two
 * cores, parallel runs would measure contention.
 */
export async function measureColdInit(options: {
  targets: readonly ColdInitTarget[];
  env: Record<string, string>;
  runs: number;
  onProgress?: (message: string) => void;
}): Promise<ColdInitResult[]> {
  const samples = new Map<string, ColdInitSample[]>();
  const keyOf = (target: ColdInitTarget, variant: ColdInitVariant) => `${target.name}\u0000${variant.label}`;
  for (let run = 1; run <= options.runs; run++) {
    for (const target of options.targets) {
      for (const variant of coldInitVariants) {
        const key = keyOf(target, variant);
        samples.set(key, [...(samples.get(key) ?? []), await sample(target, variant, options.env)]);
      }
    }
    options.onProgress?.(`run ${run}/${options.runs} done`);
  }
  return options.targets.flatMap((target) =>
    coldInitVariants.map((variant) => {
      const runs = samples.get(keyOf(target, variant)) ?? [];
      return {
        name: target.name,
        variant: variant.label,
        runs: runs.length,
        medianImportMs: median(runs.map((s) => s.importMs)),
        medianLoadedAtMs: median(runs.map((s) => s.loadedAtMs)),
        medianWallMs: median(runs.map((s) => s.wallMs)),
      };
    }),
  );
}
