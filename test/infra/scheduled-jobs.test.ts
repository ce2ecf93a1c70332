import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventConsumer } from '../../functions/context';
import { httpContexts } from '../../functions/contexts';
import { scheduledTimePlaceholder } from '../../shared/jobs/job-input';
import { monthlyReport, ping } from '../unit/local/fixtures/jobs';
import { type SynthesizedApp, synthesize, testConfig } from './civic-app';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON.
type Resource = { Type: string; Properties: Record<string, any> };

/** A consumer that mails (a volunteering confirmation, say); any existing module serves as its entry. */
const confirmationMailer: EventConsumer = {
  name: 'signup-confirmation',
  entry: 'functions/outbox-publisher/handler.ts',
  eventPattern: { source: ['civic.volunteering'], 'detail-type': ['VolunteerSignedUp'] },
  tableAccess: 'read',
  mails: true,
};

const weeklyAndMonthly = {
  ...monthlyReport,
  name: 'impact-report',
  schedules: [
    { cron: '0 6 ? * MON *', period: 'week' as const },
    { cron: '0 6 1 * ? *', period: 'month' as const },
  ],
};

describe('scheduled jobs and mail', () => {
  let civic: SynthesizedApp;
  let functions: Record<string, Resource>;
  let policies: Resource[];

  beforeAll(() => {
    civic = synthesize(
      { ...testConfig, senderAddress: 'participation@saint-etienne.example' },
      { scheduledJobs: [weeklyAndMonthly, ping], onceJobs: [], eventConsumers: [confirmationMailer] },
    );
    functions = civic.template.findResources('AWS::Lambda::Function') as Record<string, Resource>;
    policies = Object.values(civic.template.findResources('AWS::IAM::Policy')) as Resource[];
  });

  const functionId = (serviceName: string) => {
    const entry = Object.entries(functions).find(
      ([, fn]) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === serviceName,
    );
    if (!entry) throw new Error(`no function for ${serviceName}`);
    return entry[0];
  };
  const roleOf = (serviceName: string) =>
    (functions[functionId(serviceName)] as Resource).Properties.Role['Fn::GetAtt'][0] as string;
  const statementsOf = (roleId: string) =>
    policies
      .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
  const sesStatements = (roleId: string) =>
    statementsOf(roleId).filter((statement) => JSON.stringify(statement.Action).includes('ses:'));

  it('creates one schedule per cron, read in the city’s time zone, in the municipality’s group', () => {
    // Prepare
    const fnArn = { 'Fn::GetAtt': [functionId('impact-report'), 'Arn'] };

    // Act
    const schedules = Object.values(civic.template.findResources('AWS::Scheduler::Schedule')) as Resource[];

    // Assess
    civic.template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', {
      Name: 'civic-ville-de-saint-etienne',
    });
    const forReport = schedules.filter(
      (schedule) => JSON.stringify(schedule.Properties.Target.Arn) === JSON.stringify(fnArn),
    );
    expect(forReport.map((schedule) => schedule.Properties.ScheduleExpression)).toEqual([
      'cron(0 6 ? * MON *)',
      'cron(0 6 1 * ? *)',
    ]);
    expect(schedules).toHaveLength(3);
    const [groupId] = Object.keys(civic.template.findResources('AWS::Scheduler::ScheduleGroup'));
    for (const schedule of Object.values(civic.template.findResources('AWS::Scheduler::Schedule'))) {
      expect(schedule.DependsOn).toContain(groupId);
    }
    for (const schedule of schedules) {
      expect(schedule.Properties).toMatchObject({
        ScheduleExpressionTimezone: 'Europe/Paris',
        FlexibleTimeWindow: { Mode: 'OFF' },
        GroupName: 'civic-ville-de-saint-etienne',
        State: 'ENABLED',
      });
    }
  });

  it('delivers the registry’s input with Scheduler’s scheduled time, with retries and a DLQ', () => {
    // Act
    const schedules = Object.values(civic.template.findResources('AWS::Scheduler::Schedule')) as Resource[];

    // Assess
    const inputs = schedules.map((schedule) => JSON.parse(schedule.Properties.Target.Input));
    expect(inputs).toEqual([
      { periodKind: 'week', scheduledTime: scheduledTimePlaceholder },
      { periodKind: 'month', scheduledTime: scheduledTimePlaceholder },
      { now: scheduledTimePlaceholder },
    ]);
    expect(scheduledTimePlaceholder).toBe('<aws.scheduler.scheduled-time>');
    for (const schedule of schedules) {
      expect(schedule.Properties.Target).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
      });
    }
  });

  it('lets the schedules’ one role invoke the job functions only and write only to their DLQs', () => {
    // Prepare
    const schedules = Object.values(civic.template.findResources('AWS::Scheduler::Schedule')) as Resource[];
    const roleIds = new Set(schedules.map((schedule) => schedule.Properties.Target.RoleArn['Fn::GetAtt'][0]));
    const [roleId] = [...roleIds] as string[];
    const invokes = (serviceName: string) => {
      const id = functionId(serviceName);
      return [
        'lambda:InvokeFunction',
        [{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, ':*']] }],
      ];
    };

    // Act
    const statements = statementsOf(roleId as string).map((statement) => [
      statement.Action,
      statement.Resource,
    ]);

    // Assess: every job's statements, nothing else (no HTTP function, no consumer)
    expect(roleIds.size).toBe(1);
    expect(statements).toEqual([
      invokes('impact-report'),
      ['sqs:SendMessage', { 'Fn::GetAtt': [expect.stringMatching(/^JobsImpactReportDlq/), 'Arn'] }],
      invokes('ping'),
      ['sqs:SendMessage', { 'Fn::GetAtt': [expect.stringMatching(/^JobsPingDlq/), 'Arn'] }],
    ]);
    civic.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': { Ref: 'AWS::AccountId' },
                'aws:SourceArn': Match.anyValue(),
              },
            },
          }),
        ],
      },
    });
  });

  it('gives each job function the city’s time zone, its timeout and a DLQ for failed runs', () => {
    // Act
    const fn = functions[functionId('impact-report')] as Resource;

    // Assess
    expect(fn.Properties).toMatchObject({
      Timeout: 300,
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    });
    expect(fn.Properties.Environment.Variables).toMatchObject({
      TIME_ZONE: 'Europe/Paris',
      LOCALES: 'fr,en',
      MAIL_FROM: 'participation@saint-etienne.example',
      MAIL_CONFIGURATION_SET: { Ref: expect.any(String) },
    });
    expect(
      (functions[functionId('ping')] as Resource).Properties.Environment.Variables.MAIL_FROM,
    ).toBeUndefined();
  });

  it('lets a mailing role send only as the sender’s identity and only through the configuration set', () => {
    // Prepare
    const [configurationSetId] = Object.keys(civic.template.findResources('AWS::SES::ConfigurationSet'));
    const [identityId] = Object.keys(civic.template.findResources('AWS::SES::EmailIdentity'));
    const arnOf = (statement: Record<string, unknown>) => JSON.stringify(statement.Resource);

    // Act
    const jobStatements = sesStatements(roleOf('impact-report'));
    const consumerStatements = sesStatements(roleOf('signup-confirmation'));

    // Assess
    for (const statements of [jobStatements, consumerStatements]) {
      expect(statements).toHaveLength(1);
      const [statement] = statements as [Record<string, unknown>];
      expect(statement.Effect).toBe('Allow');
      expect([...(statement.Action as string[])].sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      expect(statement.Resource).toHaveLength(2);
      expect(arnOf(statement)).toContain(`identity/",{"Ref":"${identityId}"}`);
      expect(arnOf(statement)).toContain(`configuration-set/",{"Ref":"${configurationSetId}"}`);
      expect(arnOf(statement)).not.toContain('*');
    }
    civic.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'saint-etienne.example',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: configurationSetId } },
    });
  });

  it('grants SES to nothing that does not mail', () => {
    // Prepare: the fixture job and consumer, and the HTTP contexts that mail confirmation links.
    const mailingContexts = httpContexts.filter((context) => context.mails).map((context) => context.name);
    const mailers = new Set(
      [roleOf('impact-report'), roleOf('signup-confirmation')].concat(mailingContexts.map(roleOf)),
    );

    // Act
    const others = policies.filter(
      (policy) =>
        !policy.Properties.Roles.some((role: { Ref: string }) => mailers.has(role.Ref)) &&
        JSON.stringify(policy.Properties.PolicyDocument).includes('"ses:'),
    );

    // Assess
    expect(others).toEqual([]);
  });

  it('grants SES to the HTTP functions that mail while a request runs', () => {
    // Act
    const granted = ['participation', 'volunteering'].map((name) => sesStatements(roleOf(name)).length);

    // Assess
    expect(granted).toEqual([1, 1]);
  });

  it('sends through a configuration set that requires TLS and suppresses bounces and complaints', () => {
    // Assess
    civic.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'civic-ville-de-saint-etienne',
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: Match.arrayWith(['BOUNCE', 'COMPLAINT']) },
    });
  });

  it('uses an identity verified elsewhere without creating one', () => {
    // Act
    const existing = synthesize(
      {
        ...testConfig,
        senderAddress: 'civic@mail.saint-etienne.example',
        mail: { identity: 'saint-etienne.example', createIdentity: false },
      },
      { scheduledJobs: [weeklyAndMonthly] },
    );

    // Assess
    expect(existing.template.findResources('AWS::SES::EmailIdentity')).toEqual({});
    const statements = JSON.stringify(existing.template.findResources('AWS::IAM::Policy'));
    expect(statements).toContain(':identity/saint-etienne.example');
  });

  it('refuses a cron that Scheduler would not accept, at synth time', () => {
    // Act
    const synth = () =>
      synthesize(testConfig, {
        scheduledJobs: [{ ...ping, schedules: [{ cron: '*/15 * * * *' }] }],
      });

    // Assess
    expect(synth).toThrow(/six fields/);
  });
});
