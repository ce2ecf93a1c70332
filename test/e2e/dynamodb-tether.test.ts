import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { dynamoDbLocalPids, repositoryRoot, waitFor } from './local-stack-process';

/** Any process that starts DynamoDB Local (npm start, the test setup, the bench) takes it along when it dies. */
describe('DynamoDB Local tied to the process that started it', () => {
  it.each(['SIGKILL', 'SIGTERM', 'SIGHUP'] as const)(
    'ends Java within 5 s when its parent dies of %s without stopping it',
    async (signal) => {
      // Prepare
      const parent = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/e2e/fixtures/hold-dynamodb-local.ts'],
        {
          cwd: repositoryRoot,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let port = 0;
      try {
        port = await new Promise<number>((resolve, reject) => {
          parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString('utf8').trim())));
          parent.once('exit', (code) => reject(new Error(`the parent exited early with ${code}`)));
        });
        expect(dynamoDbLocalPids(port)).toHaveLength(1);

        // Act
        parent.kill(signal);
        const javaGone = await waitFor(
          async () => (dynamoDbLocalPids(port).length === 0 ? true : undefined),
          5_000,
          'DynamoDB Local to end',
        ).catch(() => false);

        // Assess
        expect(javaGone).toBe(true);
      } finally {
        parent.kill('SIGKILL');
        for (const pid of port ? dynamoDbLocalPids(port) : []) process.kill(pid, 'SIGKILL');
      }
    },
    90_000,
  );
});
