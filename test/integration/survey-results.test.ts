import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/surveys/handler';
import { call } from '../support/api';
import { createSurvey, options, updateSurvey } from '../support/survey-fixtures';

const questionsV1 = [
  {
    type: 'single-choice',
    id: 'uses-park',
    title: { en: 'Use the park?' },
    options: options('yes', 'no'),
    required: true,
  },
  {
    type: 'multi-choice',
    id: 'activities',
    title: { en: 'What for?' },
    options: options('walk', 'play', 'sport'),
    showIf: { questionId: 'uses-park', anyOf: ['yes'] },
  },
  { type: 'likert', id: 'safety', title: { en: 'How safe?' }, points: 5 },
  { type: 'number', id: 'visits', title: { en: 'Visits' }, min: 0, max: 31, integer: true },
  {
    type: 'ranking',
    id: 'priorities',
    title: { en: 'Rank' },
    options: options('lights', 'benches', 'toilets'),
  },
  { type: 'text', id: 'ideas', title: { en: 'Ideas' } },
];
const questionsV2 = [
  ...questionsV1,
  { type: 'single-choice', id: 'dog', title: { en: 'Dog?' }, options: options('yes', 'no') },
];

/** A small deterministic generator, so the expected figures are the same on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

type Answers = Record<string, unknown>;

function generateAnswers(count: number, seed: number, withDog: boolean): Answers[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: count }, () => {
    const answers: Answers = { 'uses-park': pick(['yes', 'no']) };
    if (answers['uses-park'] === 'yes' && next() < 0.9)
      answers.activities = ['walk', 'play', 'sport'].filter(() => next() < 0.5);
    if ((answers.activities as string[] | undefined)?.length === 0) delete answers.activities;
    if (next() < 0.95) answers.safety = 1 + Math.floor(next() * 5);
    if (next() < 0.8) answers.visits = Math.floor(next() * 32);
    if (next() < 0.7) answers.priorities = [...['lights', 'benches', 'toilets']].sort(() => next() - 0.5);
    if (next() < 0.3) answers.ideas = 'More shade';
    if (withDog) answers.dog = pick(['yes', 'no']);
    return answers;
  });
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

async function submitAll(surveyId: string, all: Answers[]) {
  for (let start = 0; start < all.length; start += 10) {
    const batch = all.slice(start, start + 10);
    const answers = await Promise.all(
      batch.map((answers) =>
        call(handler, { method: 'POST', path: `/surveys/${surveyId}/responses`, body: { answers } }),
      ),
    );
    for (const answer of answers) if (answer.status !== 201) throw new Error(answer.body);
  }
}

describe('survey results over 2,000 responses and a version change', () => {
  let surveyId: string;
  const first = generateAnswers(1000, 7, false);
  const second = generateAnswers(1000, 11, true);
  beforeAll(async () => {
    surveyId = await createSurvey(questionsV1);
    await submitAll(surveyId, first);
    await updateSurvey(surveyId, questionsV2, 'published');
    await submitAll(surveyId, second);
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
