import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportKeptDays, fileExportStorage } from '../../../shared/storage/export-storage';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('the local exports folder', () => {
  it('keeps an export until it is older than the bucket keeps one, then sweeps it away', async () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'civic-exports-'));
    folders.push(folder);
    const storage = fileExportStorage(folder);
    await storage.put('old.json', '{"old":true}');
    await storage.put('recent.json', '{"recent":true}');
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
    utimesSync(join(folder, 'old.json'), daysAgo(exportKeptDays + 1), daysAgo(exportKeptDays + 1));
    utimesSync(join(folder, 'recent.json'), daysAgo(exportKeptDays - 1), daysAgo(exportKeptDays - 1));

    // Act
    await storage.put('new.json', '{"new":true}');

    // Assess
    expect(existsSync(join(folder, 'old.json'))).toBe(false);
    expect(await storage.get('old.json')).toBeUndefined();
    expect(await storage.get('recent.json')).toBe('{"recent":true}');
    expect(await storage.get('new.json')).toBe('{"new":true}');
  });

  it('refuses a key that would leave the folder', async () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'civic-exports-'));
    folders.push(folder);

    // Act
    const escaping = fileExportStorage(folder).put('../outside.json', '{}');

    // Assess
    await expect(escaping).rejects.toThrow(/exports folder/);
  });
});
