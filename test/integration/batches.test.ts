import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchesRoutes } from '../../functions/batches/api';
import { handler as commitConsumer } from '../../functions/batches/commit-consumer';
import { dynamoBatchStore } from '../../functions/batches/dynamo-store';
import { handler } from '../../functions/batches/handler';
import { batchIntakes } from '../../functions/batches/intakes';
import { batchService } from '../../functions/batches/service';
import { handler as participation } from '../../functions/participation/handler';
import { handler as exportHandler } from '../../functions/surveys/export-handler';
import { handler as surveys } from '../../functions/surveys/handler';
import { participantIdentity } from '../../shared/config/secrets';
import { documentClient } from '../../shared/db/client';
import { privacyKeys } from '../../shared/db/keys';
import { allItems, call } from '../support/api';
import { expectMalformedBodiesRefused } from '../support/bad-input';
import { createDelivery } from '../support/events';
import { openEngagement } from '../support/fixtures';
import { createSurvey, options, pendingResponse } from '../support/survey-fixtures';

/**
 * Staff-entered batches (issue 14): paper survey responses and ideas, declared with their count,
 * keyed (once or twice), reconciled, then committed row by row through the owner's intake.
 */

const questions = [
  {
    type: 'single-choice',
    id: 'often',
    title: { en: 'How often do you visit?' },
    options: options('weekly', 'monthly'),
    required: true,
  },
];

const commit = createDelivery(commitConsumer);

const declare = (body: Record<string, unknown>) =>
  call(handler, {
    method: 'POST',
    path: '/batches',
    role: 'coordinator',
    body: {
      channel: 'paper',
      collectedAt: '2026-05-10T14:00:00+02:00',
      place: 'Riverside library',
      collectedBy: 'Outreach team',
      ...body,
    },
  });

const enter = (
  batchId: string,
  rows: unknown[],
  options: { keying?: 1 | 2; role?: 'coordinator' | 'admin' } = {},
) =>
  call(handler, {
    method: 'POST',
    path: `/batches/${batchId}/rows`,
    role: options.role ?? 'coordinator',
    ...(options.keying ? { query: { keying: String(options.keying) } } : {}),
    body: { rows },
  });

const requestCommit = (batchId: string) =>
  call(handler, { method: 'POST', path: `/batches/${batchId}/commit`, role: 'coordinator' });

const batchOf = async (batchId: string) =>
  (await call(handler, { method: 'GET', path: `/batches/${batchId}`, role: 'coordinator' })).json;

const paperRow = (rowNumber: number, often: string, email?: string) => ({
  rowNumber,
  data: { answers: { often }, ...(email ? { email } : {}) },
});

async function paperSurveyBatch(
  declaredRows: number,
  assurance: 'open' | 'email' = 'open',
  doubleEntry = false,
) {
  const survey = await createSurvey(questions, 'published', undefined, assurance);
  const declared = await declare({
    holds: { kind: 'survey-responses', surveyId: survey.surveyId },
    declaredRows,
    doubleEntry,
  });
  if (declared.status !== 201) throw new Error(`declare: ${declared.status} ${declared.body}`);
  return { ...survey, batchId: declared.json.batchId as string };
}

const responseItems = async (surveyId: string) =>
  (await allItems()).filter((item) => item.type === 'SurveyResponse' && item.surveyId === surveyId);

describe('batches', () => {
  it('enters a replayed row once and commits it once, however often the commit runs', async () => {
    // Prepare
    const { surveyId, batchId } = await paperSurveyBatch(2);
    const rows = [paperRow(1, 'weekly'), paperRow(2, 'monthly')];

    // Act
    const first = await enter(batchId, rows);
    const replay = await enter(batchId, rows);
    const committing = await requestCommit(batchId);
    await commit(3);
    const after = await batchOf(batchId);

    // Assess
    expect(first.json).toMatchObject({ added: 2, unchanged: 0 });
    expect(replay.json).toMatchObject({ added: 0, unchanged: 2 });
    expect(committing.status).toBe(202);
    expect(after.status).toBe('committed');
    expect(after.outcomes).toEqual({ recorded: 2, duplicate: 0, refused: 0, 'needs-review': 0 });
    expect(await responseItems(surveyId)).toHaveLength(2);
  });

  it('refuses other data for a row already entered, naming the row', async () => {
    // Prepare
    const { batchId } = await paperSurveyBatch(2);
    await enter(batchId, [paperRow(1, 'weekly')]);

    // Act
    const changed = await enter(batchId, [paperRow(2, 'weekly'), paperRow(1, 'monthly')]);

    // Assess
    expect(changed.status).toBe(409);
    expect(changed.json.detail).toContain('Rows 1 ');
    expect((await batchOf(batchId)).reconciliation.enteredRows).toBe(1);
  });

  it('cannot commit while the entered rows differ from the declared count', async () => {
    // Prepare
    const { surveyId, batchId } = await paperSurveyBatch(3);
    await enter(batchId, [paperRow(1, 'weekly'), paperRow(2, 'monthly')]);

    // Act
    const refused = await requestCommit(batchId);
    await commit();

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.json.reason).toBe('unreconciled');
    expect(refused.json.detail).toContain('2 rows are entered of the 3 declared');
    expect((await batchOf(batchId)).status).toBe('open');
    expect(await responseItems(surveyId)).toHaveLength(0);
  });

  it('cannot commit a double-keyed batch with one mismatching row, and names the row', async () => {
    // Prepare
    const { surveyId, batchId } = await paperSurveyBatch(3, 'open', true);
    await enter(batchId, [paperRow(1, 'weekly'), paperRow(2, 'monthly'), paperRow(3, 'weekly')]);
    await enter(batchId, [paperRow(1, 'weekly'), paperRow(2, 'weekly'), paperRow(3, 'weekly')], {
      keying: 2,
      role: 'admin',
    });

    // Act
    const refused = await requestCommit(batchId);
    const detail = await batchOf(batchId);

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.json.reason).toBe('unreconciled');
    expect(refused.json.detail).toContain('rows 2 differ between the two keyings');
    expect(detail.reconciliation).toMatchObject({ reconciled: false, mismatchedRows: [2], unkeyedRows: [] });
    expect(detail.rows.items.map((row: { secondKeying: string }) => row.secondKeying)).toEqual([
      'matches',
      'differs',
      'matches',
    ]);
    expect(await responseItems(surveyId)).toHaveLength(0);
  });

  it('refuses a second keying by the person who keyed the first', async () => {
    // Prepare
    const { batchId } = await paperSurveyBatch(1, 'open', true);
    await enter(batchId, [paperRow(1, 'weekly')]);

    // Act
    const same = await enter(batchId, [paperRow(1, 'weekly')], { keying: 2 });

    // Assess
    expect(same.status).toBe(409);
    expect(same.json.reason).toBe('same-person');
    expect((await batchOf(batchId)).reconciliation.secondKeyedRows).toBe(0);
  });

  it('counts committed paper responses in results and the CSV export with channel paper', async () => {
    // Prepare
    const { surveyId, batchId } = await paperSurveyBatch(3);
    await call(surveys, {
      method: 'POST',
      path: `/surveys/${surveyId}/responses`,
      body: { answers: { often: 'weekly' } },
    });
    await enter(batchId, [paperRow(1, 'weekly'), paperRow(2, 'monthly'), paperRow(3, 'monthly')]);

    // Act
    await requestCommit(batchId);
    await commit();
    const results = await call(surveys, {
      method: 'GET',
      path: `/surveys/${surveyId}/results`,
      role: 'analyst',
    });
    const csv = await call(exportHandler, {
      method: 'GET',
      path: `/surveys/${surveyId}/responses`,
      role: 'analyst',
      headers: { Accept: 'text/csv' },
    });

    // Assess
    const rows = parse(csv.body, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.filter((row) => row.channel === 'paper')).toHaveLength(3);
    expect(rows.filter((row) => row.channel === 'web')).toHaveLength(1);
    expect(results.json.channels).toEqual(
      expect.arrayContaining([
        { channel: 'paper', count: 3 },
        { channel: 'web', count: 1 },
      ]),
    );
  });

  it('does not count twice an address whose response already counts on the web', async () => {
    // Prepare
    const { surveyId, batchId } = await paperSurveyBatch(3, 'email');
    const web = await pendingResponse(surveyId, 'ana@example.org', { often: 'weekly' });
    const confirmed = await call(surveys, { method: 'POST', path: web.path, body: { token: web.token } });
    if (confirmed.status >= 300) throw new Error(`confirm: ${confirmed.status} ${confirmed.body}`);
    await enter(batchId, [
      paperRow(1, 'monthly', ' Ana@Example.org '),
      paperRow(2, 'monthly', 'ben@example.org'),
      paperRow(3, 'monthly'),
    ]);

    // Act
    await requestCommit(batchId);
    await commit();
    const detail = await batchOf(batchId);

    // Assess
    expect(detail.outcomes).toEqual({ recorded: 1, duplicate: 1, refused: 0, 'needs-review': 1 });
    expect(detail.rows.items.map((row: { outcome: string }) => row.outcome)).toEqual([
      'duplicate',
      'recorded',
      'needs-review',
    ]);
    const counted = await responseItems(surveyId);
    expect(counted.map((item) => item.channel).sort()).toEqual(['paper', 'web']);
  });

  it('does not bring back the address of a person erased at their own request', async () => {
    // Prepare
    const { surveyId, batchId } = await paperSurveyBatch(1);
    const hash = await participantIdentity('gone@example.org');
    await documentClient.send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: { ...privacyKeys.tombstone(hash), type: 'ErasureTombstone', participantHash: hash },
      }),
    );
    await enter(batchId, [paperRow(1, 'weekly', 'gone@example.org')]);

    // Act
    await requestCommit(batchId);
    await commit();

    // Assess
    expect((await batchOf(batchId)).outcomes).toMatchObject({ recorded: 0, refused: 1 });
    expect(await responseItems(surveyId)).toHaveLength(0);
    const rowsWithData = (await allItems()).filter(
      (item) => item.type === 'BatchRow' && item.batchId === batchId && item.data,
    );
    expect(rowsWithData).toHaveLength(0);
  });

  it('takes a CSV upload of ideas and commits them as contributions from paper', async () => {
    // Prepare
    // Open since before the paper was collected: an idea counts if the engagement was open then.
    const { engagementId } = await openEngagement({ opensAt: '2026-01-01T00:00:00Z' });
    const declared = await declare({
      holds: { kind: 'ideas', engagementId },
      declaredRows: 2,
      channel: 'in-person',
    });
    const csv = [
      'rowNumber,title,body,participant.email,participant.consentToContact',
      '1,A splash pad,Somewhere cool for children,ana@example.org,true',
      '2,More benches,"Near the pond, please",,',
    ].join('\n');

    // Act
    const entered = await call(handler, {
      method: 'POST',
      path: `/batches/${declared.json.batchId}/rows`,
      role: 'coordinator',
      headers: { 'Content-Type': 'text/csv; charset=utf-8' },
      rawBody: csv,
    });
    await requestCommit(declared.json.batchId);
    await commit();
    const listed = await call(participation, {
      method: 'GET',
      path: `/engagements/${engagementId}/contributions`,
    });

    // Assess
    expect(entered.status).toBe(200);
    expect(entered.json).toMatchObject({ added: 2 });
    expect((await batchOf(declared.json.batchId)).outcomes).toMatchObject({ recorded: 2 });
    expect(listed.json.items.map((idea: { title: string }) => idea.title).sort()).toEqual([
      'A splash pad',
      'More benches',
    ]);
    const stored = (await allItems()).filter((item) => item.type === 'Contribution');
    expect(stored.map((item) => item.channel)).toEqual(['in-person', 'in-person']);
    expect(stored.find((item) => item.title === 'More benches')?.participantHash).toBeUndefined();
    expect(stored.find((item) => item.title === 'A splash pad')?.provenance).toMatchObject({
      batchId: declared.json.batchId,
      rowNumber: 1,
      enteredBy: 'staff-coordinator',
    });
  });

  it('resumes a large commit across runs, each asking for the next, until every row is committed', async () => {
    // Prepare
    const { surveyId, batchId } = await paperSurveyBatch(3);
    await enter(batchId, [paperRow(1, 'weekly'), paperRow(2, 'monthly'), paperRow(3, 'weekly')]);
    await requestCommit(batchId);
    const service = batchService(dynamoBatchStore, batchIntakes, {
      identify: participantIdentity,
      isErased: async () => false,
    });

    // Act
    const firstRun = await service.runCommit(batchId, 1);
    const midway = await batchOf(batchId);
    await commit(2);
    const after = await batchOf(batchId);

    // Assess
    expect(firstRun).toBe('continued');
    expect(midway.status).toBe('committing');
    expect(midway.rows.items.map((row: { outcome?: string }) => row.outcome)).toEqual([
      'recorded',
      undefined,
      undefined,
    ]);
    expect(after.status).toBe('committed');
    expect(after.outcomes).toMatchObject({ recorded: 3 });
    expect(await responseItems(surveyId)).toHaveLength(3);
  });

  it('refuses an idea collected before its engagement opened', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const declared = await declare({ holds: { kind: 'ideas', engagementId }, declaredRows: 1 });
    await enter(declared.json.batchId, [
      { rowNumber: 1, data: { title: 'A splash pad', body: 'Somewhere cool.' } },
    ]);

    // Act
    await requestCommit(declared.json.batchId);
    await commit();
    const detail = await batchOf(declared.json.batchId);

    // Assess
    expect(detail.rows.items).toEqual([
      expect.objectContaining({ rowNumber: 1, outcome: 'refused', reason: 'engagement-not-open' }),
    ]);
    const ideas = (await allItems()).filter(
      (item) => item.type === 'Contribution' && item.engagementId === engagementId,
    );
    expect(ideas).toHaveLength(0);
  });

  it('lists batches newest first, for coordinators only', async () => {
    // Prepare
    const older = await paperSurveyBatch(1);
    const newer = await paperSurveyBatch(1);

    // Act
    const listed = await call(handler, {
      method: 'GET',
      path: '/batches',
      role: 'coordinator',
      query: { limit: '2' },
    });
    const byAnalyst = await call(handler, { method: 'GET', path: '/batches', role: 'analyst' });

    // Assess
    expect(listed.json.items.map((batch: { batchId: string }) => batch.batchId)).toEqual([
      newer.batchId,
      older.batchId,
    ]);
    expect(byAnalyst.status).toBe(403);
  });

  it('refuses a malformed CSV naming its line, a bad row naming its field, and other media types', async () => {
    // Prepare
    const { batchId } = await paperSurveyBatch(3);
    const send = (rawBody: string, type = 'text/csv') =>
      call(handler, {
        method: 'POST',
        path: `/batches/${batchId}/rows`,
        role: 'coordinator',
        headers: { 'Content-Type': type },
        rawBody,
      });

    // Act
    const malformed = await send('rowNumber,answers.often\n1,weekly\n2,"monthly\n');
    const badRow = await send('rowNumber,answers.often\n1,weekly\n2,daily\n');
    const plain = await send('rowNumber,answers.often\n1,weekly\n', 'text/plain');

    // Assess
    expect(malformed.status).toBe(400);
    expect(malformed.json.detail).toMatch(/line 3/);
    expect(badRow.status).toBe(422);
    expect(badRow.json.errors).toEqual([
      expect.objectContaining({
        path: 'body.rows.1.data.answers.often',
        message: expect.stringContaining('Line 3'),
      }),
    ]);
    expect(plain.status).toBe(415);
    expect((await batchOf(batchId)).reconciliation.enteredRows).toBe(0);
  });

  const anyJson = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.record(
      {
        channel: fc.oneof(fc.constantFrom('paper', 'web', 'phone'), fc.string()),
        holds: fc.oneof(fc.record({ kind: fc.string(), surveyId: fc.string() }), fc.string()),
        declaredRows: fc.oneof(fc.integer(), fc.string()),
        rows: fc.oneof(
          fc.array(
            fc.record({
              rowNumber: fc.oneof(fc.integer(), fc.string()),
              data: fc.jsonValue({ maxDepth: 2 }),
            }),
          ),
          fc.string(),
        ),
      },
      { requiredKeys: [] },
    ),
  );
  const writes = batchesRoutes.filter((route) => route.method !== 'GET');

  it('covers every write route', () => {
    expect(writes.map((route) => route.operationId).sort()).toEqual([
      'commitBatch',
      'declareBatch',
      'enterBatchRows',
    ]);
  });

  it.each(writes.map((route) => [route.operationId, route] as const))(
    '%s answers only 4xx to malformed bodies and writes nothing',
    async (_name, route) => {
      // Prepare
      const { batchId } = await paperSurveyBatch(2);
      const path = route.path.replace('{batchId}', batchId);

      // Act & Assess
      const refused = await expectMalformedBodiesRefused(
        (input) => call(handler, { method: route.method, path, role: 'coordinator', ...input }),
        anyJson,
        { numRuns: 40 },
      );
      if (route.operationId !== 'commitBatch') expect(refused).toBeGreaterThan(30);
    },
  );

  it('answers 404 for a batch that does not exist and 4xx for a malformed ID', async () => {
    // Act
    const missing = await call(handler, {
      method: 'GET',
      path: '/batches/01JDKC0A1B2C3D4E5F6G7H8J9M',
      role: 'coordinator',
    });
    const malformed = await call(handler, { method: 'GET', path: '/batches/nope', role: 'coordinator' });

    // Assess
    expect(missing.status).toBe(404);
    expect(malformed.status).toBe(422);
  });
});
