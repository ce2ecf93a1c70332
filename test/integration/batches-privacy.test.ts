import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler as commitConsumer } from '../../functions/batches/commit-consumer';
import { handler } from '../../functions/batches/handler';
import { personalDataHolder } from '../../functions/batches/published';
import { participantIdentity } from '../../shared/config/secrets';
import { includingExpired } from '../../shared/db/retention-filter';
import type { Person } from '../../shared/privacy/person';
import { isPastRetention } from '../../shared/privacy/retention';
import { allItems, call } from '../support/api';
import { createDelivery } from '../support/events';
import { asRetentionDue } from '../support/retention';
import { createSurvey, options } from '../support/survey-fixtures';

/**
 * Batches' part in residents' privacy (issue 14 on issue 13's holders): an uncommitted row holds
 * what the paper said until it is committed, so export finds it, erasure blanks it (the commit
 * then refuses it) and its retention ends it.
 */

const day = 24 * 60 * 60 * 1000;
const commit = createDelivery(commitConsumer);

const questions = [
  {
    type: 'single-choice',
    id: 'often',
    title: { en: 'How often do you visit?' },
    options: options('weekly', 'monthly'),
    required: true,
  },
];

async function paperBatch(declaredRows: number, doubleEntry = false) {
  const { surveyId } = await createSurvey(questions, 'published');
  const declared = await call(handler, {
    method: 'POST',
    path: '/batches',
    role: 'coordinator',
    body: {
      channel: 'paper',
      holds: { kind: 'survey-responses', surveyId },
      collectedAt: '2026-05-10T14:00:00+02:00',
      place: 'Riverside library',
      collectedBy: 'Outreach team',
      declaredRows,
      doubleEntry,
    },
  });
  if (declared.status !== 201) throw new Error(`declare: ${declared.status} ${declared.body}`);
  return declared.json.batchId as string;
}

async function enter(batchId: string, rows: [number, string, string?][], keying: 1 | 2 = 1) {
  const entered = await call(handler, {
    method: 'POST',
    path: `/batches/${batchId}/rows`,
    role: keying === 1 ? 'coordinator' : 'admin',
    ...(keying === 2 ? { query: { keying: '2' } } : {}),
    body: {
      rows: rows.map(([rowNumber, often, email]) => ({
        rowNumber,
        data: { answers: { often }, ...(email ? { email } : {}) },
      })),
    },
  });
  if (entered.status !== 200) throw new Error(`enter: ${entered.status} ${entered.body}`);
}

const commitBatch = async (batchId: string) => {
  await call(handler, { method: 'POST', path: `/batches/${batchId}/commit`, role: 'coordinator' });
  await commit();
};

const batchOf = async (batchId: string) =>
  (await call(handler, { method: 'GET', path: `/batches/${batchId}`, role: 'coordinator' })).json;

const person = async (email: string): Promise<Person> => ({
  email,
  participantHash: await participantIdentity(email),
});

/** Every row item of one batch, expired ones too (tests only: the application never scans). */
const rowItems = (batchId: string) =>
  includingExpired(async () =>
    (await allItems()).filter((item) => item.type === 'BatchRow' && item.batchId === batchId),
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('batches’ personal data holder', () => {
  it('exports the person’s uncommitted rows with where they were collected, and nothing of others', async () => {
    // Prepare
    const zelda = await person('zelda.b@example.org');
    const open = await paperBatch(2);
    await enter(open, [
      [1, 'weekly', zelda.email],
      [2, 'monthly', 'bart.b@example.org'],
    ]);
    const committed = await paperBatch(1);
    await enter(committed, [[1, 'monthly', zelda.email]]);
    await commitBatch(committed);

    // Act
    const exported = await personalDataHolder.personalDataOf(zelda);

    // Assess
    expect(exported).toEqual([
      {
        entity: 'BatchRow',
        records: [
          {
            batchId: open,
            rowNumber: 1,
            keying: 1,
            channel: 'paper',
            collectedAt: '2026-05-10T12:00:00.000Z',
            place: 'Riverside library',
            enteredAt: expect.any(String),
            'data.answers.often': 'weekly',
            'data.email': zelda.email,
          },
        ],
      },
    ]);
    expect(JSON.stringify(exported)).not.toContain(zelda.participantHash);
    expect(JSON.stringify(exported)).not.toContain('staff-coordinator');
  });

  it('blanks an erased person’s rows, both keyings, and the commit then refuses them', async () => {
    // Prepare
    const zelda = await person('zelda.e@example.org');
    const batchId = await paperBatch(2, true);
    const rows: [number, string, string?][] = [
      [1, 'weekly', zelda.email],
      [2, 'monthly', 'bart.e@example.org'],
    ];
    await enter(batchId, rows, 1);
    await enter(batchId, rows, 2);

    // Act
    await personalDataHolder.erasePerson(zelda, { erasedAs: 'E1', now: new Date() });
    const afterErasure = await rowItems(batchId);
    const reconciliation = (await batchOf(batchId)).reconciliation;
    await personalDataHolder.erasePerson(zelda, { erasedAs: 'E1', now: new Date() });
    await commitBatch(batchId);
    const detail = await batchOf(batchId);

    // Assess
    const left = JSON.stringify(afterErasure);
    expect(left).not.toContain(zelda.email);
    expect(left).not.toContain(zelda.participantHash);
    expect(afterErasure.filter((item) => item.erased === true).map((item) => item.rowNumber)).toEqual([1, 1]);
    expect(afterErasure.filter((item) => item.data).map((item) => item.rowNumber)).toEqual([2, 2]);
    expect(reconciliation).toMatchObject({ reconciled: true, enteredRows: 2, mismatchedRows: [] });
    expect(detail.status).toBe('committed');
    expect(detail.outcomes).toEqual({ recorded: 1, duplicate: 0, refused: 1, 'needs-review': 0 });
    expect(detail.rows.items[0]).toMatchObject({ rowNumber: 1, outcome: 'refused', reason: 'erased' });
    expect(await personalDataHolder.personalDataOf(zelda)).toEqual([]);
  });

  it('hides an uncommitted row past its retention, then deletes it; a committed row has none', async () => {
    // Prepare
    const start = new Date('2026-06-01T09:00:00Z');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const zelda = await person('zelda.r@example.org');
    const open = await paperBatch(1);
    await enter(open, [[1, 'weekly', zelda.email]]);
    const committed = await paperBatch(1);
    await enter(committed, [[1, 'monthly', 'bart.r@example.org']]);
    await commitBatch(committed);
    const past = new Date(start.getTime() + 181 * day);
    vi.setSystemTime(past);

    // Act
    const whenDue = await batchOf(open);
    const exportedWhenDue = await personalDataHolder.personalDataOf(zelda);
    const due = [...(await rowItems(open)), ...(await rowItems(committed))]
      .filter((item) => isPastRetention(item, past))
      .map(asRetentionDue);
    await personalDataHolder.applyRetention(due, past);
    await personalDataHolder.applyRetention(due, past);

    // Assess
    expect(whenDue.reconciliation.enteredRows).toBe(0);
    expect(whenDue.rows.items).toEqual([]);
    expect(exportedWhenDue).toEqual([]);
    expect(due.map((item) => [item.type, item.retention])).toEqual([['BatchRow', 'delete']]);
    expect(await rowItems(open)).toEqual([]);
    expect(whenDue.status).toBe('open');
    const kept = await rowItems(committed);
    expect(kept).toEqual([expect.objectContaining({ rowNumber: 1, outcome: 'recorded' })]);
    expect(kept.map((item) => [item.expiresAt, item.retention, item.gsi3pk])).toEqual([
      [undefined, undefined, undefined],
    ]);
  });
});
