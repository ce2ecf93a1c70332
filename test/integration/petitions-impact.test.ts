import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PetitionResponseOverdue } from '../../events/petitions';
import { handler as commitConsumer } from '../../functions/batches/commit-consumer';
import { handler as batches } from '../../functions/batches/handler';
import { handler as impact } from '../../functions/impact/handler';
import { handler as ledger } from '../../functions/impact/ledger-consumer';
import { handler as summaryJob } from '../../functions/impact/summary-job';
import { handler as participation } from '../../functions/participation/handler';
import { dynamoPetitionsStore } from '../../functions/petitions/dynamo-store';
import { handler as petitions } from '../../functions/petitions/handler';
import { documentClient } from '../../shared/db/client';
import { domainEvent } from '../../shared/domain/domain-event';
import { newId } from '../../shared/domain/ids';
import { allItems, call } from '../support/api';
import { createDelivery } from '../support/events';
import { aResident, publishedPetition, signedBy, usePetitionSettings } from '../support/petition-fixtures';

/**
 * Petitions in the impact summary (issue 15): petitions opened, signatures confirmed (online and
 * from a paper sheet, by channel), thresholds reached, answers given and answers overdue, city-wide
 * and for the initiative a petition is linked to. Everything happens in May 2026 through the
 * petitions and batches APIs; the events reach the ledger as EventBridge would, twice over.
 *
 * The scenario, counted by hand (response at 3 signatures, debate at 6):
 * - petition A, linked to the initiative: creator, 2 sponsors, 3 signers = 6 web signatures;
 *   response reached at publication, debate at the sixth; answered.
 * - petition B, linked to none: creator, 2 sponsors = 3 web signatures (response reached at
 *   publication), then a paper sheet of 2 rows: one signer of A (by email: the same person) and one
 *   without an address (counts, but as nobody); its answer goes overdue.
 * City-wide: 2 opened, 11 signatures (9 web, 2 paper), 3 thresholds, 1 answer, 1 overdue, and
 * 9 distinct participants (6 + 3; the paper signer of A is one of A's six). The initiative: A alone.
 */

usePetitionSettings({
  types: { city: { response: { signatures: 3 }, debate: { signatures: 6 } } },
});

const period = '2026-05';
const feedLedger = createDelivery(ledger);
const commit = createDelivery(commitConsumer);

async function paperSheet(petitionId: string, rows: Record<string, unknown>[]) {
  const declared = await call(batches, {
    method: 'POST',
    path: '/batches',
    role: 'coordinator',
    body: {
      channel: 'paper',
      holds: { kind: 'petition-signatures', petitionId },
      collectedAt: '2026-05-16T11:00:00Z',
      place: 'Saturday market stand',
      collectedBy: 'Riverside library team',
      declaredRows: rows.length,
    },
  });
  if (declared.status !== 201) throw new Error(`declare: ${declared.status} ${declared.body}`);
  const batchId = declared.json.batchId as string;
  const entered = await call(batches, {
    method: 'POST',
    path: `/batches/${batchId}/rows`,
    role: 'coordinator',
    body: { rows: rows.map((data, index) => ({ rowNumber: index + 1, data })) },
  });
  if (entered.status !== 200) throw new Error(`rows: ${entered.status} ${entered.body}`);
  const committing = await call(batches, {
    method: 'POST',
    path: `/batches/${batchId}/commit`,
    role: 'coordinator',
  });
  if (committing.status !== 202) throw new Error(`commit: ${committing.status} ${committing.body}`);
  await commit();
}

const summaryOf = async (initiativeId?: string) =>
  call(impact, {
    method: 'GET',
    path: `/impact/summaries/${period}`,
    role: 'analyst',
    ...(initiativeId ? { query: { initiativeId } } : {}),
  });

const petitionFigures = (figures: Record<string, number | null>) => ({
  petitionsOpened: figures.petitionsOpened,
  petitionSignatures: figures.petitionSignatures,
  petitionThresholdsReached: figures.petitionThresholdsReached,
  petitionResponses: figures.petitionResponses,
  petitionResponsesOverdue: figures.petitionResponsesOverdue,
});

const channelRow = (channels: { channel: string }[], channel: string) =>
  channels.find((row) => row.channel === channel);

describe('petitions in the impact summary', () => {
  let initiativeId = '';
  let filed = 0;

  beforeAll(async () => {
    // The clock moves on from each moment set, so mails keep their order (the fixtures read the last one).
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(new Date('2026-05-04T09:00:00Z'));
    const initiative = await call(participation, {
      method: 'POST',
      path: '/initiatives',
      role: 'coordinator',
      body: { title: { en: 'Riverside library' } },
    });
    if (initiative.status !== 201) throw new Error(`initiative: ${initiative.body}`);
    initiativeId = initiative.json.initiativeId;

    // Petition A: published with the creator and two sponsors (3: response), then three signers (6: debate).
    vi.setSystemTime(new Date('2026-05-05T09:00:00Z'));
    const a = await publishedPetition({ initiativeId });
    const signersOfA = [aResident(), aResident(), aResident()];
    for (const signer of signersOfA) await signedBy(a.petitionId, signer);

    // Petition B: no initiative; published at 3 (response), then a paper sheet.
    vi.setSystemTime(new Date('2026-05-12T09:00:00Z'));
    const b = await publishedPetition({ title: 'A crossing at the school on Mill Road' });
    await paperSheet(b.petitionId, [
      { name: 'Paper Signer', email: signersOfA[0]?.email, neighbourhood: 'Riverside', sheetId: 'S-1' },
      { name: 'Anonymous Signer', neighbourhood: 'Old Town', sheetId: 'S-1' },
    ]);

    // A is answered; B's deadline passes unanswered (the `petition-deadline` job's mark, as it makes it).
    vi.setSystemTime(new Date('2026-05-20T09:00:00Z'));
    const answered = await call(petitions, {
      method: 'PUT',
      path: `/petitions/${a.petitionId}/response`,
      role: 'coordinator',
      body: { text: 'The library opens on Sundays from June, as a trial.', outcome: 'accepted' },
    });
    if (answered.status !== 200) throw new Error(`answer: ${answered.status} ${answered.body}`);
    vi.setSystemTime(new Date('2026-05-28T09:00:00Z'));
    const dueAt = (await dynamoPetitionsStore.getPetition(b.petitionId))?.responseDueAt as string;
    await dynamoPetitionsStore.markOverdue(
      b.petitionId,
      new Date().toISOString(),
      domainEvent(PetitionResponseOverdue, {
        eventId: newId(),
        occurredAt: new Date().toISOString(),
        petitionId: b.petitionId,
        dueAt,
      }),
    );

    // EventBridge delivers at least once: every event reaches the ledger twice.
    filed = await feedLedger(2);
    vi.setSystemTime(new Date('2026-06-01T06:00:00Z'));
    await summaryJob({ period });
  });

  afterAll(() => {
    vi.useRealTimers();
  });

  it('counts petitions opened, signatures, thresholds, answers and overdue answers city-wide', async () => {
    // Act
    const city = await summaryOf();

    // Assess
    expect(filed).toBeGreaterThan(0);
    expect(city.status).toBe(200);
    expect(petitionFigures(city.json.figures)).toEqual({
      petitionsOpened: 2,
      petitionSignatures: 11,
      petitionThresholdsReached: 3,
      petitionResponses: 1,
      petitionResponsesOverdue: 1,
    });
    // Signers are participants, once each however many petitions they sign; the anonymous paper signer is nobody.
    expect(city.json.figures.uniqueParticipants).toBe(9);
    expect(city.json.changes.petitionSignatures).toEqual({ previous: 0, absolute: 11, relative: null });
  });

  it('breaks the signatures down by channel, the paper sheet’s under `paper`', async () => {
    // Act
    const city = await summaryOf();

    // Assess
    expect(channelRow(city.json.channels, 'web')).toMatchObject({ petitionSignatures: 9, participants: 9 });
    expect(channelRow(city.json.channels, 'paper')).toMatchObject({ petitionSignatures: 2, participants: 1 });
  });

  it('counts in the initiative only the petition linked to it', async () => {
    // Act
    const linked = await summaryOf(initiativeId);

    // Assess
    expect(linked.status).toBe(200);
    expect(petitionFigures(linked.json.figures)).toEqual({
      petitionsOpened: 1,
      petitionSignatures: 6,
      petitionThresholdsReached: 2,
      petitionResponses: 1,
      petitionResponsesOverdue: 0,
    });
    expect(linked.json.figures.uniqueParticipants).toBe(6);
    expect(channelRow(linked.json.channels, 'paper')).toMatchObject({ petitionSignatures: 0 });
  });

  it('makes no initiative summary of activity that belongs to none', async () => {
    // Act
    const compiled = await summaryJob({ period });

    // Assess: the city and the one initiative, nothing for petition B.
    expect(compiled).toMatchObject({ summaries: 2 });
  });

  it('still reads a summary compiled before petitions were counted, their figures unknown', async () => {
    // Prepare: the city's summary as it was stored before the petition figures existed.
    const stored = (await allItems()).find((item) => item.type === 'ImpactSummary' && item.scope === 'city');
    const older = (record: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(record).filter(([name]) => !name.startsWith('petition')));
    await documentClient.send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: {
          ...stored,
          figures: older(stored?.figures as Record<string, unknown>),
          changes: older(stored?.changes as Record<string, unknown>),
        },
      }),
    );

    // Act
    const city = await summaryOf();

    // Assess
    expect(city.status).toBe(200);
    expect(city.json.figures.petitionsOpened).toBeNull();
    expect(city.json.changes.petitionsOpened).toEqual({ previous: null, absolute: null, relative: null });
    expect(city.json.figures.uniqueParticipants).toBe(9);
  });
});
