import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventConsumer } from '../../functions/context';
import { onceJobs, scheduledJobs } from '../../functions/contexts';
import { outboxKeyPrefix } from '../../shared/db/keys';
import { type SynthesizedApp, synthesize, testConfig } from './civic-app';

/** A consumer shaped like the ones strands will register; any existing module serves as its entry. */
const milestoneNotifier: EventConsumer = {
  name: 'milestone-notifier',
  entry: 'functions/outbox-publisher/handler.ts',
  eventPattern: { source: ['civic.participation'], 'detail-type': ['VoteCast'] },
  tableAccess: 'read',
};

describe('domain events', () => {
  let civic: SynthesizedApp;

  beforeAll(() => {
    civic = synthesize(testConfig, { eventConsumers: [milestoneNotifier] });
  });

  it('creates the municipality’s bus with an archive of every event', () => {
    // Prepare
    const [busId] = Object.keys(civic.template.findResources('AWS::Events::EventBus'));

    // Act
    const archives = civic.template.findResources('AWS::Events::Archive');

    // Assess
    civic.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'civic-ville-de-saint-etienne' });
    expect(Object.values(archives)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
          RetentionDays: 365,
          EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
        }),
      }),
    ]);
  });

  it('feeds only outbox inserts from the stream to the publisher, with partial batch failures and a DLQ', () => {
    // Prepare
    const [tableId] = Object.keys(civic.template.findResources('AWS::DynamoDB::Table'));
    const filter = {
      eventName: ['INSERT'],
      dynamodb: { Keys: { pk: { S: [{ prefix: outboxKeyPrefix }] } } },
    };

    // Act
    const mappings = Object.values(civic.template.findResources('AWS::Lambda::EventSourceMapping'));

    // Assess
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]?.Properties;
    expect(mapping).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } },
    });
    expect(JSON.parse(mapping?.FilterCriteria.Filters[0].Pattern)).toEqual(filter);
  });

  it('encrypts every dead-letter queue and refuses plain HTTP to it', () => {
    // Prepare
    const queueIds = Object.keys(civic.template.findResources('AWS::SQS::Queue'));

    // Act
    const policies = Object.values(civic.template.findResources('AWS::SQS::QueuePolicy'));

    // Assess
    // The publisher's and the consumer's, plus one per registered scheduled job and once-job.
    expect(queueIds).toHaveLength(2 + scheduledJobs.length + onceJobs.length);
    for (const id of queueIds) {
      civic.template.hasResource('AWS::SQS::Queue', {
        Properties: Match.objectLike({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 }),
      });
      const policy = policies.find((candidate) => JSON.stringify(candidate.Properties.Queues).includes(id));
      expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('lets the publisher put events on its bus and nowhere else', () => {
    // Prepare
    const [busId] = Object.keys(civic.template.findResources('AWS::Events::EventBus'));

    // Act
    const statements = Object.values(civic.template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) =>
        policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );

    // Assess
    const putEvents = statements.filter((statement) =>
      [statement.Action].flat().includes('events:PutEvents'),
    );
    expect(putEvents).toEqual([expect.objectContaining({ Resource: { 'Fn::GetAtt': [busId, 'Arn'] } })]);
  });

  it('routes each registered consumer’s events with retries and a DLQ on both sides', () => {
    // Prepare
    const [busId] = Object.keys(civic.template.findResources('AWS::Events::EventBus'));

    // Act
    const rules = Object.values(civic.template.findResources('AWS::Events::Rule'));

    // Assess
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties).toMatchObject({
      EventBusName: { Ref: busId },
      EventPattern: { source: ['civic.participation'], 'detail-type': ['VoteCast'] },
      Targets: [
        expect.objectContaining({
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86400 },
        }),
      ],
    });
    civic.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'milestone-notifier' }) },
      DeadLetterConfig: { TargetArn: Match.anyValue() },
    });
  });
});
