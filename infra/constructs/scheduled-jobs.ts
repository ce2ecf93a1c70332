import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { reservedConcurrencyOf, type ScheduledJob, scheduleInput } from '../../functions/context';
import { tableKeyPolicyOf } from '../../functions/contexts';
import { acknowledge } from '../nag';
import { schedulerCron } from '../scheduler-cron';
import { CivicFunction } from './civic-function';
import { deadLetterQueue } from './domain-events';
import type { Mail } from './mail';
import { pascal } from './naming';

export interface ScheduledJobsProps {
  slug: string;
  jobs: readonly ScheduledJob[];
  table: ITable;
  /** The city's IANA time zone: every cron is read in it, daylight saving included. */
  timeZone: string;
  mail: Mail;
  logRetention: RetentionDays;
  /**
   * Runtime settings every job reads (`shared/config/runtime.ts`), as the HTTP functions get them.
   * @default {}
   */
  environment?: Record<string, string>;
  /** The city's reserved concurrency per function name (`reservedConcurrency` in the configuration). */
  reservedConcurrency?: Readonly<Record<string, number | null>>;
}

/**
 * One function per registered job (`scheduledJobs` in `functions/contexts.ts`, from each context's declaration) and one EventBridge Scheduler
 * schedule per cron, in the municipality's time zone and its own schedule group. Scheduler
 * invokes the function asynchronously with the registry's input; delivery failures are retried
 * by Scheduler, handler failures by Lambda (twice), and whatever still fails lands in the job's
 * DLQ with its input, so the period can be re-run.
 */
export class ScheduledJobs extends Construct {
  readonly group: ScheduleGroup;
  /**
   * The role every schedule of the group invokes its job with: assumable only by this group's
   * schedules in this account, and able to invoke the job functions only. One role for all jobs
   * (rather than one each) keeps the stack inside CloudFormation's 500 resources; a schedule can
   * still reach only the function its target names.
   */
  readonly schedulerRole: Role;
  readonly functions: ReadonlyMap<string, CivicFunction>;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Group', { scheduleGroupName: `civic-${props.slug}` });
    const stack = Stack.of(this);
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: 'Lets the Civic schedules invoke their job functions',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.group.scheduleGroupArn },
        },
      }),
    });
    this.functions = new Map(props.jobs.map((job) => [job.name, this.addJob(job, props)]));
  }

  private addJob(job: ScheduledJob, props: ScheduledJobsProps): CivicFunction {
    const id = pascal(job.name);
    const deadLetters = deadLetterQueue(this, `${id}Dlq`);
    const fn = new CivicFunction(this, `${id}Job`, {
      entry: job.entry,
      serviceName: job.name,
      logRetention: props.logRetention,
      timeout: Duration.seconds(job.timeoutSeconds ?? 300),
      reservedConcurrentExecutions: reservedConcurrencyOf(job, 'job', props.reservedConcurrency ?? {}),
      deadLetterQueue: deadLetters,
      environment: { ...props.environment, TIME_ZONE: props.timeZone },
    });
    fn.bindTable({ table: props.table, policy: tableKeyPolicyOf(job) });
    if (job.mails) props.mail.allowSending(fn);

    const stack = Stack.of(this);
    const schedulerRole = this.schedulerRole;
    acknowledge(schedulerRole, {
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason:
        'CDK’s Lambda invoke grant also names the function’s versions and aliases (<function>:*); the job functions have none, and the role can invoke nothing else.',
    });

    const timeZone = TimeZone.of(props.timeZone);
    job.schedules.forEach((schedule, index) => {
      // A cron Scheduler would refuse, or read differently from the local scheduler, stops the synth.
      schedulerCron(schedule.cron, props.timeZone);
      const scheduled = new Schedule(this, `${id}Schedule${index + 1}`, {
        scheduleGroup: this.group,
        description: `${job.description} — cron(${schedule.cron}) in ${props.timeZone}`.slice(0, 512),
        schedule: ScheduleExpression.expression(`cron(${schedule.cron})`, timeZone),
        target: new LambdaInvoke(fn, {
          role: schedulerRole,
          input: ScheduleTargetInput.fromObject(scheduleInput(job, schedule)),
          deadLetterQueue: deadLetters,
          retryAttempts: 5,
          // A run that could not start within the hour is better re-run by hand than late.
          maxEventAge: Duration.hours(1),
        }),
      });
      // The group is named literally, which gives CloudFormation no reference to order by.
      scheduled.node.addDependency(this.group);
    });
    return fn;
  }
}
