import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { OneTimeSchedules } from './one-time-schedules';

export interface SchedulerOneTimeSchedulesOptions {
  groupName: string;
  /** The role Scheduler assumes to invoke the job (and to write to its DLQ). */
  roleArn: string;
  /** The once-jobs this function may schedule: their function and the DLQ of firings that could not be delivered. */
  jobs: Readonly<Record<string, { functionArn: string; deadLetterArn?: string | undefined }>>;
  client?: SchedulerClient;
  /** @default () => new Date() */
  now?: () => Date;
}

/** Scheduler refuses `at(…)` in the past; a moment already past fires this long from now instead. */
const pastDueDelayMs = 60_000;

/** `at(2026-03-01T09:30:00)`: Scheduler's one-time expression, read in `ScheduleExpressionTimezone` (UTC here). */
export const atExpression = (at: Date) => `at(${at.toISOString().slice(0, 19)})`;

/**
 * One-time schedules as EventBridge Scheduler schedules (see the port, `one-time-schedules.ts`).
 * Names are not checked here: the port does it for every adapter.
 */
export function createSchedulerOneTimeSchedules(options: SchedulerOneTimeSchedulesOptions): OneTimeSchedules {
  const client = options.client ?? new SchedulerClient({});
  const now = options.now ?? (() => new Date());
  return {
    async scheduleOnce({ name, job, at, payload }) {
      const target = options.jobs[job];
      if (!target)
        throw new Error(
          `No function for once-job "${job}" in ONE_TIME_JOBS: name it in the function's \`schedulesJobs\`.`,
        );
      const earliest = now().getTime() + pastDueDelayMs;
      const fireAt = at.getTime() < earliest ? new Date(earliest) : at;
      try {
        await client.send(
          new CreateScheduleCommand({
            Name: name,
            GroupName: options.groupName,
            ScheduleExpression: atExpression(fireAt),
            ScheduleExpressionTimezone: 'UTC',
            FlexibleTimeWindow: { Mode: 'OFF' },
            ActionAfterCompletion: 'DELETE',
            Description: `Civic ${job}`,
            Target: {
              Arn: target.functionArn,
              RoleArn: options.roleArn,
              Input: JSON.stringify(payload),
              // A deadline acted on late is better than one missed: Scheduler keeps trying for a day.
              RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 24 * 60 * 60 },
              ...(target.deadLetterArn ? { DeadLetterConfig: { Arn: target.deadLetterArn } } : {}),
            },
          }),
        );
      } catch (error) {
        // The name exists: an earlier delivery of the same work made it.
        if (error instanceof ConflictException) return;
        throw error;
      }
    },
    async cancel(name) {
      try {
        await client.send(new DeleteScheduleCommand({ Name: name, GroupName: options.groupName }));
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return;
        throw error;
      }
    },
  };
}
