import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventConsumer } from '../../functions/context';
import { monthlyReport, ping } from '../unit/local/fixtures/jobs';
import { type SynthesizedApp, synthesize, testConfig } from './civic-app';

/** A registered consumer, so the rule and consumer resources are checked too. */
const consumer: EventConsumer = {
  name: 'digest',
  entry: 'functions/outbox-publisher/handler.ts',
  eventPattern: { source: ['civic.participation'] },
  tableAccess: 'readWrite',
  mails: true,
};

/** Scheduled jobs, so the job functions, schedules, their roles and the SES grants are checked too. */
const jobs = [monthlyReport, ping];

/** Every unacknowledged cdk-nag finding, errors and warnings alike, as `rule at path`. */
function findings(civic: SynthesizedApp): string[] {
  return civic.nagPacks.flatMap((pack) =>
    pack
      .validateScope(civic.app)
      .violations.flatMap((violation) =>
        violation.violatingResources.map(
          (resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`,
        ),
      ),
  );
}

describe('cdk-nag', () => {
  let civic: SynthesizedApp;

  beforeAll(() => {
    civic = synthesize(
      { ...testConfig, wafLogging: true },
      { eventConsumers: [consumer], scheduledJobs: jobs },
    );
  });

  it('reports no AwsSolutions or Serverless errors or warnings', () => {
    // Prepare
    const packs = civic.nagPacks.map((pack) => pack.readPackName);

    // Act
    const open = findings(civic);

    // Assess
    expect(packs).toEqual(['AwsSolutions', 'Serverless']);
    expect(open).toEqual([]);
  });

  it('leaves no error or warning annotation on the stack', () => {
    // Prepare
    const annotations = Annotations.fromStack(civic.stack);

    // Act
    const reported = [
      ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...annotations.findError('*', Match.stringLikeRegexp('Serverless-.*')),
      ...annotations.findWarning('*', Match.stringLikeRegexp('Serverless-.*')),
      ...annotations.findError('*', Match.anyValue()),
      ...annotations.findWarning('*', Match.anyValue()),
    ];

    // Assess
    expect(reported).toEqual([]);
  });

  it('records every acknowledgement with its reason in the template', () => {
    // Prepare
    const resources = Object.values(civic.template.toJSON().Resources) as {
      Metadata?: { cdk_nag?: { rules_to_suppress?: { id: string; reason: string }[] } };
    }[];

    // Act
    const acknowledged = resources.flatMap((resource) => resource.Metadata?.cdk_nag?.rules_to_suppress ?? []);

    // Assess
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const rule of acknowledged) expect(rule.reason.length, rule.id).toBeGreaterThan(40);
  });

  it('passes CloudFormation’s own template validation', () => {
    // Prepare
    const checked = synthesize(
      { ...testConfig, wafLogging: true },
      { eventConsumers: [consumer], scheduledJobs: jobs, validateTemplates: true },
    );

    // Act
    const assembly = checked.app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations?: unknown[] }[];
    };

    // Assess
    expect(report.pluginReports.flatMap((plugin) => plugin.violations ?? [])).toEqual([]);
  });

  it('still reports a finding nobody acknowledged', () => {
    // Prepare
    const probe = synthesize();
    new Queue(probe.stack, 'UnprotectedQueue');

    // Act
    const open = findings(probe);

    // Assess
    expect(open).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^error AwsSolutions-SQS3 at .*UnprotectedQueue/),
        expect.stringMatching(/^error AwsSolutions-SQS4 at .*UnprotectedQueue/),
        expect.stringMatching(/^error Serverless-SQSRedrivePolicy at .*UnprotectedQueue/),
      ]),
    );
  });
});
