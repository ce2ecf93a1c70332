import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduledJobs } from '../../../functions/contexts';
import {
  createLocalFunction,
  type Invocation,
  type LocalFunction,
} from '../../../infra/local/lambda-runtime';
import { localDeploySettings, startLocalScheduler } from '../../../infra/local/scheduler';
import { nextFirings, SchedulerCronError, schedulerCron } from '../../../infra/scheduler-cron';
import { monthlyReport, ping } from './fixtures/jobs';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'civic-scheduler-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(home, { recursive: true, force: true });
});

const isoList = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('Scheduler crons read locally', () => {
  it('fires a Monday-morning cron at 07:00 Paris time on both sides of the spring change', () => {
    // Act
    const firings = nextFirings('0 7 ? * MON *', 'Europe/Paris', 2, new Date('2025-03-24T00:00:00Z'));

    // Assess
    expect(isoList(firings)).toEqual(['2025-03-24T06:00:00.000Z', '2025-03-31T05:00:00.000Z']);
  });

  it('numbers weekdays as Scheduler does (1 = Sunday), reads nL as the last such weekday and a/b as steps', () => {
    // Act
    const monday = nextFirings('0 9 ? * 2 *', 'UTC', 1, new Date('2025-03-26T00:00:00Z'));
    const lastFriday = nextFirings('0 9 ? * 6L *', 'UTC', 1, new Date('2025-03-01T00:00:00Z'));
    const quarterHours = nextFirings('5/15 * * * ? *', 'UTC', 3, new Date('2025-03-01T00:00:00Z'));

    // Assess
    expect(isoList(monday)).toEqual(['2025-03-31T09:00:00.000Z']);
    expect(isoList(lastFriday)).toEqual(['2025-03-28T09:00:00.000Z']);
    expect(isoList(quarterHours)).toEqual([
      '2025-03-01T00:05:00.000Z',
      '2025-03-01T00:20:00.000Z',
      '2025-03-01T00:35:00.000Z',
    ]);
  });

  it.each([
    ['0 7 * * MON', /six fields/],
    ['0 7 1 * MON *', /exactly one of day-of-month and day-of-week/],
    ['0 7 ? * ? *', /exactly one of day-of-month and day-of-week/],
    ['0 25 ? * MON *', /not a valid cron/],
  ])('refuses %s', (cron, message) => {
    // Act
    const read = () => schedulerCron(cron, 'UTC');

    // Assess
    expect(read).toThrow(SchedulerCronError);
    expect(read).toThrow(message);
  });

  it('accepts every registered job’s crons', () => {
    // Act
    const read = () =>
      scheduledJobs.flatMap((job) => job.schedules.map((schedule) => schedulerCron(schedule.cron, 'UTC')));

    // Assess
    expect(read).not.toThrow();
  });
});

describe('local deploy settings', () => {
  it('takes TIME_ZONE and MAIL_FROM from the shell over the config file, and validates them', () => {
    // Prepare
    const missing = join(home, 'absent.json');

    // Act
    const settings = localDeploySettings(
      { TIME_ZONE: 'Europe/Brussels', MAIL_FROM: 'civic@city.example' },
      missing,
    );
    const defaults = localDeploySettings({}, missing);
    const bad = () => localDeploySettings({ TIME_ZONE: 'Mars/Base' }, missing);

    // Assess
    expect(settings).toMatchObject({ timeZone: 'Europe/Brussels', mailFrom: 'civic@city.example' });
    expect(settings.environment?.TIME_ZONE).toBe('Europe/Brussels');
    expect(defaults).toMatchObject({ timeZone: 'UTC', mailFrom: 'no-reply@example.gov' });
    // Every function gets the config's settings, as CDK gives them.
    expect(defaults.environment).toMatchObject({
      CITY_CURRENCY: 'EUR',
      POPULATION_BASELINE: expect.any(String),
    });
    expect(bad).toThrow(/timeZone: "Mars\/Base" is not an IANA time zone/);
  });
});

/** A function that records what it is invoked with, for the timer tests. */
function recordingFunction(): LocalFunction & { inputs: unknown[] } {
  const inputs: unknown[] = [];
  return {
    functionName: 'civic-recorder',
    inputs,
    invoke: async (event): Promise<Invocation> => {
      inputs.push(event);
      return { ok: true, value: null, requestId: 'r', durationMs: 1 };
    },
    stop: async () => undefined,
  };
}

/** The monthly report job's scheduler in `timeZone`, invoking `fn`, quiet unless given a log. */
const reportScheduler = (
  fn: LocalFunction,
  timeZone: string,
  extra: Partial<Parameters<typeof startLocalScheduler>[0]> = {},
) =>
  startLocalScheduler({
    jobs: [monthlyReport],
    timeZone,
    functionFor: () => fn,
    deadLetterFile: join(home, 'dead-letters.ndjson'),
    log: () => undefined,
    ...extra,
  });

describe('local scheduler', () => {
  it('fires at local midnight of the 1st in the city’s zone with the input Scheduler would deliver', async () => {
    // Prepare: one second before 1 April 2025, 00:00 in Paris (31 March, 22:00 UTC).
    vi.useFakeTimers({
      now: new Date('2025-03-31T21:59:59Z'),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
    const fn = recordingFunction();
    const scheduler = reportScheduler(fn, 'Europe/Paris');

    // Act
    await vi.advanceTimersByTimeAsync(2_000);
    await scheduler.stop();

    // Assess
    expect(fn.inputs).toEqual([{ periodKind: 'month', scheduledTime: '2025-03-31T22:00:00Z' }]);
  });

  it('lists each schedule with its next firing for the start-up banner', () => {
    // Prepare
    vi.useFakeTimers({ now: new Date('2025-03-10T12:00:00Z'), toFake: ['Date'] });

    // Act
    const scheduler = startLocalScheduler({
      jobs: [monthlyReport, ping],
      timeZone: 'Europe/Paris',
      functionFor: () => recordingFunction(),
      deadLetterFile: join(home, 'dead-letters.ndjson'),
      log: () => undefined,
    });
    const lines = scheduler.describe();
    void scheduler.stop();

    // Assess
    expect(lines).toEqual([
      'monthly-report  cron(0 0 1 * ? *), reports the last month; next 2025-03-31T22:00:00.000Z',
      'ping  cron(0/15 * * * ? *); next 2025-03-10T12:15:00.000Z',
    ]);
  });

  it('runs the job’s handler in its own function, which mails its report to the outbox', async () => {
    // Prepare
    const outbox = join(home, 'outbox');
    const fn = createLocalFunction({
      functionName: 'civic-monthly-report',
      entry: monthlyReport.entry,
      env: {
        TABLE_NAME: 'unused',
        TIME_ZONE: 'Europe/Paris',
        MAIL_FROM: 'civic@city.example',
        MAIL_OUTBOX_DIR: outbox,
      },
      region: 'eu-west-1',
    });
    const scheduler = reportScheduler(fn, 'Europe/Paris');

    try {
      // Act
      const invocation = await scheduler.fire(
        monthlyReport,
        monthlyReport.schedules[0] as PeriodSchedule,
        new Date('2025-03-31T22:00:00Z'),
      );

      // Assess
      expect(invocation).toMatchObject({
        ok: true,
        value: { period: '2025-03', start: '2025-02-28T23:00:00.000Z', end: '2025-03-31T22:00:00.000Z' },
      });
      const files = readdirSync(outbox);
      expect(files).toHaveLength(1);
      const mail = await simpleParser(readFileSync(join(outbox, files[0] as string)));
      expect(mail.subject).toBe('Report 2025-03');
      expect(mail.from?.value[0]?.address).toBe('civic@city.example');
    } finally {
      await scheduler.stop();
      await fn.stop();
    }
  });

  it('retries a failing run, then writes it to the dead-letter file with its input', async () => {
    // Prepare
    const deadLetterFile = join(home, 'dead-letters.ndjson');
    const fn = createLocalFunction({
      functionName: 'civic-monthly-report',
      entry: monthlyReport.entry,
      env: { TABLE_NAME: 'unused', TIME_ZONE: 'UTC', REPORT_JOB_FAILS: '1' },
      region: 'eu-west-1',
    });
    const lines: string[] = [];
    const scheduler = reportScheduler(fn, 'UTC', {
      deadLetterFile,
      log: (line) => lines.push(line),
      retryDelaysMs: [10, 10],
    });

    try {
      // Act
      const invocation = await scheduler.fire(
        monthlyReport,
        monthlyReport.schedules[0] as PeriodSchedule,
        new Date('2025-04-01T00:00:00Z'),
      );

      // Assess
      expect(invocation.ok).toBe(false);
      expect(lines.filter((line) => line.includes('retrying'))).toHaveLength(2);
      const [letter, ...others] = readFileSync(deadLetterFile, 'utf8').trim().split('\n');
      expect(others).toEqual([]);
      expect(JSON.parse(letter as string)).toMatchObject({
        functionName: 'civic-monthly-report',
        error: { errorMessage: 'The report for 2025-03 failed on purpose.' },
        input: { periodKind: 'month', scheduledTime: '2025-04-01T00:00:00Z' },
      });
    } finally {
      await scheduler.stop();
      await fn.stop();
    }
  });
});

type PeriodSchedule = (typeof monthlyReport.schedules)[number];
