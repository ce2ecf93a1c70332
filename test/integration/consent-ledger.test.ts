import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsentRecorded } from '../../events/privacy';
import { eventConsumers } from '../../functions/contexts';
import {
  consentLedgerHolder,
  consentRecordsOf,
  currentConsents,
  withdrawConsent,
} from '../../functions/privacy/consent-ledger';
import { handler as consentLedger } from '../../functions/privacy/consent-ledger-consumer';
import { handler as retentionJob } from '../../functions/privacy/retention-job';
import { matchesPattern } from '../../infra/local/event-pattern';
import { documentClient } from '../../shared/db/client';
import { privacyKeys } from '../../shared/db/keys';
import { includingExpired } from '../../shared/db/retention-filter';
import { newId } from '../../shared/domain/ids';
import { consentWordingVersion } from '../../shared/privacy/consents';
import { allItems } from '../support/api';
import { outboxEvents } from '../support/events';

const ana = { email: 'ana@example.org', participantHash: 'a'.repeat(64) };
const ben = { email: 'ben@example.org', participantHash: 'b'.repeat(64) };

/** A `ConsentRecorded` event as a context's outbox would deliver it. */
function consentGiven(
  person: { participantHash: string },
  purpose: 'contact' | 'demographics',
  occurredAt: string,
  context = 'participation',
): EventBridgeEvent<string, unknown> {
  const eventId = newId();
  return {
    version: '0',
    id: eventId,
    'detail-type': ConsentRecorded.detailType,
    source: ConsentRecorded.source,
    account: '123456789012',
    time: occurredAt,
    region: 'eu-west-1',
    resources: [],
    detail: {
      eventId,
      occurredAt,
      participantHash: person.participantHash,
      purpose,
      wordingVersion: consentWordingVersion(purpose),
      channel: 'web',
      context,
    },
  };
}

const ledgerItemsOf = async (person: { participantHash: string }) =>
  (await includingExpired(allItems)).filter((item) => item.pk === `PRIVACY#PERSON#${person.participantHash}`);

const put = (item: Record<string, unknown>) =>
  documentClient.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: item }));

afterEach(() => {
  vi.useRealTimers();
});

describe('the consent ledger', () => {
  it('is sent every consent given, from whichever context, and no other event', async () => {
    // Prepare
    const consumer = eventConsumers.find((fn) => fn.name === 'consent-ledger');
    const given = ['participation', 'surveys', 'volunteering'].map((context) =>
      consentGiven(ana, 'contact', '2026-03-01T10:00:00.000Z', context),
    );
    const withdrawn = {
      ...consentGiven(ana, 'contact', '2026-03-01T10:00:00.000Z'),
      'detail-type': 'ConsentWithdrawn',
    };

    // Act
    const routed = [...given, withdrawn].map((event) => matchesPattern(consumer?.eventPattern ?? {}, event));

    // Assess
    expect(routed).toEqual([true, true, true, false]);
  });

  it('appends a consent once however often its event is delivered', async () => {
    // Prepare
    const person = { email: 'once@example.org', participantHash: '1'.repeat(64) };
    const event = consentGiven(person, 'contact', '2026-03-01T10:00:00.000Z');

    // Act
    await consentLedger(event);
    await consentLedger(event);

    // Assess
    expect(await ledgerItemsOf(person)).toHaveLength(1);
    expect(await consentRecordsOf(person.participantHash)).toEqual([
      expect.objectContaining({
        kind: 'given',
        purpose: 'contact',
        wordingVersion: consentWordingVersion('contact'),
        channel: 'web',
        context: 'participation',
        recordedAt: '2026-03-01T10:00:00.000Z',
      }),
    ]);
  });

  it('appends a withdrawal with its ConsentWithdrawn event, and the consent is no longer current', async () => {
    // Prepare
    const person = { email: 'withdraws@example.org', participantHash: '2'.repeat(64) };
    await consentLedger(consentGiven(person, 'contact', '2026-03-01T10:00:00.000Z'));
    await consentLedger(consentGiven(person, 'demographics', '2026-03-02T10:00:00.000Z', 'surveys'));
    const requestId = newId();

    // Act
    const appended = await withdrawConsent(person, 'contact', new Date('2026-04-01T09:00:00.000Z'), {
      recordId: requestId,
    });

    // Assess
    expect(appended).toBe(true);
    expect((await consentRecordsOf(person.participantHash)).map((record) => record.kind)).toEqual([
      'given',
      'given',
      'withdrawn',
    ]);
    expect(await currentConsents(person.participantHash)).toEqual([
      {
        purpose: 'contact',
        given: false,
        wordingVersion: consentWordingVersion('contact'),
        context: 'privacy',
        since: '2026-04-01T09:00:00.000Z',
      },
      {
        purpose: 'demographics',
        given: true,
        wordingVersion: consentWordingVersion('demographics'),
        context: 'surveys',
        since: '2026-03-02T10:00:00.000Z',
      },
    ]);
    const withdrawn = await outboxEvents((event) => event['detail-type'] === 'ConsentWithdrawn');
    expect(withdrawn.map((event) => event.detail)).toEqual([
      expect.objectContaining({
        participantHash: person.participantHash,
        purpose: 'contact',
        context: 'privacy',
      }),
    ]);
  });

  it('writes nothing new when a withdrawal request is retried', async () => {
    // Prepare
    const person = { email: 'retries@example.org', participantHash: '3'.repeat(64) };
    const requestId = newId();
    await withdrawConsent(person, 'demographics', new Date('2026-04-01T09:00:00.000Z'), {
      recordId: requestId,
    });
    const eventsBefore = (await outboxEvents()).length;

    // Act
    const appended = await withdrawConsent(person, 'demographics', new Date('2026-04-01T09:05:00.000Z'), {
      recordId: requestId,
    });

    // Assess
    expect(appended).toBe(false);
    expect(await ledgerItemsOf(person)).toHaveLength(1);
    expect(await outboxEvents()).toHaveLength(eventsBefore);
  });

  it('exports one person’s ledger and nothing of another’s', async () => {
    // Prepare
    await consentLedger(consentGiven(ana, 'contact', '2026-05-01T10:00:00.000Z'));
    await consentLedger(consentGiven(ben, 'demographics', '2026-05-01T11:00:00.000Z', 'surveys'));

    // Act
    const exported = await consentLedgerHolder.personalDataOf(ana);

    // Assess
    expect(exported).toEqual([
      {
        entity: 'ConsentRecord',
        records: [
          {
            purpose: 'contact',
            kind: 'given',
            wordingVersion: consentWordingVersion('contact'),
            channel: 'web',
            context: 'participation',
            recordedAt: '2026-05-01T10:00:00.000Z',
          },
        ],
      },
    ]);
    expect(JSON.stringify(exported)).not.toContain(ben.participantHash);
    expect(JSON.stringify(exported)).not.toContain(ana.participantHash);
  });

  it('erases the person’s whole ledger, expired records too, and a second erasure writes nothing', async () => {
    // Prepare
    const person = { email: 'erased@example.org', participantHash: '4'.repeat(64) };
    const other = { email: 'stays@example.org', participantHash: '5'.repeat(64) };
    // Past its six years already: hidden from reads, still in the table until the job runs.
    await consentLedger(consentGiven(person, 'contact', '2019-01-01T10:00:00.000Z'));
    await consentLedger(consentGiven(person, 'demographics', '2026-05-01T10:00:00.000Z'));
    await consentLedger(consentGiven(other, 'contact', '2026-05-01T10:00:00.000Z'));
    const erasure = { erasedAs: newId(), now: new Date('2026-06-01T00:00:00.000Z') };

    // Act
    await consentLedgerHolder.erasePerson(person, erasure);
    const afterFirst = await includingExpired(allItems);
    await consentLedgerHolder.erasePerson(person, erasure);
    const afterSecond = await includingExpired(allItems);

    // Assess
    expect(JSON.stringify(afterFirst)).not.toContain(person.participantHash);
    expect(afterSecond).toEqual(afterFirst);
    expect(await ledgerItemsOf(other)).toHaveLength(1);
  });

  it('appends no consent made before its person was erased, and one made after', async () => {
    // Prepare
    const person = { email: 'returns@example.org', participantHash: '7'.repeat(64) };
    await put({
      ...privacyKeys.tombstone(person.participantHash),
      type: 'ErasureTombstone',
      erasedAt: '2026-05-01T00:00:00.000Z',
    });
    const late = consentGiven(person, 'contact', '2026-04-30T23:59:00.000Z');
    const anew = consentGiven(person, 'demographics', '2026-05-02T10:00:00.000Z', 'surveys');

    // Act
    await consentLedger(late);
    await consentLedger(anew);

    // Assess
    expect((await consentRecordsOf(person.participantHash)).map((record) => record.purpose)).toEqual([
      'demographics',
    ]);
  });

  it('hides records past their retention from reads, and the retention job deletes them', async () => {
    // Prepare
    const person = { email: 'kept@example.org', participantHash: '6'.repeat(64) };
    await consentLedger(consentGiven(person, 'contact', '2026-01-10T10:00:00.000Z'));
    await consentLedger(consentGiven(person, 'demographics', '2026-06-10T10:00:00.000Z'));
    vi.useFakeTimers({ toFake: ['Date'] });
    // Six years (2190 days) after the first, before the second's end.
    const now = new Date('2032-01-10T12:00:00.000Z');
    vi.setSystemTime(now);

    // Act
    const read = await consentRecordsOf(person.participantHash);
    await retentionJob({ now: now.toISOString() });

    // Assess
    expect(read.map((record) => record.purpose)).toEqual(['demographics']);
    const left = await ledgerItemsOf(person);
    expect(left.map((item) => item.purpose)).toEqual(['demographics']);
  });
});
