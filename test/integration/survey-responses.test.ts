import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/surveys/handler';
import { allItems, call, countItems } from '../support/api';
import { createSurvey, options } from '../support/survey-fixtures';

const questions = [
  {
    type: 'single-choice',
    id: 'uses-park',
    title: { en: 'Do you use the park?' },
    options: options('yes', 'no'),
    required: true,
  },
  {
    type: 'multi-choice',
    id: 'activities',
    title: { en: 'What for?' },
    options: options('walk', 'play', 'sport'),
    maxSelections: 2,
    showIf: { questionId: 'uses-park', anyOf: ['yes'] },
  },
  { type: 'likert', id: 'safety', title: { en: 'How safe?' }, points: 5, required: true },
  { type: 'number', id: 'visits', title: { en: 'Visits a month' }, min: 0, max: 31, integer: true },
  {
    type: 'location',
    id: 'home',
    title: { en: 'Where?' },
    neighbourhoods: ['north', 'riverside'],
    boundingBox: [-1, 50, 1, 52],
  },
];

const publishedSurvey = async () => (await createSurvey(questions)).surveyId;

const respond = (surveyId: string, body: unknown, headers: Record<string, string> = {}) =>
  call(handler, { method: 'POST', path: `/surveys/${surveyId}/responses`, body, headers });

describe('survey responses', () => {
  it('stores a valid response with its version and consented profile, and emits an event', async () => {
    // Prepare
    const surveyId = await publishedSurvey();

    // Act
    const answer = await respond(surveyId, {
      answers: {
        'uses-park': 'yes',
        activities: ['walk', 'play'],
        safety: 4,
        visits: 6,
        home: { neighbourhood: 'riverside' },
      },
      respondent: { consent: true, neighbourhood: 'riverside', ageBand: '25-34' },
    });

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ surveyId, version: 1 });
    const items = await allItems();
    const stored = items.find((i) => i.sk === `RESPONSE#${answer.json.responseId}`);
    expect(stored).toMatchObject({
      version: 1,
      respondent: { neighbourhood: 'riverside', ageBand: '25-34' },
    });
    const event = items.find(
      (i) =>
        i.detailType === 'SurveyResponseSubmitted' &&
        (i.detail as { responseId: string }).responseId === answer.json.responseId,
    );
    expect(event?.detail).toMatchObject({
      surveyId,
      version: 1,
      neighbourhood: 'riverside',
      answeredQuestions: 5,
    });
  });

  it('names each question whose answer breaks its rules, and stores nothing', async () => {
    // Prepare
    const surveyId = await publishedSurvey();
    const before = await countItems();

    // Act
    const answer = await respond(surveyId, {
      answers: {
        'uses-park': 'no',
        activities: ['walk'],
        safety: 9,
        visits: 2.5,
        home: { lat: 10, lon: 0 },
        colour: 'blue',
      },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.answers.activities',
      'body.answers.colour',
      'body.answers.home',
      'body.answers.safety',
      'body.answers.visits',
    ]);
    expect(await countItems()).toBe(before);
  });

  it('takes a plain HTML form and redirects to the thank-you page', async () => {
    // Prepare
    const surveyId = await publishedSurvey();
    const form =
      'answers.uses-park=yes&answers.activities=sport&answers.safety=3&answers.home.lat=51.2&answers.home.lon=0.1&_redirect=https%3A%2F%2Fwww.example.gov%2Fthanks';

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/surveys/${surveyId}/responses`,
      rawBody: form,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(answer.status).toBe(303);
    const stored = (await allItems()).find((i) => i.type === 'SurveyResponse' && i.surveyId === surveyId);
    expect(stored?.answers).toEqual({
      'uses-park': 'yes',
      activities: ['sport'],
      safety: 3,
      home: { lat: 51.2, lon: 0.1 },
    });
  });

  it('refuses responses to a draft or closed survey with 409', async () => {
    // Prepare
    const draft = await createSurvey(questions, 'draft');
    const closedId = await publishedSurvey();
    await call(handler, {
      method: 'PUT',
      path: `/surveys/${closedId}`,
      role: 'coordinator',
      body: { title: { en: 'Park survey' }, questions, status: 'closed' },
    });
    const valid = { answers: { 'uses-park': 'no', safety: 3 } };

    // Act
    const toDraft = await respond(draft.surveyId, valid);
    const toClosed = await respond(closedId, valid);

    // Assess
    expect([toDraft.status, toClosed.status]).toEqual([409, 409]);
    expect(toClosed.json.reason).toBe('survey-not-open');
  });

  it('records the version answered when the questions change mid-stream', async () => {
    // Prepare
    const surveyId = await publishedSurvey();
    const first = await respond(surveyId, { answers: { 'uses-park': 'no', safety: 2 } });
    const changed = [...questions, { type: 'text', id: 'ideas', title: { en: 'Ideas?' } }];
    await call(handler, {
      method: 'PUT',
      path: `/surveys/${surveyId}`,
      role: 'coordinator',
      body: { title: { en: 'Park survey' }, questions: changed, status: 'published' },
    });

    // Act
    const second = await respond(surveyId, { answers: { 'uses-park': 'no', safety: 5, ideas: 'Lights' } });

    // Assess
    expect(first.json.version).toBe(1);
    expect(second.json.version).toBe(2);
  });

  it('writes a retried response once', async () => {
    const surveyId = await publishedSurvey();
    const body = { answers: { 'uses-park': 'no', safety: 1 } };
    const headers = { 'Idempotency-Key': 'survey-retry-0001' };
    const [a, b] = [await respond(surveyId, body, headers), await respond(surveyId, body, headers)];
    expect(b.json).toEqual(a.json);
    expect(
      (await allItems()).filter((i) => i.type === 'SurveyResponse' && i.surveyId === surveyId),
    ).toHaveLength(1);
  });

  it('answers only 4xx to generated malformed answers, and stores nothing', async () => {
    // Prepare
    const surveyId = await publishedSurvey();
    const before = await countItems();
    const answerValue = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('yes', 'no', 'walk', 'north'),
      fc.integer({ min: -5, max: 40 }),
    );

    // Act & Assess
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('uses-park', 'activities', 'safety', 'visits', 'home', 'other'),
          answerValue,
        ),
        fc.option(fc.jsonValue({ maxDepth: 2 })),
        async (answers, respondent) => {
          const answer = await respond(surveyId, { answers, ...(respondent === null ? {} : { respondent }) });
          if (answer.status < 300) return; // a generated set can be valid by chance
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
    const stored = (await allItems()).filter(
      (i) => i.type === 'SurveyResponse' && i.surveyId === surveyId,
    ).length;
    const events = (await allItems()).filter(
      (i) =>
        i.detailType === 'SurveyResponseSubmitted' &&
        (i.detail as { surveyId: string }).surveyId === surveyId,
    ).length;
    // Every write is a response plus its event: anything else would be a refused request leaving items.
    expect((await countItems()) - before).toBe(stored + events);
  });

  it('filters results to the respondents of one neighbourhood', async () => {
    // Prepare
    const surveyId = await publishedSurvey();
    await respond(surveyId, {
      answers: { 'uses-park': 'yes', safety: 5 },
      respondent: { consent: true, neighbourhood: 'north' },
    });
    await respond(surveyId, {
      answers: { 'uses-park': 'no', safety: 1 },
      respondent: { consent: true, neighbourhood: 'riverside' },
    });
    await respond(surveyId, { answers: { 'uses-park': 'no', safety: 2 } });

    // Act
    const all = await call(handler, { method: 'GET', path: `/surveys/${surveyId}/results`, role: 'analyst' });
    // An admin's view: one respondent is below the minimum cell size, withheld from anyone else
    // (test/integration/small-numbers.test.ts).
    const north = await call(handler, {
      method: 'GET',
      path: `/surveys/${surveyId}/results`,
      role: 'admin',
      query: { neighbourhood: 'north' },
    });

    // Assess
    expect(all.json.totalResponses).toBe(3);
    expect(north.json).toMatchObject({ neighbourhood: 'north', totalResponses: 1 });
    expect(north.json.questions.find((q: { questionId: string }) => q.questionId === 'safety')).toMatchObject(
      { mean: 5 },
    );
  });

  it('counts identical form answers from two residents, and a double-submitted form once', async () => {
    // Prepare
    const surveyId = await publishedSurvey();
    const post = (sourceIp: string) =>
      call(handler, {
        method: 'POST',
        path: `/surveys/${surveyId}/responses`,
        rawBody: 'answers.uses-park=no&answers.safety=3',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        sourceIp,
      });

    // Act
    const answers = [await post('198.51.100.1'), await post('198.51.100.1'), await post('198.51.100.2')];

    // Assess
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const stored = (await allItems()).filter((i) => i.type === 'SurveyResponse' && i.surveyId === surveyId);
    expect(stored).toHaveLength(2);
  });
});
