import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoSurveyStore } from '../../functions/surveys/dynamo-store';
import { surveyExports } from '../../functions/surveys/export';
import { handler as exportHandler } from '../../functions/surveys/export-handler';
import { handler } from '../../functions/surveys/handler';
import type { SurveyStore } from '../../functions/surveys/store';
import { call } from '../support/api';
import { createSurvey, options } from '../support/survey-fixtures';

const questions = [
  { type: 'multi-choice', id: 'needs', title: { en: 'Needs' }, options: options('food', 'housing', 'jobs') },
  { type: 'text', id: 'comment', long: true, title: { en: 'Comment' } },
  {
    type: 'location',
    id: 'where',
    title: { en: 'Where' },
    boundingBox: [-1, 50, 1, 52],
    neighbourhoods: ['Riverside', 'Old Town'],
  },
];

const tricky = [
  'Plain words',
  'Commas, and more, commas',
  'She said "more benches"',
  'Two\r\nlines',
  '=HYPERLINK("http://evil.example")',
  'Ünïcödé — ✓ 日本語',
];

const exportRequest = (
  surveyId: string,
  extra: { headers?: Record<string, string>; query?: Record<string, string> } = {},
) =>
  call(exportHandler, {
    method: 'GET',
    path: `/surveys/${surveyId}/responses`,
    role: 'analyst',
    ...extra,
  });

describe('raw survey responses', () => {
  let surveyId: string;
  const responseIds: string[] = [];

  beforeAll(async () => {
    surveyId = (await createSurvey(questions)).surveyId;
    for (const [index, comment] of tricky.entries()) {
      const answer = await call(handler, {
        method: 'POST',
        path: `/surveys/${surveyId}/responses`,
        body: {
          answers: {
            needs: index % 2 ? ['food', 'jobs'] : ['housing'],
            comment,
            where: index % 2 ? { neighbourhood: 'Old Town' } : { lat: 51.5, lon: -0.12 },
          },
          respondent: { consent: true, neighbourhood: 'Riverside', ageBand: '25-34', language: 'en' },
        },
      });
      expect(answer.status).toBe(201);
      responseIds.push(answer.json.responseId);
    }
  });

  it('pages through the responses as JSON, oldest first', async () => {
    // Act
    const first = await exportRequest(surveyId, { query: { limit: '4' } });
    const second = await exportRequest(surveyId, { query: { limit: '4', cursor: first.json.nextCursor } });

    // Assess
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/json');
    const ids = [...first.json.items, ...second.json.items].map(
      (item: { responseId: string }) => item.responseId,
    );
    expect(ids).toEqual(responseIds);
    expect(second.json.nextCursor).toBeUndefined();
    expect(first.json.items[1]).toMatchObject({
      version: 1,
      answers: { needs: ['food', 'jobs'], comment: tricky[1], where: { neighbourhood: 'Old Town' } },
      respondent: { neighbourhood: 'Riverside', ageBand: '25-34', language: 'en' },
    });
  });

  it('writes RFC 4180 CSV with a BOM, CRLF rows, quoted fields and guarded formulas', async () => {
    // Act
    const answer = await exportRequest(surveyId, { headers: { Accept: 'text/csv' } });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers['content-disposition']).toBe(
      `attachment; filename="survey-${surveyId}-responses.csv"`,
    );
    expect(answer.body.charCodeAt(0)).toBe(0xfeff);
    const body = answer.body.slice(1);
    expect(body.split('\r\n')[0]).toBe(
      'response_id,submitted_at,version,channel,neighbourhood,age_band,language,needs,comment,where',
    );
    expect(body).toContain('"Commas, and more, commas"');
    expect(body).toContain('"She said ""more benches"""');
    // Long text answers are stored with LF line breaks (shared/domain/text.ts); quoted, they stay inside the field.
    expect(body).toContain('"Two\nlines"');
    expect(body.endsWith('\r\n')).toBe(true);
    const rows = parse(body, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.response_id)).toEqual(responseIds);
    expect(rows.map((row) => row.comment)).toEqual([
      ...tricky.slice(0, 3),
      'Two\nlines',
      `'${tricky[4]}`,
      tricky[5],
    ]);
    expect(rows[0]).toMatchObject({
      needs: 'housing',
      where: '51.5 -0.12',
      neighbourhood: 'Riverside',
      age_band: '25-34',
    });
    expect(rows[1]).toMatchObject({ needs: 'food; jobs', where: 'Old Town' });
  });

  it('answers JSON unless Accept prefers CSV', async () => {
    // Act
    const anything = await exportRequest(surveyId, { headers: { Accept: '*/*' } });
    const jsonFirst = await exportRequest(surveyId, {
      headers: { Accept: 'text/csv;q=0.5, application/json' },
    });
    const csvFirst = await exportRequest(surveyId, {
      headers: { Accept: 'application/json;q=0.1, text/csv' },
    });

    // Assess
    expect(anything.headers['content-type']).toBe('application/json');
    expect(jsonFirst.headers['content-type']).toBe('application/json');
    expect(csvFirst.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('gives a survey without responses a header row only', async () => {
    // Prepare
    const empty = (await createSurvey(questions)).surveyId;

    // Act
    const answer = await exportRequest(empty, { headers: { Accept: 'text/csv' } });

    // Assess
    expect(answer.body).toBe(
      '\uFEFFresponse_id,submitted_at,version,channel,neighbourhood,age_band,language,needs,comment,where\r\n',
    );
  });

  it('refuses before streaming: 404 unknown survey, 422 unknown version or cursor, 401 for residents', async () => {
    // Act
    const unknown = await exportRequest('01JAAAAAAAAAAAAAAAAAAAAAAA', { headers: { Accept: 'text/csv' } });
    const badVersion = await exportRequest(surveyId, {
      headers: { Accept: 'text/csv' },
      query: { version: '7' },
    });
    const badCursor = await exportRequest(surveyId, { query: { cursor: 'not-a-cursor' } });
    const resident = await call(exportHandler, {
      method: 'GET',
      path: `/surveys/${surveyId}/responses`,
      headers: { Accept: 'text/csv' },
    });

    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toBe('application/problem+json');
    expect(badVersion.status).toBe(422);
    expect(badVersion.json.errors[0].path).toBe('query.version');
    expect(badCursor.status).toBe(422);
    expect(resident.status).toBe(401);
  });

  it('ends the stream with an error when reading fails half-way, never a truncated file that looks whole', async () => {
    // Prepare: the real store for the survey and its versions, then one page and a failure.
    const failing: SurveyStore = {
      ...dynamoSurveyStore,
      async *responsePages(id, filter) {
        for await (const page of dynamoSurveyStore.responsePages(id, filter)) {
          yield page;
          throw new Error('ProvisionedThroughputExceededException');
        }
      },
    };
    const csv = await surveyExports(failing).responsesCsv(surveyId, undefined);

    // Act
    const read = async () => {
      let text = '';
      for await (const chunk of csv) text += chunk;
      return text;
    };

    // Assess
    await expect(read()).rejects.toThrow('ProvisionedThroughputExceededException');
  });
});
