import { beforeAll, describe, expect, it } from 'vitest';
import { handler as commitConsumer } from '../../functions/batches/commit-consumer';
import { handler as batches } from '../../functions/batches/handler';
import { handler as petitions } from '../../functions/petitions/handler';
import { petitionSignatureBatchIntake } from '../../functions/petitions/published';
import { participantIdentity } from '../../shared/config/secrets';
import { allItems, call } from '../support/api';
import { createDelivery, outboxEvents } from '../support/events';
import {
  aResident,
  confirmLinkMailedTo,
  draftedPetition,
  publishedPetition,
  readPetition,
  signedBy,
  usePetitionSettings,
} from '../support/petition-fixtures';

/**
 * Paper signatures through the batch ingestion (issue 15): each row a confirmed signature with the
 * batch's channel, counted on the same gauge as the web's and shown apart by channel; a replayed
 * commit counts nothing twice, an unreconciled batch counts nothing, and a person who signed online
 * counts once.
 */

usePetitionSettings();

const collectedAt = '2026-05-14T12:30:00+02:00';
const commit = createDelivery(commitConsumer);

async function declare(petitionId: string, declaredRows: number) {
  return call(batches, {
    method: 'POST',
    path: '/batches',
    role: 'coordinator',
    body: {
      channel: 'paper',
      holds: { kind: 'petition-signatures', petitionId },
      collectedAt,
      place: 'Saturday market stand',
      collectedBy: 'Riverside library team',
      declaredRows,
    },
  });
}

const enter = (batchId: string, rows: Record<string, unknown>[]) =>
  call(batches, {
    method: 'POST',
    path: `/batches/${batchId}/rows`,
    role: 'coordinator',
    body: { rows: rows.map((data, index) => ({ rowNumber: index + 1, data })) },
  });

/** A CSV upload of sheet lines, under the columns a spreadsheet of the sheets would have. */
const enterCsv = (batchId: string, lines: string[]) =>
  call(batches, {
    method: 'POST',
    path: `/batches/${batchId}/rows`,
    role: 'coordinator',
    headers: { 'Content-Type': 'text/csv; charset=utf-8' },
    rawBody: ['rowNumber,name,email,address,neighbourhood,sheetId,consentToHearAboutResponse', ...lines].join(
      '\n',
    ),
  });

const requestCommit = (batchId: string) =>
  call(batches, { method: 'POST', path: `/batches/${batchId}/commit`, role: 'coordinator' });

const batchOf = async (batchId: string) =>
  (await call(batches, { method: 'GET', path: `/batches/${batchId}`, role: 'coordinator' })).json;

/** A sheet declared, entered, committed and its commit delivered: the batch as staff then read it. */
async function committedSheet(petitionId: string, rows: Record<string, unknown>[], deliveries = 1) {
  const { json } = await declare(petitionId, rows.length);
  const entered = await enter(json.batchId, rows);
  if (entered.status !== 200) throw new Error(`rows: ${entered.status} ${entered.body}`);
  const committing = await requestCommit(json.batchId);
  if (committing.status !== 202) throw new Error(`commit: ${committing.status} ${committing.body}`);
  await commit(deliveries);
  return batchOf(json.batchId);
}

const outcomesOf = (batch: { rows: { items: { outcome: string; reason?: string }[] } }) =>
  batch.rows.items.map(({ outcome, reason }) => ({ outcome, reason }));

const eventsOf = (petitionId: string, detailType: string) =>
  outboxEvents(
    (event) =>
      event['detail-type'] === detailType &&
      (event.detail as { petitionId: string }).petitionId === petitionId,
  );

describe('a paper signature sheet committed to a published petition', () => {
  let petitionId = '';
  let batchId = '';
  let online = aResident();
  let committed: Awaited<ReturnType<typeof committedSheet>>;

  beforeAll(async () => {
    // Three web signatures (creator and two sponsors): `response` (3) is reached, `debate` (5) not.
    const published = await publishedPetition();
    petitionId = published.petitionId;
    online = published.creator;
    // EventBridge delivers at least once: the commit runs three times over.
    committed = await committedSheet(
      petitionId,
      [
        // The creator, who signed online, signs the sheet too: the same address, spelled otherwise.
        { name: online.name, email: online.email.toUpperCase(), neighbourhood: 'riverside', sheetId: 'S-1' },
        {
          name: 'Paula Paper',
          email: 'paula.paper@example.org',
          address: '12 Mill Lane, Old Town',
          sheetId: 'S-1',
          collector: 'Ana',
          consentToHearAboutResponse: true,
        },
        { name: 'Nobody Emailed', neighbourhood: 'Riverside', sheetId: 'S-2' },
      ],
      3,
    );
    batchId = committed.batchId;
  });

  it('counts new signers once under `paper`, shows the channels apart and counts the online signer once', async () => {
    // Act
    const petition = await readPetition(petitionId);
    const confirmed = await eventsOf(petitionId, 'SignatureConfirmed');

    // Assess
    expect(committed.status).toBe('committed');
    expect(committed.outcomes).toMatchObject({ recorded: 2, duplicate: 1, refused: 0, 'needs-review': 0 });
    expect(outcomesOf(committed)).toEqual([
      { outcome: 'duplicate', reason: 'already-signed' },
      { outcome: 'recorded', reason: 'signed' },
      { outcome: 'recorded', reason: 'signed-without-email' },
    ]);
    expect(petition.signatures.total).toBe(5);
    expect(petition.signatures.byChannel).toEqual({ web: 3, paper: 2 });
    expect(confirmed.map((event) => (event.detail as { channel: string }).channel).sort()).toEqual([
      'paper',
      'paper',
      'web',
      'web',
      'web',
    ]);
  });

  it('crosses a threshold on the paper signatures, once', async () => {
    // Act
    const petition = await readPetition(petitionId);
    const reached = await eventsOf(petitionId, 'PetitionThresholdReached');

    // Assess
    expect(petition.reached.debate).toBeDefined();
    expect(reached.map((event) => (event.detail as { level: string }).level).sort()).toEqual([
      'debate',
      'response',
    ]);
  });

  it('keeps the batch’s provenance, the contact only where the signer ticked, and never the address', async () => {
    // Act
    const items = await allItems();
    const paper = items.filter((item) => item.type === 'PetitionSignature' && item.batchId === batchId);

    // Assess
    expect(paper).toHaveLength(2);
    const paula = paper.find((item) => item.batchRow === 2);
    expect(paula).toMatchObject({
      status: 'confirmed',
      channel: 'paper',
      neighbourhood: 'Old Town',
      sheetId: 'S-1',
      collector: 'Ana',
      name: 'Paula Paper',
      email: 'paula.paper@example.org',
      participantHash: await participantIdentity('paula.paper@example.org'),
      gsi3pk: expect.any(String),
      expiresAt: expect.any(Number),
      requestedAt: new Date(collectedAt).toISOString(),
    });
    const anonymous = paper.find((item) => item.batchRow === 3);
    expect(anonymous).toMatchObject({ channel: 'paper', neighbourhood: 'Riverside', sheetId: 'S-2' });
    expect(anonymous).not.toHaveProperty('participantHash');
    expect(anonymous).not.toHaveProperty('gsi3pk');
    // The name of a signer without an email, and any address, stay on no item once committed.
    const everything = JSON.stringify(items);
    expect(everything).not.toContain('Nobody Emailed');
    expect(everything).not.toContain('Mill Lane');
  });

  it('writes nothing twice when a row’s commit is replayed after its signature was written', async () => {
    // Prepare: a run cut short after writing row 2's signature, before recording its outcome
    const before = await readPetition(petitionId);
    const row2 = { batchId, rowNumber: 2, enteredBy: 'staff', collectedAt, channel: 'paper' as const };
    const paulaHash = await participantIdentity('paula.paper@example.org');

    // Act
    const again = await petitionSignatureBatchIntake.commitBatchRow(
      { petitionId },
      {
        value: {
          name: 'Paula Paper',
          email: 'paula.paper@example.org',
          neighbourhood: 'Old Town',
          sheetId: 'S-1',
          consentToHearAboutResponse: true,
        },
        participantHash: paulaHash,
      },
      row2,
    );
    const after = await readPetition(petitionId);

    // Assess
    expect(again).toMatchObject({ outcome: 'recorded', reason: 'signed' });
    expect(after.signatures).toEqual(before.signatures);
    expect(await eventsOf(petitionId, 'SignatureConfirmed')).toHaveLength(5);
  });
});

describe('a paper batch that cannot count', () => {
  it('refuses to commit a batch whose rows fall short of its declared total, and counts nothing', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    const { json } = await declare(petitionId, 3);
    await enter(json.batchId, [
      { name: 'Row One', email: 'row.one@example.org', neighbourhood: 'Riverside', sheetId: 'S-9' },
      { name: 'Row Two', neighbourhood: 'Old Town', sheetId: 'S-9' },
    ]);

    // Act
    const refused = await requestCommit(json.batchId);
    await commit();
    const petition = await readPetition(petitionId);

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.json.reason).toBe('unreconciled');
    expect(refused.json.detail).toContain('2 rows are entered of the 3 declared');
    expect((await batchOf(json.batchId)).status).toBe('open');
    expect(petition.signatures).toMatchObject({ total: 3, byChannel: { web: 3 } });
  });

  it('refuses a batch for a petition that is not published, or unknown', async () => {
    // Prepare
    const { petitionId: gathering } = await draftedPetition();

    // Act
    const notPublished = await declare(gathering, 1);
    const unknown = await declare('01JZ0000000000000000000000', 1);

    // Assess
    expect(notPublished.status).toBe(409);
    expect(notPublished.json.reason).toBe('target-not-open');
    expect(unknown.status).toBe(404);
  });

  it('names the row and field when a sheet line gives no neighbourhood the city knows, and enters nothing', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    const { json } = await declare(petitionId, 2);
    const lines = [
      '1,Carla Csv,carla@example.org,"3 Quay Street, Riverside",,S-3,on',
      '2,Dan Nowhere,,"4 High Street, Elsewhere",,S-3,',
    ];

    // Act
    const refused = await enterCsv(json.batchId, lines);

    // Assess
    expect(refused.status).toBe(422);
    expect(refused.json.errors).toEqual([
      expect.objectContaining({
        path: 'body.rows.1.data.neighbourhood',
        message: expect.stringContaining('Line 3'),
      }),
    ]);
    expect((await batchOf(json.batchId)).reconciliation.enteredRows).toBe(0);
  });

  it('takes a CSV sheet: the address names the neighbourhood, the tick keeps the contact', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    const { json } = await declare(petitionId, 2);
    const lines = [
      '1,Carla Csv,carla.csv@example.org,"3 Quay Street, Riverside",,S-3,on',
      '2,Dan Somewhere,,"4 High Street",Old Town,S-3,',
    ];

    // Act
    const entered = await enterCsv(json.batchId, lines);
    await requestCommit(json.batchId);
    await commit();
    const petition = await readPetition(petitionId);
    const carla = (await allItems()).find(
      (item) => item.type === 'PetitionSignature' && item.email === 'carla.csv@example.org',
    );

    // Assess
    expect(entered.status).toBe(200);
    expect((await batchOf(json.batchId)).outcomes).toMatchObject({ recorded: 2 });
    expect(petition.signatures).toMatchObject({ total: 5, byChannel: { web: 3, paper: 2 } });
    expect(carla).toMatchObject({
      neighbourhood: 'Riverside',
      consentToHearAboutResponse: true,
      channel: 'paper',
    });
  });
});

describe('paper signatures and the web’s pending ones and households', () => {
  it('counts a sheet line whose signer has not yet confirmed online; their link then counts nothing more', async () => {
    // Prepare: a resident asks to sign online but has not followed the link yet
    const { petitionId } = await publishedPetition();
    const resident = aResident();
    await call(petitions, { method: 'POST', path: `/petitions/${petitionId}/signatures`, body: resident });

    // Act
    const sheet = await committedSheet(petitionId, [
      { name: resident.name, email: resident.email, neighbourhood: 'Riverside', sheetId: 'S-4' },
    ]);
    const link = await confirmLinkMailedTo(resident.email);
    const petition = await readPetition(petitionId);

    // Assess
    expect(outcomesOf(sheet)).toEqual([{ outcome: 'recorded', reason: 'signed' }]);
    expect(link.status).toBe(409);
    expect(petition.signatures).toMatchObject({ total: 4, byChannel: { web: 3, paper: 1 } });
  });

  it('under the household rule: the same name once, other names up to the cap', async () => {
    // Prepare
    usePetitionSettings({ household: { enabled: true, maxNames: 2 } });
    const { petitionId } = await publishedPetition();
    const shared = aResident();
    await signedBy(petitionId, shared);

    // Act
    const sheet = await committedSheet(petitionId, [
      { name: shared.name.toUpperCase(), email: shared.email, neighbourhood: 'Riverside', sheetId: 'S-5' },
      { name: 'Partner Person', email: shared.email, neighbourhood: 'Riverside', sheetId: 'S-5' },
      { name: 'Third Person', email: shared.email, neighbourhood: 'Riverside', sheetId: 'S-5' },
    ]);
    usePetitionSettings();
    const petition = await readPetition(petitionId);

    // Assess
    expect(outcomesOf(sheet)).toEqual([
      { outcome: 'duplicate', reason: 'already-signed' },
      { outcome: 'recorded', reason: 'signed' },
      { outcome: 'refused', reason: 'household-full' },
    ]);
    expect(petition.signatures).toMatchObject({ total: 5, byChannel: { web: 4, paper: 1 } });
  });
});
