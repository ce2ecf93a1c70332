import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as exportHandler } from '../../functions/surveys/export-handler';
import { handler } from '../../functions/surveys/handler';
import { call } from '../support/api';
import {
  createSurvey,
  options,
  parkAnswerGenerator,
  parkQuestions,
  updateSurvey,
} from '../support/survey-fixtures';

const questionsV1 = parkQuestions;
const questionsV2 = [
  ...questionsV1,
  { type: 'single-choice', id: 'dog', title: { en: 'Dog?' }, options: options('yes', 'no') },
];

type Answers = Record<string, unknown>;

function generateAnswers(count: number, seed: number, withDog: boolean): Answers[] {
  const next = parkAnswerGenerator(seed, (pick) => (withDog ? { dog: pick(['yes', 'no']) } : {}));
  return Array.from({ length: count }, next);
}

/** The expected figures, computed directly from the generated answers (not with the code under test). */
function expected(all: Answers[], questionIds: string[]) {
  const shownActivities = all.filter((a) => a['uses-park'] === 'yes');
  const complete = all.filter((a) =>
    questionIds.every((id) => (id === 'activities' && a['uses-park'] !== 'yes') || a[id] !== undefined),
  ).length;
  const values = (id: string) =>
    all.flatMap((a) => (a[id] === undefined ? [] : [a[id] as number])).sort((x, y) => x - y);
  const median = (v: number[]) =>
    v.length % 2
      ? (v[(v.length - 1) / 2] as number)
      : ((v[v.length / 2 - 1] as number) + (v[v.length / 2] as number)) / 2;
  const mean = (v: number[]) => Math.round((v.reduce((s, x) => s + x, 0) / v.length) * 10_000) / 10_000;
  const ranked = all.flatMap((a) => (a.priorities ? [a.priorities as string[]] : []));
  return {
    total: all.length,
    complete,
    usesYes: all.filter((a) => a['uses-park'] === 'yes').length,
    activitiesShown: shownActivities.length,
    walk: all.filter((a) => (a.activities as string[] | undefined)?.includes('walk')).length,
    safety: values('safety'),
    visits: values('visits'),
    median,
    mean,
    averagePosition: (id: string) =>
      Math.round((ranked.reduce((s, order) => s + order.indexOf(id) + 1, 0) / ranked.length) * 10_000) /
      10_000,
    borda: (id: string) => ranked.reduce((s, order) => s + (order.length - 1 - order.indexOf(id)), 0),
    rankedCount: ranked.length,
    ideas: all.filter((a) => a.ideas !== undefined).length,
  };
}

/** Submits every response in order; the ids the API gave them, in the same order. */
async function submitAll(surveyId: string, all: Answers[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < all.length; start += 10) {
    const batch = all.slice(start, start + 10);
    const answers = await Promise.all(
      batch.map((answers) =>
        call(handler, { method: 'POST', path: `/surveys/${surveyId}/responses`, body: { answers } }),
      ),
    );
    for (const answer of answers) {
      if (answer.status !== 201) throw new Error(answer.body);
      ids.push(answer.json.responseId as string);
    }
  }
  return ids;
}

describe('survey results over 2,000 responses and a version change', () => {
  let surveyId: string;
  const first = generateAnswers(1000, 7, false);
  const second = generateAnswers(1000, 11, true);
  /** What each response id answered, and to which version. */
  const submitted = new Map<string, { answers: Answers; version: number }>();
  beforeAll(async () => {
    surveyId = (await createSurvey(questionsV1)).surveyId;
    const firstIds = await submitAll(surveyId, first);
    await updateSurvey(surveyId, questionsV2, 'published');
    const secondIds = await submitAll(surveyId, second);
    for (const [index, id] of firstIds.entries())
      submitted.set(id, { answers: first[index] as Answers, version: 1 });
    for (const [index, id] of secondIds.entries())
      submitted.set(id, { answers: second[index] as Answers, version: 2 });
  }, 180_000);

  it.each([
    ['version 1', 1, first, questionsV1],
    ['version 2 (the published one, by default)', undefined, second, questionsV2],
  ])('matches independently computed figures for %s', async (_label, version, answers, questions) => {
    // Act
    const results = await call(handler, {
      method: 'GET',
      path: `/surveys/${surveyId}/results`,
      role: 'analyst',
      ...(version ? { query: { version: String(version) } } : {}),
    });

    // Assess
    const e = expected(
      answers,
      questions.map((q) => q.id),
    );
    const byId = (id: string) =>
      results.json.questions.find((q: { questionId: string }) => q.questionId === id);
    expect(results.status).toBe(200);
    expect(results.json).toMatchObject({
      version: version ?? 2,
      totalResponses: e.total,
      completeResponses: e.complete,
    });
    expect(results.json.completionRate).toBeCloseTo(e.complete / e.total, 4);
    expect(byId('uses-park').options.find((o: { optionId: string }) => o.optionId === 'yes')).toMatchObject({
      count: e.usesYes,
    });
    expect(byId('activities')).toMatchObject({ shown: e.activitiesShown });
    expect(byId('activities').options.find((o: { optionId: string }) => o.optionId === 'walk').count).toBe(
      e.walk,
    );
    expect(byId('safety')).toMatchObject({
      answered: e.safety.length,
      mean: e.mean(e.safety),
      median: e.median(e.safety),
    });
    expect(byId('safety').distribution.map((d: { count: number }) => d.count)).toEqual(
      [1, 2, 3, 4, 5].map((p) => e.safety.filter((v) => v === p).length),
    );
    expect(byId('visits')).toMatchObject({
      min: e.visits[0],
      max: e.visits.at(-1),
      mean: e.mean(e.visits),
      median: e.median(e.visits),
    });
    for (const id of ['lights', 'benches', 'toilets']) {
      expect(byId('priorities').options.find((o: { optionId: string }) => o.optionId === id)).toEqual({
        optionId: id,
        averagePosition: e.averagePosition(id),
        bordaScore: e.borda(id),
      });
    }
    expect(byId('ideas').answered).toBe(e.ideas);
  });

  it('exports every response of both versions as CSV, each row equal to what was submitted', async () => {
    const answer = await call(exportHandler, {
      method: 'GET',
      path: `/surveys/${surveyId}/responses`,
      role: 'analyst',
      headers: { Accept: 'text/csv' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.body.startsWith('\uFEFF')).toBe(true);
    const rows = parse(answer.body.slice(1), { columns: true, record_delimiter: '\r\n' }) as Record<
      string,
      string
    >[];
    const questionIds = ['uses-park', 'activities', 'safety', 'visits', 'priorities', 'ideas', 'dog'];
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'response_id',
      'submitted_at',
      'version',
      'channel',
      'neighbourhood',
      'age_band',
      'language',
      ...questionIds,
    ]);
    expect(rows).toHaveLength(2000);
    // Expected cells written out by hand from the generated answers: lists joined with "; ".
    const cell = (value: unknown) =>
      value === undefined ? '' : Array.isArray(value) ? value.join('; ') : String(value);
    for (const row of rows) {
      const sent = submitted.get(row.response_id as string);
      expect(sent, row.response_id).toBeDefined();
      expect(row.version).toBe(String(sent?.version));
      for (const id of questionIds) expect(row[id], `${row.response_id} ${id}`).toBe(cell(sent?.answers[id]));
    }
    expect(new Set(rows.map((row) => row.response_id)).size).toBe(2000);
  });

  it('exports one version when asked', async () => {
    const answer = await call(exportHandler, {
      method: 'GET',
      path: `/surveys/${surveyId}/responses`,
      role: 'analyst',
      headers: { Accept: 'text/csv' },
      query: { version: '1' },
    });
    const rows = parse(answer.body.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1000);
    expect(rows.every((row) => row.version === '1')).toBe(true);
    expect(Object.keys(rows[0] ?? {})).not.toContain('dog');
  });

  it('answers 422 for a version the survey does not have, and 403 to residents', async () => {
    const missing = await call(handler, {
      method: 'GET',
      path: `/surveys/${surveyId}/results`,
      role: 'analyst',
      query: { version: '9' },
    });
    const resident = await call(handler, { method: 'GET', path: `/surveys/${surveyId}/results` });
    expect(missing.status).toBe(422);
    expect(resident.status).toBe(401);
  });
});
