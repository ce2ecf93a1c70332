import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  type OnceJob,
  reservedConcurrencyOf,
  type ScheduledJob,
  scheduleInput,
} from '../../functions/context';
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
  /**
   * The once-jobs (`input: 'once'`): a function and a DLQ each, no schedule; the one-time
   * schedules functions make at run time invoke them (`allowScheduling`).
   * @default []
   */
  onceJobs?: readonly OnceJob[];
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
  /**
   * The group of the one-time schedules functions make at run time, apart from the crons' so that
   * no function allowed to delete its schedules can delete a cron; only when there are once-jobs.
   */
  readonly onceGroup: ScheduleGroup | undefined;
  /** Every job's function, once-jobs' included, by job name. */
  readonly functions: ReadonlyMap<string, CivicFunction>;
  private readonly onceTargets = new Map<string, { fn: CivicFunction; deadLetters: Queue }>();
  private readonly onceGroupName: string;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Group', { scheduleGroupName: `civic-${props.slug}` });
    const onceJobs = props.onceJobs ?? [];
    this.onceGroupName = `civic-${props.slug}-once`;
    this.onceGroup =
      onceJobs.length > 0
        ? new ScheduleGroup(this, 'OnceGroup', { scheduleGroupName: this.onceGroupName })
        : undefined;
    const stack = Stack.of(this);
    const groupArns = [this.group, ...(this.onceGroup ? [this.onceGroup] : [])].map(
      (group) => group.scheduleGroupArn,
    );
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: 'Lets the Civic schedules invoke their job functions',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': groupArns.length === 1 ? groupArns[0] : groupArns,
          },
        },
      }),
    });
    this.functions = new Map([
      ...props.jobs.map((job) => [job.name, this.addJob(job, props)] as const),
      ...onceJobs.map((job) => [job.name, this.addOnceJob(job, props)] as const),
    ]);
  }

  /**
   * Lets `fn` make and delete one-time schedules of `jobs` (its declaration's `schedulesJobs`):
   * CreateSchedule and DeleteSchedule in the one-time group only, PassRole for the schedules'
   * role only (to Scheduler only), and the settings `oneTimeSchedulesFromEnvironment()` reads.
   */
  allowScheduling(fn: CivicFunction, jobs: readonly OnceJob[]): void {
    if (jobs.length === 0) return;
    if (!this.onceGroup) throw new Error('allowScheduling: there are no once-jobs to schedule.');
    const targets = jobs.map((job) => {
      const target = this.onceTargets.get(job.name);
      if (!target) throw new Error(`allowScheduling: ${job.name} is not a once-job of this stack.`);
      // Its own ARN in its own environment would be a CloudFormation cycle.
      if (target.fn === fn) throw new Error(`${job.name} cannot schedule itself.`);
      return [job.name, { functionArn: target.fn.functionArn, deadLetterArn: target.deadLetters.queueArn }];
    });
    const stack = Stack.of(this);
    fn.addEnvironment('ONE_TIME_SCHEDULE_GROUP', this.onceGroupName);
    fn.addEnvironment('ONE_TIME_SCHEDULER_ROLE_ARN', this.schedulerRole.roleArn);
    fn.addEnvironment('ONE_TIME_JOBS', stack.toJsonString(Object.fromEntries(targets)));
    const schedulesOfGroup = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.onceGroupName}/*`,
    });
    fn.serviceRole.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ManageOneTimeSchedules',
        actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedulesOfGroup],
      }),
    );
    fn.serviceRole.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'PassTheSchedulesRole',
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    fn.acknowledgeOnRole({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.onceGroupName}/*]`,
      reason:
        'Schedule names are made at run time (one per record and deadline); the grant is limited to the one-time schedule group, which holds no cron.',
    });
  }

  /** A once-job: its function and DLQ, invocable by the schedules' role; no schedule. */
  private addOnceJob(job: OnceJob, props: ScheduledJobsProps): CivicFunction {
    const { fn, deadLetters } = this.jobFunction(job, props);
    fn.grantInvoke(this.schedulerRole);
    // Firings Scheduler could not deliver go to the job's DLQ too (`DeadLetterConfig` of each
    // schedule), with the one action the cron schedules' targets are granted.
    this.schedulerRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetters.queueArn] }),
    );
    this.onceTargets.set(job.name, { fn, deadLetters });
    return fn;
  }

  private jobFunction(
    job: ScheduledJob | OnceJob,
    props: ScheduledJobsProps,
  ): { fn: CivicFunction; deadLetters: Queue } {
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
    acknowledge(this.schedulerRole, {
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason:
        'CDK’s Lambda invoke grant also names the function’s versions and aliases (<function>:*); the job functions have none, and the role can invoke nothing else.',
    });
    return { fn, deadLetters };
  }

  private addJob(job: ScheduledJob, props: ScheduledJobsProps): CivicFunction {
    const id = pascal(job.name);
    const { fn, deadLetters } = this.jobFunction(job, props);
    const schedulerRole = this.schedulerRole;

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
