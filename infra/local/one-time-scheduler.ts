import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { OnceJob } from '../../functions/context';
import type { Invocation } from './lambda-runtime';

/** One schedule as the file keeps it. */
export interface LocalOneTimeSchedule {
  name: string;
  groupName: string;
  /** When it fires, UTC ISO 8601. */
  at: string;
  scheduleExpression: string;
  target: { arn: string; roleArn: string; input?: string; deadLetterArn?: string };
  description?: string;
  createdAt: string;
}

export interface OneTimeSchedulerOptions {
  /** The JSON file the schedules are kept in; none keeps them in memory only (`npm start -- --in-memory`). */
  file?: string;
  /** The one schedule group this Scheduler has (`ONE_TIME_SCHEDULE_GROUP`). */
  groupName: string;
  region: string;
  accountId: string;
  /** Runs the function a schedule targets, by its ARN, with the schedule's input. */
  invoke: (functionArn: string, payload: unknown) => Promise<Invocation>;
  /** Whether `functionArn` is a once-job's function; others are refused at creation. @default any */
  isTarget?: (functionArn: string) => boolean;
  /** Firings that still failed after the retries, one JSON line each (the job's DLQ). */
  deadLetterFile?: string;
  /** @default [1000, 2000], as Lambda retries an asynchronous invocation twice */
  retryDelaysMs?: readonly number[];
  /** The clock schedules are compared with. @default () => new Date() */
  now?: () => Date;
  /**
   * Fire due schedules on timers from the start. Off, nothing fires until `startTimers()` (the
   * local stack, once every function can run) or `fireDue` (tests, moving the clock).
   * @default true
   */
  timers?: boolean;
  port?: number;
  log?: (line: string) => void;
}

export interface RunningOneTimeScheduler {
  /** Set as `AWS_ENDPOINT_URL_SCHEDULER` for the functions that schedule. */
  endpoint: string;
  /** Fires every schedule due at `now` (default: the clock), once each; resolves when they have run. */
  fireDue(now?: Date): Promise<LocalOneTimeSchedule[]>;
  /** The schedules waiting to fire, soonest first. */
  list(): LocalOneTimeSchedule[];
  /** Fires due schedules on timers from now on (a schedule already due fires at once). */
  startTimers(): void;
  /** Waits for the firings under way. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The local ARN of a once-job's function, as `ONE_TIME_JOBS` names it. */
export const localFunctionArn = (job: Pick<OnceJob, 'name'>, region: string, accountId: string) =>
  `arn:aws:lambda:${region}:${accountId}:function:civic-${job.name}`;

/**
 * What a function that schedules `jobs` gets in its environment locally, where CDK sets the
 * cloud's group, role and function ARNs (`ScheduledJobs.allowScheduling`).
 */
export function localOneTimeScheduleEnvironment(options: {
  endpoint: string;
  groupName: string;
  region: string;
  accountId: string;
  jobs: readonly Pick<OnceJob, 'name'>[];
}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SCHEDULER: options.endpoint,
    ONE_TIME_SCHEDULE_GROUP: options.groupName,
    ONE_TIME_SCHEDULER_ROLE_ARN: `arn:aws:iam::${options.accountId}:role/civic-local-scheduler`,
    ONE_TIME_JOBS: JSON.stringify(
      Object.fromEntries(
        options.jobs.map((job) => [
          job.name,
          { functionArn: localFunctionArn(job, options.region, options.accountId) },
        ]),
      ),
    ),
  };
}

const scheduleNamePattern = /^[0-9a-zA-Z._-]{1,64}$/;
const atPattern = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;
/** setTimeout cannot wait longer than about 24.8 days; a later schedule is looked at again after this. */
const longestWaitMs = 6 * 60 * 60 * 1000;

class SchedulerError extends Error {
  constructor(
    readonly type: 'ValidationException' | 'ConflictException' | 'ResourceNotFoundException',
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const validation = (message: string) => new SchedulerError('ValidationException', 400, message);

function readSchedules(file: string): LocalOneTimeSchedule[] {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { schedules: LocalOneTimeSchedule[] }).schedules;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
        resolve(typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {});
      } catch {
        reject(validation('The request body is not JSON.'));
      }
    });
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body: unknown, errorType?: string) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(text);
}

/**
 * The local EventBridge Scheduler for one-time schedules: the subset of Scheduler's REST-JSON API
 * that `shared/jobs/scheduler-one-time-schedules.ts` calls through the real `SchedulerClient`
 * (`AWS_ENDPOINT_URL_SCHEDULER`) — CreateSchedule (`POST /schedules/{Name}`), DeleteSchedule
 * (`DELETE /schedules/{Name}?groupName=`) and GetSchedule (`GET …`) — for `at(…)` schedules in UTC.
 * Schedules are kept in a JSON file under `$CIVIC_HOME`, so a restart loses none; each fires once
 * when due (one already due at start fires at start), invoking its once-job's local function with
 * the schedule's input, retried like Lambda's asynchronous invocations and then dead-lettered,
 * and is deleted afterwards, as `ActionAfterCompletion: DELETE` does.
 */
export async function startOneTimeScheduler(
  options: OneTimeSchedulerOptions,
): Promise<RunningOneTimeScheduler> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const retryDelays = options.retryDelaysMs ?? [1000, 2000];
  const schedules = new Map(
    (options.file ? readSchedules(options.file) : []).map((schedule) => [schedule.name, schedule]),
  );
  const firing = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let timersOn = options.timers ?? true;

  const list = () => [...schedules.values()].sort((a, b) => a.at.localeCompare(b.at));
  const save = () => {
    if (!options.file) return;
    mkdirSync(dirname(options.file), { recursive: true });
    // Written aside and renamed, so a crash mid-write never leaves half a file.
    const temporary = `${options.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ schedules: list() }, null, 2));
    renameSync(temporary, options.file);
  };
  const arnOf = (schedule: LocalOneTimeSchedule) =>
    `arn:aws:scheduler:${options.region}:${options.accountId}:schedule/${schedule.groupName}/${schedule.name}`;
  const assertGroup = (groupName: unknown) => {
    const group = typeof groupName === 'string' && groupName !== '' ? groupName : 'default';
    if (group !== options.groupName)
      throw new SchedulerError('ResourceNotFoundException', 404, `Schedule group ${group} does not exist.`);
  };

  const deadLetter = (schedule: LocalOneTimeSchedule, invocation: Invocation & { ok: false }) => {
    if (!options.deadLetterFile) return;
    mkdirSync(dirname(options.deadLetterFile), { recursive: true });
    appendFileSync(
      options.deadLetterFile,
      `${JSON.stringify({
        failedAt: new Date().toISOString(),
        schedule: schedule.name,
        functionArn: schedule.target.arn,
        error: { errorType: invocation.error.errorType, errorMessage: invocation.error.errorMessage },
        input: schedule.target.input,
      })}\n`,
    );
  };

  const fire = async (schedule: LocalOneTimeSchedule) => {
    log(`one-time schedule ${schedule.name} fired (due ${schedule.at}) → ${schedule.target.arn}`);
    const payload = JSON.parse(schedule.target.input ?? '{}') as unknown;
    for (let attempt = 0; ; attempt++) {
      const invocation = await options.invoke(schedule.target.arn, payload);
      if (invocation.ok) break;
      // Stopped mid-run: the schedule stays in the file and fires again at the next start.
      if (stopped) return;
      const delay = retryDelays[attempt];
      if (delay === undefined) {
        log(
          `  ${schedule.name} failed (${invocation.error.errorType}) after ${attempt + 1} attempts; dead-lettered`,
        );
        deadLetter(schedule, invocation);
        break;
      }
      log(`  ${schedule.name} failed (${invocation.error.errorType}); retrying`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    // Deleted once it has invoked its job, as `ActionAfterCompletion: DELETE` does; a cancel
    // that came meanwhile has deleted it already.
    if (schedules.get(schedule.name) === schedule) {
      schedules.delete(schedule.name);
      save();
    }
  };

  const fireDue = async (at: Date = now()) => {
    const due = [...schedules.values()].filter(
      (schedule) => !firing.has(schedule.name) && Date.parse(schedule.at) <= at.getTime(),
    );
    const runs = due.map((schedule) => {
      firing.add(schedule.name);
      const run = fire(schedule).finally(() => {
        firing.delete(schedule.name);
        inFlight.delete(run);
      });
      inFlight.add(run);
      return run;
    });
    await Promise.all(runs);
    arm();
    return due;
  };

  /** One timer, for the soonest schedule not yet firing. */
  function arm() {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (stopped || !timersOn) return;
    const next = Math.min(
      ...[...schedules.values()].filter((s) => !firing.has(s.name)).map((s) => Date.parse(s.at)),
    );
    if (!Number.isFinite(next)) return;
    timer = setTimeout(() => void fireDue(), Math.min(Math.max(0, next - now().getTime()), longestWaitMs));
    timer.unref();
  }

  const create = async (name: string, body: Record<string, unknown>) => {
    assertGroup(body.GroupName);
    const match = atPattern.exec(String(body.ScheduleExpression ?? ''));
    if (!match)
      throw validation(
        `Invalid Schedule Expression ${String(body.ScheduleExpression)}: only at(yyyy-mm-ddThh:mm:ss) here.`,
      );
    const timeZone = body.ScheduleExpressionTimezone ?? 'UTC';
    if (timeZone !== 'UTC') throw validation('The local Scheduler reads at(…) in UTC only.');
    const target = body.Target as
      | { Arn?: unknown; RoleArn?: unknown; Input?: unknown; DeadLetterConfig?: { Arn?: unknown } }
      | undefined;
    if (typeof target?.Arn !== 'string' || typeof target.RoleArn !== 'string')
      throw validation('Target.Arn and Target.RoleArn are required.');
    if (options.isTarget && !options.isTarget(target.Arn))
      throw validation(`${target.Arn} is not a once-job's function on this stack.`);
    if (schedules.has(name))
      throw new SchedulerError('ConflictException', 409, `Schedule ${name} already exists.`);
    const schedule: LocalOneTimeSchedule = {
      name,
      groupName: options.groupName,
      at: new Date(`${match[1]}Z`).toISOString(),
      scheduleExpression: match[0],
      target: {
        arn: target.Arn,
        roleArn: target.RoleArn,
        ...(typeof target.Input === 'string' ? { input: target.Input } : {}),
        ...(typeof target.DeadLetterConfig?.Arn === 'string'
          ? { deadLetterArn: target.DeadLetterConfig.Arn }
          : {}),
      },
      ...(typeof body.Description === 'string' ? { description: body.Description } : {}),
      createdAt: now().toISOString(),
    };
    schedules.set(name, schedule);
    save();
    arm();
    return { ScheduleArn: arnOf(schedule) };
  };

  const existing = (name: string, groupName: string | null) => {
    assertGroup(groupName);
    const schedule = schedules.get(name);
    if (!schedule)
      throw new SchedulerError('ResourceNotFoundException', 404, `Schedule ${name} does not exist.`);
    return schedule;
  };

  const handle = async (request: IncomingMessage) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = /^\/schedules\/([^/]+)$/.exec(url.pathname);
    if (!route) throw validation(`The local Scheduler serves only /schedules/{Name}, not ${url.pathname}.`);
    const name = decodeURIComponent(route[1] as string);
    if (!scheduleNamePattern.test(name)) throw validation(`Invalid schedule name ${name}.`);
    const groupName = url.searchParams.get('groupName');
    switch (request.method) {
      case 'POST':
        return create(name, await readBody(request));
      case 'GET': {
        const schedule = existing(name, groupName);
        const seconds = (iso: string) => Date.parse(iso) / 1000;
        return {
          Arn: arnOf(schedule),
          Name: schedule.name,
          GroupName: schedule.groupName,
          ScheduleExpression: schedule.scheduleExpression,
          ScheduleExpressionTimezone: 'UTC',
          State: 'ENABLED',
          ActionAfterCompletion: 'DELETE',
          FlexibleTimeWindow: { Mode: 'OFF' },
          CreationDate: seconds(schedule.createdAt),
          LastModificationDate: seconds(schedule.createdAt),
          ...(schedule.description ? { Description: schedule.description } : {}),
          Target: {
            Arn: schedule.target.arn,
            RoleArn: schedule.target.roleArn,
            ...(schedule.target.input ? { Input: schedule.target.input } : {}),
            ...(schedule.target.deadLetterArn
              ? { DeadLetterConfig: { Arn: schedule.target.deadLetterArn } }
              : {}),
          },
        };
      }
      case 'DELETE': {
        existing(name, groupName);
        schedules.delete(name);
        save();
        arm();
        return {};
      }
      default:
        throw validation(`The local Scheduler does not serve ${request.method} /schedules/{Name}.`);
    }
  };

  const server = createServer((request, response) => {
    handle(request).then(
      (body) => reply(response, 200, body),
      (error: unknown) => {
        if (error instanceof SchedulerError)
          return reply(response, error.status, { Message: error.message }, error.type);
        log(`  local Scheduler: ${String(error)}`);
        reply(response, 500, { Message: 'The local Scheduler failed.' }, 'InternalServerException');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  arm();

  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    fireDue,
    list,
    startTimers: () => {
      timersOn = true;
      arm();
    },
    idle,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await idle();
    },
  };
}
