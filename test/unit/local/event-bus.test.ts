import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventConsumer } from '../../../functions/context';
import { type EventEnvelope, type RunningEventBus, startEventBus } from '../../../infra/local/event-bus';
import type { Invocation, LocalFunction } from '../../../infra/local/lambda-runtime';

/** An in-process stand-in for a consumer's Lambda that records what it is given. */
function recordingFunction(name: string, fail = false) {
  const received: EventEnvelope[] = [];
  const fn: LocalFunction = {
    functionName: `civic-${name}`,
    invoke: async (event): Promise<Invocation> => {
      received.push(event as EventEnvelope);
      return fail
        ? {
            ok: false,
            error: { errorType: 'Error', errorMessage: 'no', trace: [] },
            requestId: 'r',
            durationMs: 1,
          }
        : { ok: true, value: null, requestId: 'r', durationMs: 1 };
    },
    stop: async () => undefined,
  };
  return { fn, received };
}

const consumer = (name: string, eventPattern: EventConsumer['eventPattern']): EventConsumer => ({
  name,
  entry: `functions/${name}/handler.ts`,
  eventPattern,
  tableAccess: 'none',
});

let home: string;
let bus: RunningEventBus | undefined;
let client: EventBridgeClient;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'civic-bus-'));
});
afterEach(async () => {
  client?.destroy();
  await bus?.stop();
  rmSync(home, { recursive: true, force: true });
});

async function startWith(consumers: { consumer: EventConsumer; fn: LocalFunction }[]) {
  bus = await startEventBus({
    busName: 'civic-local',
    region: 'eu-west-1',
    accountId: '123456789012',
    consumers: consumers.map((entry) => entry.consumer),
    functionFor: (wanted) => consumers.find((entry) => entry.consumer === wanted)?.fn as LocalFunction,
    archiveFile: join(home, 'events.ndjson'),
    deadLetterFile: join(home, 'dead-letters.ndjson'),
    retryDelaysMs: [10, 10],
    log: () => undefined,
  });
  // The real SDK client, redirected the way the outbox publisher's is.
  client = new EventBridgeClient({
    endpoint: bus.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return bus;
}

const submitted = {
  EventBusName: 'civic-local',
  Source: 'civic.participation',
  DetailType: 'ContributionSubmitted',
  Detail: JSON.stringify({ eventId: '01', kind: 'idea', voteCount: 3 }),
  Time: new Date('2025-03-01T10:00:00Z'),
};

describe('local event bus', () => {
  it('accepts PutEvents from the real EventBridge client and delivers an EventBridge envelope to matching consumers', async () => {
    // Prepare
    const ideas = recordingFunction('ideas');
    const votes = recordingFunction('votes');
    const running = await startWith([
      {
        consumer: consumer('ideas', { source: ['civic.participation'], detail: { kind: ['idea'] } }),
        fn: ideas.fn,
      },
      { consumer: consumer('votes', { 'detail-type': ['VoteCast'] }), fn: votes.fn },
    ]);

    // Act
    const result = await client.send(new PutEventsCommand({ Entries: [submitted] }));
    await running.idle();

    // Assess
    expect(result.FailedEntryCount).toBe(0);
    const eventId = result.Entries?.[0]?.EventId;
    expect(ideas.received).toEqual([
      {
        version: '0',
        id: eventId,
        'detail-type': 'ContributionSubmitted',
        source: 'civic.participation',
        account: '123456789012',
        time: '2025-03-01T10:00:00Z',
        region: 'eu-west-1',
        resources: [],
        detail: { eventId: '01', kind: 'idea', voteCount: 3 },
      },
    ]);
    expect(votes.received).toEqual([]);
  });

  it('archives every accepted event, one JSON line each, matched or not', async () => {
    // Prepare
    const running = await startWith([]);

    // Act
    await client.send(
      new PutEventsCommand({ Entries: [submitted, { ...submitted, DetailType: 'VoteCast' }] }),
    );
    await running.idle();

    // Assess
    const lines = readFileSync(join(home, 'events.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line['detail-type'])).toEqual(['ContributionSubmitted', 'VoteCast']);
  });

  it('fails only the entries with a malformed detail or another bus, as PutEvents does', async () => {
    // Prepare
    await startWith([]);

    // Act
    const result = await client.send(
      new PutEventsCommand({
        Entries: [submitted, { ...submitted, Detail: 'not json' }, { ...submitted, EventBusName: 'other' }],
      }),
    );

    // Assess
    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries?.map((entry) => entry.ErrorCode)).toEqual([
      undefined,
      'MalformedDetail',
      'InvalidArgument',
    ]);
  });

  it('retries a failing consumer twice, then writes the event to the dead-letter file', async () => {
    // Prepare
    const failing = recordingFunction('broken', true);
    const running = await startWith([
      { consumer: consumer('broken', { source: ['civic.participation'] }), fn: failing.fn },
    ]);

    // Act
    await client.send(new PutEventsCommand({ Entries: [submitted] }));
    await running.idle();

    // Assess
    expect(failing.received).toHaveLength(3);
    const deadLetter = JSON.parse(readFileSync(join(home, 'dead-letters.ndjson'), 'utf8'));
    expect(deadLetter).toMatchObject({
      functionName: 'civic-broken',
      event: { 'detail-type': 'ContributionSubmitted' },
    });
  });

  it('refuses other EventBridge operations with an AWS-style error', async () => {
    // Prepare
    const running = await startWith([]);

    // Act
    const response = await fetch(running.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSEvents.ListRules', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});
