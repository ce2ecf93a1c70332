import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/surveys/handler';
import { call } from '../support/api';
import { createSurvey } from '../support/survey-fixtures';

const questions = [
  {
    type: 'single-choice',
    id: 'uses-park',
    title: { en: 'Do you use the park?', es: '¿Usa el parque?' },
    options: [
      { id: 'yes', label: { en: 'Yes', es: 'Sí' } },
      { id: 'no', label: { en: 'No', es: 'No' } },
    ],
    required: true,
  },
  { type: 'likert', id: 'safety', title: { en: 'How safe does it feel?' }, points: 5 },
];

const draftSurvey = () => createSurvey(questions, 'draft', { en: 'Park survey', es: 'Encuesta del parque' });

const put = (surveyId: string, body: Record<string, unknown>) =>
  call(handler, { method: 'PUT', path: `/surveys/${surveyId}`, role: 'coordinator', body });

describe('survey versions', () => {
  it('keeps a draft private, then serves the published version in the requested language', async () => {
    // Prepare
    const { surveyId } = await draftSurvey();
    const hidden = await call(handler, { method: 'GET', path: `/surveys/${surveyId}` });

    // Act
    const published = await put(surveyId, {
      title: { en: 'Park survey', es: 'Encuesta del parque' },
      questions,
      status: 'published',
    });
    const spanish = await call(handler, {
      method: 'GET',
      path: `/surveys/${surveyId}`,
      headers: { 'Accept-Language': 'es-MX,es;q=0.9,en;q=0.5' },
    });
    const forced = await call(handler, {
      method: 'GET',
      path: `/surveys/${surveyId}`,
      query: { lang: 'en' },
      headers: { 'Accept-Language': 'es' },
    });

    // Assess
    expect(hidden.status).toBe(404);
    expect(published.json).toMatchObject({ status: 'published', currentVersion: 1, publishedVersion: 1 });
    expect(spanish.json).toMatchObject({ language: 'es', title: 'Encuesta del parque', version: 1 });
    expect(spanish.json.questions[0]).toMatchObject({
      title: '¿Usa el parque?',
      options: [
        { id: 'yes', label: 'Sí' },
        { id: 'no', label: 'No' },
      ],
    });
    // A text without the language falls back to the city default.
    expect(spanish.json.questions[1].title).toBe('How safe does it feel?');
    expect(forced.json.title).toBe('Park survey');
  });

  it('edits a draft in place, and versions a published survey when its questions change', async () => {
    // Prepare
    const { surveyId } = await draftSurvey();
    const extra = { type: 'text', id: 'ideas', title: { en: 'Ideas?' } };
    await put(surveyId, { title: { en: 'Park survey' }, questions: [...questions, extra], status: 'draft' });
    await put(surveyId, {
      title: { en: 'Park survey' },
      questions: [...questions, extra],
      status: 'published',
    });

    // Act
    const retitled = await put(surveyId, {
      title: { en: 'Park survey 2026' },
      questions: [...questions, extra],
      status: 'published',
    });
    const changed = await put(surveyId, {
      title: { en: 'Park survey 2026' },
      questions,
      status: 'published',
    });
    const served = await call(handler, { method: 'GET', path: `/surveys/${surveyId}` });

    // Assess
    expect(retitled.json).toMatchObject({ currentVersion: 1, publishedVersion: 1 });
    expect(changed.json).toMatchObject({ currentVersion: 2, publishedVersion: 2 });
    expect(served.json).toMatchObject({ version: 2, title: 'Park survey 2026' });
    expect(served.json.questions.map((q: { id: string }) => q.id)).toEqual(['uses-park', 'safety']);
  });

  it('closes a survey for good', async () => {
    // Prepare
    const { surveyId } = await draftSurvey();
    await put(surveyId, { title: { en: 'Park survey' }, questions, status: 'published' });

    // Act
    const closed = await put(surveyId, { title: { en: 'Park survey' }, questions, status: 'closed' });
    const reopened = await put(surveyId, { title: { en: 'Park survey' }, questions, status: 'published' });
    const served = await call(handler, { method: 'GET', path: `/surveys/${surveyId}` });

    // Assess
    expect(closed.json).toMatchObject({ status: 'closed', publishedVersion: 1 });
    expect(reopened.status).toBe(409);
    expect(served.json.status).toBe('closed');
  });

  it('refuses to unpublish', async () => {
    const { surveyId } = await draftSurvey();
    await put(surveyId, { title: { en: 'Park survey' }, questions, status: 'published' });
    const answer = await put(surveyId, { title: { en: 'Park survey' }, questions, status: 'draft' });
    expect(answer.status).toBe(409);
    expect(answer.json.reason).toBe('survey-status');
  });

  it('names each broken question in a definition, and stores nothing', async () => {
    // Prepare
    const { surveyId } = await draftSurvey();

    // Act
    const answer = await put(surveyId, {
      title: { en: 'Park survey' },
      status: 'draft',
      questions: [
        ...questions,
        {
          type: 'text',
          id: 'safety',
          title: { en: 'Again' },
          showIf: { questionId: 'uses-park', anyOf: ['maybe'] },
        },
      ],
    });
    const after = await call(handler, {
      method: 'PUT',
      path: `/surveys/${surveyId}`,
      role: 'coordinator',
      body: { title: { en: 'Park survey' }, questions, status: 'published' },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.questions.2.id',
      'body.questions.2.showIf.anyOf.0',
    ]);
    expect(after.json.currentVersion).toBe(1);
  });

  it('refuses a survey for an unknown initiative, and answers 401/403 to non-coordinators', async () => {
    const body = { initiativeId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', title: { en: 'x' }, questions };
    expect(
      (await call(handler, { method: 'POST', path: '/surveys', role: 'coordinator', body })).status,
    ).toBe(422);
    expect((await call(handler, { method: 'POST', path: '/surveys', body })).status).toBe(401);
    expect((await call(handler, { method: 'POST', path: '/surveys', role: 'analyst', body })).status).toBe(
      403,
    );
  });
});
