import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { resetRuntimeConfig } from '../../../shared/config/runtime';
import { InvalidJobInputError } from '../../../shared/jobs/job-input';
import {
  InvalidScheduleNameError,
  type OneTimeSchedules,
  oneTimeSchedulesFromEnvironment,
  resetOneTimeSchedules,
} from '../../../shared/jobs/one-time-schedules';
import { createOnceJob } from '../../../shared/lambda/scheduled-job';
import { startLocalOneTimeScheduler, type TestOneTimeScheduler } from '../../support/one-time-scheduler';

const deadline = new Date('2031-05-20T09:30:00Z');
const justBefore = new Date('2031-05-20T09:29:59Z');

let scheduler: TestOneTimeScheduler | undefined;
let invoked: { job: string; payload: unknown }[];
const savedEnv = { ...process.env };

/** Starts the local Scheduler and points this process's port at it, as a function that schedules is configured. */
async function startWith(file?: string): Promise<OneTimeSchedules> {
  scheduler = await startLocalOneTimeScheduler({
    jobs: ['overdue', 'reminder'],
    invoke: (job, payload) => {
      invoked.push({ job, payload });
    },
    ...(file ? { file } : {}),
  });
  Object.assign(process.env, scheduler.env);
  resetRuntimeConfig();
  resetOneTimeSchedules();
  return oneTimeSchedulesFromEnvironment();
}

beforeEach(() => {
  invoked = [];
});
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  process.env = { ...savedEnv };
  resetRuntimeConfig();
  resetOneTimeSchedules();
});

describe('one-time schedules on the local Scheduler, through the real SchedulerClient', () => {
  it('creates an at() schedule in UTC that invokes the once-job with the payload', async () => {
    // Prepare
    const schedules = await startWith();

    // Act
    await schedules.scheduleOnce({
      name: 'p-1-overdue',
      job: 'overdue',
      at: deadline,
      payload: { id: 'p-1' },
    });

    // Assess
    const client = new SchedulerClient({ endpoint: scheduler?.endpoint });
    const stored = await client.send(
      new GetScheduleCommand({ Name: 'p-1-overdue', GroupName: 'civic-test-once' }),
    );
    client.destroy();
    expect(stored).toMatchObject({
      Name: 'p-1-overdue',
      ScheduleExpression: 'at(2031-05-20T09:30:00)',
      ScheduleExpressionTimezone: 'UTC',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: expect.stringMatching(/:function:civic-overdue$/), Input: '{"id":"p-1"}' },
    });
    expect(scheduler?.list().map((schedule) => schedule.name)).toEqual(['p-1-overdue']);
  });

  it('accepts the same name again and keeps the first schedule (consumers run at least once)', async () => {
    // Prepare
    const schedules = await startWith();
    await schedules.scheduleOnce({
      name: 'p-1-overdue',
      job: 'overdue',
      at: deadline,
      payload: { id: 'p-1' },
    });

    // Act
    await schedules.scheduleOnce({
      name: 'p-1-overdue',
      job: 'overdue',
      at: new Date('2032-01-01T00:00:00Z'),
      payload: { id: 'p-1' },
    });

    // Assess
    expect(scheduler?.list().map((schedule) => [schedule.name, schedule.at])).toEqual([
      ['p-1-overdue', deadline.toISOString()],
    ]);
  });

  it('fires a schedule once when it is due, not before, and then deletes it', async () => {
    // Prepare
    const schedules = await startWith();
    await schedules.scheduleOnce({
      name: 'p-1-overdue',
      job: 'overdue',
      at: deadline,
      payload: { id: 'p-1' },
    });

    // Act
    const early = await scheduler?.fireDue(justBefore);
    const due = await scheduler?.fireDue(deadline);
    const later = await scheduler?.fireDue(new Date('2031-06-01T00:00:00Z'));

    // Assess
    expect(early).toEqual([]);
    expect(due?.map((schedule) => schedule.name)).toEqual(['p-1-overdue']);
    expect(later).toEqual([]);
    expect(invoked).toEqual([{ job: 'overdue', payload: { id: 'p-1' } }]);
    expect(scheduler?.list()).toEqual([]);
  });

  it('cancels a schedule so it never fires, and cancelling one that does not exist is fine', async () => {
    // Prepare
    const schedules = await startWith();
    await schedules.scheduleOnce({
      name: 'p-1-overdue',
      job: 'overdue',
      at: deadline,
      payload: { id: 'p-1' },
    });
    await schedules.scheduleOnce({
      name: 'p-1-reminder',
      job: 'reminder',
      at: justBefore,
      payload: { id: 'p-1' },
    });

    // Act
    await schedules.cancel('p-1-overdue');
    await schedules.cancel('p-1-overdue');
    await schedules.cancel('never-made');
    await scheduler?.fireDue(deadline);

    // Assess
    expect(invoked).toEqual([{ job: 'reminder', payload: { id: 'p-1' } }]);
  });

  it('dead-letters a run that fails and does not fire it again', async () => {
    // Prepare
    scheduler = await startLocalOneTimeScheduler({
      jobs: ['overdue'],
      invoke: () => {
        throw new Error('the job broke');
      },
    });
    Object.assign(process.env, scheduler.env);
    resetRuntimeConfig();
    resetOneTimeSchedules();
    const schedules = oneTimeSchedulesFromEnvironment();
    await schedules.scheduleOnce({
      name: 'p-5-overdue',
      job: 'overdue',
      at: deadline,
      payload: { id: 'p-5' },
    });

    // Act
    const fired = await scheduler.fireDue(deadline);
    const again = await scheduler.fireDue(deadline);

    // Assess
    expect(fired.map((schedule) => schedule.name)).toEqual(['p-5-overdue']);
    expect(again).toEqual([]);
    expect(scheduler.list()).toEqual([]);
  });

  it('keeps waiting schedules across a restart of the local stack', async () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'civic-restart-'));
    const file = join(folder, 'one-time-schedules.json');
    try {
      const schedules = await startWith(file);
      await schedules.scheduleOnce({
        name: 'p-2-overdue',
        job: 'overdue',
        at: deadline,
        payload: { id: 'p-2' },
      });
      await scheduler?.stop();
      await startWith(file);

      // Act
      await scheduler?.fireDue(deadline);

      // Assess
      expect(invoked).toEqual([{ job: 'overdue', payload: { id: 'p-2' } }]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('fires a moment already past a minute from now instead of refusing it', async () => {
    // Prepare
    const schedules = await startWith();
    const now = new Date();

    // Act
    await schedules.scheduleOnce({
      name: 'p-3-overdue',
      job: 'overdue',
      at: new Date('2020-01-01T00:00:00Z'),
      payload: { id: 'p-3' },
    });

    // Assess
    const [stored] = scheduler?.list() ?? [];
    const firesInMs = Date.parse(stored?.at ?? '') - now.getTime();
    expect(firesInMs).toBeGreaterThan(55_000);
    expect(firesInMs).toBeLessThan(65_000);
  });

  it('refuses a schedule name Scheduler would refuse, before calling it', async () => {
    // Prepare
    const schedules = await startWith();

    // Act
    const made = schedules.scheduleOnce({ name: 'petition/1', job: 'overdue', at: deadline, payload: {} });
    const cancelled = schedules.cancel('x'.repeat(65));

    // Assess
    await expect(made).rejects.toBeInstanceOf(InvalidScheduleNameError);
    await expect(cancelled).rejects.toBeInstanceOf(InvalidScheduleNameError);
    expect(scheduler?.list()).toEqual([]);
  });

  it('refuses a once-job the function did not declare', async () => {
    // Prepare
    const schedules = await startWith();

    // Act
    const made = schedules.scheduleOnce({ name: 'p-4-other', job: 'other', at: deadline, payload: {} });

    // Assess
    await expect(made).rejects.toThrow(/schedulesJobs/);
  });
});

describe('createOnceJob', () => {
  const payload = z.object({ petitionId: z.string().min(1) }).strict();

  it('runs the job with the payload its schedule was made with', async () => {
    // Prepare
    const run = vi.fn(async (input: z.infer<typeof payload>) => ({ handled: input.petitionId }));
    const handler = createOnceJob(payload, run);

    // Act
    const result = await handler({ petitionId: 'p-1' });

    // Assess
    expect(result).toEqual({ handled: 'p-1' });
  });

  it('throws on a payload that does not fit, without running the job', async () => {
    // Prepare
    const run = vi.fn(async () => 'ran');
    const handler = createOnceJob(payload, run);

    // Act
    const result = handler({ petition: 'p-1' });

    // Assess
    await expect(result).rejects.toBeInstanceOf(InvalidJobInputError);
    expect(run).not.toHaveBeenCalled();
  });
});
