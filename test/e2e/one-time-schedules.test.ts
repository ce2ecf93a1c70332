import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OnceJob } from '../../functions/context';
import { localCredentials, localRegion } from '../../infra/local/dynamodb-local';
import { localFunctionArn } from '../../infra/local/one-time-scheduler';
import { localApi } from '../../infra/local/proxy-event';
import { localOneTimeScheduleGroup, type RunningLocalStack, startLocalStack } from '../../infra/local/start';

const recordOnce: OnceJob = {
  name: 'record-once',
  description: 'Records the payload it fired with',
  entry: 'test/e2e/fixtures/record-once-job.ts',
  input: 'once',
  tableAccess: 'none',
};

/** `npm start`'s Scheduler endpoint: a schedule made through the SDK fires the once-job's function in its own worker. */
describe('one-time schedules on the local stack', () => {
  let home: string;
  let stack: RunningLocalStack | undefined;
  let client: SchedulerClient;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'civic-once-'));
    stack = await startLocalStack({
      port: 0,
      civicHome: home,
      env: { PATH: process.env.PATH },
      jobs: [],
      onceJobs: [recordOnce],
      log: () => undefined,
    });
    client = new SchedulerClient({
      endpoint: stack.oneTimeSchedulerEndpoint,
      region: localRegion,
      credentials: localCredentials,
    });
  }, 120_000);

  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('fires a due schedule once, in the job’s function, and forgets it', async () => {
    // Prepare
    const runs = join(home, 'runs.ndjson');
    const at = new Date(Date.now() + 1000);

    // Act
    await client.send(
      new CreateScheduleCommand({
        Name: 'record-1',
        GroupName: localOneTimeScheduleGroup,
        ScheduleExpression: `at(${at.toISOString().slice(0, 19)})`,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: localFunctionArn(recordOnce, localRegion, localApi.accountId),
          RoleArn: 'arn:aws:iam::123456789012:role/civic-local-scheduler',
          Input: JSON.stringify({ id: 'r-1', file: runs }),
        },
      }),
    );
    const deadline = Date.now() + 60_000;
    while (!existsSync(runs) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    await stack?.settle();

    // Assess
    expect(readFileSync(runs, 'utf8')).toBe('{"id":"r-1"}\n');
    const kept = JSON.parse(readFileSync(join(home, 'one-time-schedules.json'), 'utf8'));
    expect(kept).toEqual({ schedules: [] });
  });

  it('refuses a target that is no once-job of the stack', async () => {
    // Act
    const made = client.send(
      new CreateScheduleCommand({
        Name: 'stray',
        GroupName: localOneTimeScheduleGroup,
        ScheduleExpression: 'at(2031-01-01T00:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:civic-other',
          RoleArn: 'arn:aws:iam::1:role/x',
        },
      }),
    );

    // Assess
    await expect(made).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
