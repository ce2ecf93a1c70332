import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Method, MockIntegration } from 'aws-cdk-lib/aws-apigateway';
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

  it('records every acknowledgement with its reason in the templates', () => {
    // Prepare
    const resources = [...civic.templates.values()].flatMap((template) =>
      Object.values(template.toJSON().Resources),
    ) as {
      Metadata?: { cdk_nag?: { rules_to_suppress?: { id: string; reason: string }[] } };
    }[];

    // Act
    const acknowledged = resources.flatMap((resource) => resource.Metadata?.cdk_nag?.rules_to_suppress ?? []);

    // Assess
    expect(acknowledged.length).toBeGreaterThan(0);
    // The methods' own acknowledgements (public routes) are in the route stacks' templates.
    expect(acknowledged.map((rule) => rule.id)).toContain('AwsSolutions-APIG4');
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

  it('still reports an unacknowledged method inside a route stack', () => {
    // Prepare
    const probe = synthesize();
    const routes = probe.stack.http.routeStacks.get('platform');
    if (!routes) throw new Error('No route stack for the platform context');
    new Method(routes, 'UnacknowledgedProbe', {
      resource: probe.stack.http.api.root.addResource('probe'),
      httpMethod: 'GET',
      integration: new MockIntegration(),
    });

    // Act
    const open = findings(probe);

    // Assess
    expect(open).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^error AwsSolutions-APIG4 at .*\/PlatformRoutes\/UnacknowledgedProbe/),
        expect.stringMatching(/^error AwsSolutions-COG4 at .*\/PlatformRoutes\/UnacknowledgedProbe/),
      ]),
    );
    expect(open.filter((finding) => !finding.includes('UnacknowledgedProbe'))).toEqual([]);
  });
});
