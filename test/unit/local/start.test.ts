import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { civicPaths } from '../../../infra/local/civic-home';
import { LocalStackError, startLocalStack } from '../../../infra/local/start';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'civic-start-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('startLocalStack refusals', () => {
  it('refuses a home another live stack is using, before starting Java', async () => {
    // Prepare
    // The parent process (vitest) is alive and is not this process: it plays the other stack.
    const other = {
      pid: process.ppid,
      url: 'http://localhost:3000',
      dynamoDbEndpoint: '',
      eventBusEndpoint: '',
      tableName: 'civic-local',
      env: {},
    };
    writeFileSync(civicPaths(home).stackState, JSON.stringify(other));
    const lines: string[] = [];

    // Act
    const started = startLocalStack({
      port: 0,
      inMemory: true,
      civicHome: home,
      env: {},
      log: (line) => lines.push(line),
    });

    // Assess
    await expect(started).rejects.toThrow(LocalStackError);
    await expect(started).rejects.toThrow(`Another Civic stack (process ${process.ppid}`);
    expect(lines.join('\n')).not.toContain('Starting DynamoDB Local');
  });

  it('refuses a port number that is not one', async () => {
    // Act
    const started = startLocalStack({ port: 70_000, civicHome: home, env: {}, log: () => undefined });

    // Assess
    await expect(started).rejects.toMatchObject({ name: 'LocalStackError', exitCode: 2 });
  });
});
