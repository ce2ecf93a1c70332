import { beforeAll, describe, expect, it } from 'vitest';
import type { EventConsumer, OnceJob } from '../../functions/context';
import { deadlineOverdue, ping } from '../unit/local/fixtures/jobs';
import { type SynthesizedApp, synthesize, testConfig } from './civic-app';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON.
type Json = any;

/**
 * A test-only context's declarations, before any real context has a once-job: a deadline job no
 * cron runs, and the consumer that schedules it when a deadline starts.
 */
const overdue: OnceJob = deadlineOverdue;
const deadlineStarter: EventConsumer = {
  name: 'deadline-starter',
  entry: 'functions/outbox-publisher/handler.ts',
  eventPattern: { source: ['civic.test'], 'detail-type': ['DeadlineStarted'] },
  tableAccess: 'none',
  schedulesJobs: ['deadline-overdue'],
};
const bystander: EventConsumer = {
  name: 'bystander',
  entry: 'functions/outbox-publisher/handler.ts',
  eventPattern: { source: ['civic.test'], 'detail-type': ['SomethingElse'] },
  tableAccess: 'none',
};

const onceGroup = 'civic-ville-de-saint-etienne-once';

/** Every unacknowledged cdk-nag finding, errors and warnings alike, as `rule at path`. */
function nagFindings(civic: SynthesizedApp): string[] {
  return civic.nagPacks.flatMap((pack) =>
    pack
      .validateScope(civic.app)
      .violations.flatMap((violation) =>
        violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
      ),
  );
}

describe('one-time schedules in CDK', () => {
  let civic: SynthesizedApp;
  let functions: Record<string, Json>;
  let policies: Json[];

  beforeAll(() => {
    civic = synthesize(testConfig, {
      scheduledJobs: [ping],
      onceJobs: [overdue],
      eventConsumers: [deadlineStarter, bystander],
    });
    functions = civic.template.findResources('AWS::Lambda::Function');
    policies = Object.values(civic.template.findResources('AWS::IAM::Policy'));
  });

  const functionId = (serviceName: string) => {
    const entry = Object.entries(functions).find(
      ([, fn]) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === serviceName,
    );
    if (!entry) throw new Error(`no function for ${serviceName}`);
    return entry[0];
  };
  const roleOf = (serviceName: string): string =>
    functions[functionId(serviceName)].Properties.Role['Fn::GetAtt'][0];
  const statementsOf = (roleId: string): Json[] =>
    policies
      .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  const schedulerRoleId = () => {
    const [schedule] = Object.values(civic.template.findResources('AWS::Scheduler::Schedule')) as Json[];
    return schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
  };

  it('gives a once-job a function with a DLQ, and no schedule', () => {
    // Prepare
    const id = functionId('deadline-overdue');

    // Act
    const schedules = Object.values(civic.template.findResources('AWS::Scheduler::Schedule')) as Json[];

    // Assess
    expect(functions[id].Properties.DeadLetterConfig).toEqual({
      TargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^JobsDeadlineOverdueDlq/), 'Arn'] },
    });
    expect(JSON.stringify(schedules)).not.toContain(id);
    expect(schedules).toHaveLength(1);
    civic.template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: onceGroup });
  });

  it('gives a function that declares schedulesJobs exactly the scheduler grants and PassRole', () => {
    // Prepare
    const roleId = roleOf('deadline-starter');

    // Act
    const statements = statementsOf(roleId).filter((statement) =>
      [statement.Action].flat().some((action: string) => /^(scheduler|iam):/.test(action)),
    );

    // Assess
    expect(statements).toEqual([
      {
        Sid: 'ManageOneTimeSchedules',
        Effect: 'Allow',
        Action: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':scheduler:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              `:schedule/${onceGroup}/*`,
            ],
          ],
        },
      },
      {
        Sid: 'PassTheSchedulesRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [schedulerRoleId(), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
  });

  it('grants scheduling to no function that does not declare it', () => {
    // Prepare
    const scheduler = roleOf('deadline-starter');

    // Act
    const others = policies.filter(
      (policy) =>
        !policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === scheduler) &&
        /"(scheduler:\w+|iam:PassRole)"/.test(JSON.stringify(policy.Properties.PolicyDocument)),
    );

    // Assess
    expect(others).toEqual([]);
    expect(functions[functionId('bystander')].Properties.Environment.Variables.ONE_TIME_JOBS).toBeUndefined();
  });

  it('tells the scheduling function its group, the schedules’ role and each job’s function and DLQ', () => {
    // Act
    const variables = functions[functionId('deadline-starter')].Properties.Environment.Variables;

    // Assess
    expect(variables.ONE_TIME_SCHEDULE_GROUP).toBe(onceGroup);
    expect(variables.ONE_TIME_SCHEDULER_ROLE_ARN).toEqual({ 'Fn::GetAtt': [schedulerRoleId(), 'Arn'] });
    const jobs = JSON.stringify(variables.ONE_TIME_JOBS);
    expect(jobs).toContain('\\"deadline-overdue\\":{\\"functionArn\\":\\"');
    expect(jobs).toContain(`{"Fn::GetAtt":["${functionId('deadline-overdue')}","Arn"]}`);
    expect(jobs).toMatch(/\{"Fn::GetAtt":\["JobsDeadlineOverdueDlq\w+","Arn"\]\}/);
  });

  it('lets the schedules’ role invoke the once-job and write to its DLQ, assumed from either group', () => {
    // Prepare
    const id = functionId('deadline-overdue');

    // Act
    const statements = statementsOf(schedulerRoleId()).map((statement) => [
      statement.Action,
      statement.Resource,
    ]);

    // Assess
    expect(statements).toContainEqual([
      'lambda:InvokeFunction',
      [{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, ':*']] }],
    ]);
    expect(statements).toContainEqual([
      'sqs:SendMessage',
      { 'Fn::GetAtt': [expect.stringMatching(/^JobsDeadlineOverdueDlq/), 'Arn'] },
    ]);
    const role: Json = civic.template.findResources('AWS::IAM::Role')[schedulerRoleId()];
    const sourceArns =
      role.Properties.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals['aws:SourceArn'];
    expect(sourceArns).toHaveLength(2);
  });

  it('leaves no cdk-nag finding open', () => {
    // Act
    const open = nagFindings(civic);

    // Assess
    expect(open).toEqual([]);
  });

  it('stops the synth for a function that schedules a job that is not a once-job', () => {
    // Prepare
    const confused: EventConsumer = { ...deadlineStarter, schedulesJobs: ['ping'] };

    // Act
    const synth = () =>
      synthesize(testConfig, { scheduledJobs: [ping], onceJobs: [overdue], eventConsumers: [confused] });

    // Assess
    expect(synth).toThrow(/schedules "ping", which is no once-job/);
  });
});
