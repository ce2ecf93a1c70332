import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { runtimeConfig } from '../config/runtime';
import { exportKeptDays } from './export-lifecycle';

export { exportKeptDays } from './export-lifecycle';

/**
 * Where residents' privacy exports lie between being made and being downloaded: an S3 bucket in
 * the cloud (`EXPORT_BUCKET`: KMS, no public access, objects expire after 4 days), files under
 * `$CIVIC_HOME/exports/` on the local stack (`EXPORT_DIR`). Keys are the privacy context's own
 * (`<requestId>.json`): opaque IDs, never a person's address.
 */
export interface ExportStorage {
  put(key: string, body: string): Promise<void>;
  /** The stored document, or undefined when it is gone (expired by the bucket's lifecycle). */
  get(key: string): Promise<string | undefined>;
}

/** Files under `directory`: the local stack's stand-in for the bucket. */
export function fileExportStorage(directory: string, now: () => Date = () => new Date()): ExportStorage {
  const root = resolve(directory);
  const pathOf = (key: string) => {
    const path = resolve(join(root, key));
    // Keys are ours, but a path must never leave the folder whatever a key holds.
    if (!path.startsWith(`${root}${sep}`))
      throw new Error('An export key must name a file in the exports folder.');
    return path;
  };
  /** The bucket's lifecycle rule, done by hand: exports older than `exportKeptDays` are deleted. */
  async function sweep() {
    const oldest = now().getTime() - exportKeptDays * 24 * 60 * 60 * 1000;
    for (const name of await readdir(root)) {
      const path = join(root, name);
      if ((await stat(path)).mtimeMs < oldest) await rm(path, { force: true });
    }
  }
  return {
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      // Written aside and renamed, so a download never reads half a document.
      await writeFile(`${path}.partial`, body, { mode: 0o600 });
      await rename(`${path}.partial`, path);
      await sweep();
    },
    async get(key) {
      try {
        return await readFile(pathOf(key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}

let cached: ExportStorage | undefined;

/**
 * The storage this function's environment names, made once: `EXPORT_DIR` (the local stack) →
 * files; `EXPORT_BUCKET` → S3, whose client is loaded only then, so local runs never load it.
 */
export function exportStorageFromEnvironment(): ExportStorage {
  if (cached) return cached;
  const config = runtimeConfig();
  if (config.EXPORT_DIR) {
    cached = fileExportStorage(config.EXPORT_DIR);
    return cached;
  }
  const bucket = config.EXPORT_BUCKET;
  if (!bucket)
    throw new Error(
      'Invalid function configuration: EXPORT_BUCKET (or EXPORT_DIR on the local stack) is needed to keep privacy exports.',
    );
  let s3: Promise<ExportStorage> | undefined;
  const storage = () => {
    s3 ??= import('./s3-export-storage').then((module) => module.s3ExportStorage(bucket));
    return s3;
  };
  cached = {
    put: async (key, body) => (await storage()).put(key, body),
    get: async (key) => (await storage()).get(key),
  };
  return cached;
}

/** Forget the storage (tests that change the environment). */
export function resetExportStorage(): void {
  cached = undefined;
}
