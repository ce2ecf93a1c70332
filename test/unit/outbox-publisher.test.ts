import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { lambdaContextFor } from '../support/api';

process.env.EVENT_BUS_NAME = 'civic-test-bus';
const eventBridge = mockClient(EventBridgeClient);
const { handler } = await import('../../functions/outbox-publisher/handler');

const detail = {
  eventId: '01JDK5XH4J3K2L1M0N9P8Q7R6S',
  occurredAt: '2026-11-24T09:20:00.000Z',
  contributionId: 'c1',
  engagementId: 'e1',
  initiativeId: 'i1',
  participantHash: 'h1',
  channel: 'paper',
};

const record = (
  sequence: string,
  item: Record<string, unknown>,
  eventName: 'INSERT' | 'REMOVE' = 'INSERT',
): DynamoDBRecord => ({
  eventID: sequence,
  eventName,
  eventSource: 'aws:dynamodb',
  dynamodb: {
    Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
    NewImage: marshall(item) as never,
    SequenceNumber: sequence,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
});

const outboxItem = (eventId: string, extra: Record<string, unknown> = {}) => ({
  pk: `OUTBOX#${eventId}`,
  sk: 'EVENT',
  source: 'civic.participation',
  detailType: 'VoteCast',
  detail: { ...detail, eventId },
  ...extra,
});

describe('outbox publisher', () => {
  beforeEach(() => eventBridge.reset());

  it('publishes an outbox insert to the bus with its catalogue source and detail-type', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'x' }] });
    const event: DynamoDBStreamEvent = { Records: [record('1', outboxItem('E1'))] };

    // Act
    const result = await handler(event, lambdaContextFor());

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const entry = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({
      EventBusName: 'civic-test-bus',
      Source: 'civic.participation',
      DetailType: 'VoteCast',
    });
    expect(JSON.parse(entry?.Detail ?? '{}')).toEqual({ ...detail, eventId: 'E1' });
  });

  it('ignores records that are not outbox inserts', async () => {
    const event: DynamoDBStreamEvent = {
      Records: [record('1', { pk: 'CONTRIBUTION#c1', sk: '#META' }), record('2', outboxItem('E2'), 'REMOVE')],
    };
    const result = await handler(event, lambdaContextFor());
    expect(result.batchItemFailures).toEqual([]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('hands back only the records EventBridge refused, so the stream retries just those', async () => {
    // Prepare: EventBridge throttles the second entry, something only a mock can arrange on demand.
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: 'a' }] })
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });
    const event: DynamoDBStreamEvent = {
      Records: [record('1', outboxItem('E1')), record('2', outboxItem('E2'))],
    };

    // Act
    const result = await handler(event, lambdaContextFor());

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
  });

  it('refuses to publish an event that is not in the catalogue', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{}] });
    const event: DynamoDBStreamEvent = {
      Records: [record('6', outboxItem('E6')), record('7', outboxItem('E7', { detailType: 'Unknown' }))],
    };
    const result = await handler(event, lambdaContextFor());
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '7' }]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
  });
});
