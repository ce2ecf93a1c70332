import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as commitConsumer } from '../../functions/batches/commit-consumer';
import { handler } from '../../functions/batches/handler';
import { handler as impact } from '../../functions/impact/handler';
import { handler as ledger } from '../../functions/impact/ledger-consumer';
import { handler as summaryJob } from '../../functions/impact/summary-job';
import { personalDataHolder } from '../../functions/meetings/published';
import { participantIdentity } from '../../shared/config/secrets';
import { allItems, call } from '../support/api';
import { createDelivery, outboxEvents } from '../support/events';
import { aMeeting, register, registrant } from '../support/meetings-fixtures';

/**
 * Sign-in sheets at meetings entered as batches (issue 14): a registrant checked in, walk-ins
 * recorded (with an address, or anonymously), a name alone that is a registrant's left for review;
 * each attendance counted once, with the sheet's channel, in the meeting and the impact summary.
 */

const period = '2026-05';
const collectedAt = '2026-05-14T12:30:00+02:00';
const commit = createDelivery(commitConsumer);
const feedLedger = createDelivery(ledger);

async function sheet(meetingId: string, rows: Record<string, unknown>[]) {
  const declared = await call(handler, {
    method: 'POST',
    path: '/batches',
    role: 'coordinator',
    body: {
      channel: 'paper',
      holds: { kind: 'meeting-attendance', meetingId },
      collectedAt,
      place: 'Library hall',
      collectedBy: 'Front desk',
      declaredRows: rows.length,
    },
  });
  if (declared.status !== 201) throw new Error(`declare: ${declared.status} ${declared.body}`);
  const batchId = declared.json.batchId as string;
  const entered = await call(handler, {
    method: 'POST',
    path: `/batches/${batchId}/rows`,
    role: 'coordinator',
    body: { rows: rows.map((data, index) => ({ rowNumber: index + 1, data })) },
  });
  if (entered.status !== 200) throw new Error(`rows: ${entered.status} ${entered.body}`);
  const committing = await call(handler, {
    method: 'POST',
    path: `/batches/${batchId}/commit`,
    role: 'coordinator',
  });
  if (committing.status !== 202) throw new Error(`commit: ${committing.status} ${committing.body}`);
  // EventBridge delivers at least once: the commit runs three times over.
  await commit(3);
  return (await call(handler, { method: 'GET', path: `/batches/${batchId}`, role: 'coordinator' })).json;
}

const rowsOf = (batch: { rows: { items: { outcome: string; reason?: string }[] } }) =>
  batch.rows.items.map(({ outcome, reason }) => ({ outcome, reason }));

describe('a meeting’s sign-in sheet', () => {
  let meetingId = '';
  let registrationId = '';
  let first: Awaited<ReturnType<typeof sheet>>;
  let second: Awaited<ReturnType<typeof sheet>>;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-12T10:00:00Z'));
    // One seat: resident 1 holds it, resident 2 waits; the meeting is full.
    ({ meetingId } = await aMeeting({ capacity: 1 }));
    registrationId = (await register(meetingId, registrant(1))).json.registrationId;
    await register(meetingId, registrant(2));
    vi.setSystemTime(new Date('2026-05-15T09:00:00Z'));
    first = await sheet(meetingId, [
      { name: 'Resident 1', email: 'RESIDENT1@example.org' },
      { name: 'Wanda Walker', email: 'wanda@example.org', phone: '+34 600 000 111' },
      { name: 'Someone Nameless' },
      { name: '  resident 2 ' },
    ]);
    // A second sheet of the same meeting names two of them again.
    second = await sheet(meetingId, [
      { name: 'Resident 1', email: 'resident1@example.org' },
      { name: 'Wanda W.', email: 'wanda@example.org' },
    ]);
    await feedLedger(2);
    vi.setSystemTime(new Date('2026-06-02T10:00:00Z'));
    await summaryJob({ period });
  });

  afterAll(() => {
    vi.useRealTimers();
  });

  it('checks the registrant in, records both walk-ins and leaves the name-only match for review', async () => {
    // Act
    const items = await allItems();

    // Assess
    expect(first.status).toBe('committed');
    expect(rowsOf(first)).toEqual([
      { outcome: 'recorded', reason: 'checked-in' },
      { outcome: 'recorded', reason: 'walk-in' },
      { outcome: 'recorded', reason: 'anonymous-walk-in' },
      { outcome: 'needs-review', reason: 'name-matches-registration' },
    ]);
    const registration = items.find(
      (item) => item.type === 'MeetingRegistration' && item.claimId === registrationId,
    );
    expect(registration).toMatchObject({
      channel: 'web',
      attendanceChannel: 'paper',
      attendedAt: new Date(collectedAt).toISOString(),
      attendanceProvenance: { batchId: first.batchId, rowNumber: 1 },
    });
    const walkIns = items.filter((item) => item.type === 'MeetingWalkIn');
    expect(walkIns).toHaveLength(2);
    const named = walkIns.find((item) => item.contact !== undefined);
    expect(named).toMatchObject({
      contact: { name: 'Wanda Walker', email: 'wanda@example.org', phone: '+34 600 000 111' },
      channel: 'paper',
      participantHash: await participantIdentity('wanda@example.org'),
      gsi3pk: expect.any(String),
      expiresAt: expect.any(Number),
    });
    const anonymous = walkIns.find((item) => item.contact === undefined);
    expect(anonymous).not.toHaveProperty('participantHash');
    expect(anonymous).not.toHaveProperty('gsi3pk');
    expect(JSON.stringify(anonymous)).not.toContain('Nameless');
  });

  it('writes nothing twice: replayed commits and a second sheet naming the same people count no one again', async () => {
    // Act
    const items = await allItems();
    const attended = await outboxEvents((event) => event['detail-type'] === 'MeetingAttended');

    // Assess
    expect(rowsOf(second)).toEqual([
      { outcome: 'duplicate', reason: 'already-attended' },
      { outcome: 'duplicate', reason: 'already-attended' },
    ]);
    expect(items.find((item) => item.type === 'Meeting')?.attended).toBe(3);
    expect(items.filter((item) => item.type === 'MeetingWalkIn')).toHaveLength(2);
    expect(attended).toHaveLength(3);
    expect(attended.map((event) => (event.detail as { channel: string }).channel)).toEqual([
      'paper',
      'paper',
      'paper',
    ]);
    expect(attended.map((event) => (event.detail as { provenance?: unknown }).provenance)).toEqual(
      expect.arrayContaining([{ batchId: first.batchId, rowNumber: 1 }]),
    );
  });

  it('counts the sheet’s attendance in the impact summary, under `paper`', async () => {
    // Act
    const summary = await call(impact, {
      method: 'GET',
      path: `/impact/summaries/${period}`,
      role: 'analyst',
    });

    // Assess
    expect(summary.status).toBe(200);
    expect(summary.json.figures.meetingAttendance).toBe(3);
    const byChannel = Object.fromEntries(
      summary.json.channels.map((row: { channel: string }) => [row.channel, row]),
    );
    expect(byChannel.paper).toMatchObject({ meetingAttendance: 3, participants: 2 });
    expect(byChannel.web).toMatchObject({ meetingAttendance: 0 });
  });

  it('exports a walk-in’s attendance and erases it: the attendance stays counted, the person goes', async () => {
    // Prepare
    const subject = {
      email: 'wanda@example.org',
      participantHash: await participantIdentity('wanda@example.org'),
    };

    // Act
    const exported = await personalDataHolder.personalDataOf(subject);
    await personalDataHolder.erasePerson(subject, { erasedAs: 'erased-test', now: new Date() });

    // Assess
    expect(exported).toEqual([
      {
        entity: 'MeetingWalkIn',
        records: [
          expect.objectContaining({
            meetingId,
            email: 'wanda@example.org',
            name: 'Wanda Walker',
            channel: 'paper',
          }),
        ],
      },
    ]);
    const traces = ['wanda@example.org', 'Wanda Walker', '600 000 111', subject.participantHash];
    const items = await allItems();
    const holding = items.filter(
      (item) =>
        // Meetings' items only: the batch's rows and the impact ledger have their own holders.
        String(item.pk).startsWith('MEETING') && traces.some((trace) => JSON.stringify(item).includes(trace)),
    );
    expect(holding).toEqual([]);
    expect(items.filter((item) => item.type === 'MeetingWalkIn')).toHaveLength(2);
    expect(items.find((item) => item.type === 'Meeting')?.attended).toBe(3);
  });
});
