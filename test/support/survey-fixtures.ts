import { handler as participation } from '../../functions/participation/handler';
import { handler } from '../../functions/surveys/handler';
import { call } from './api';
import { confirmationLinkIn, lastMailTo } from './mail';

/** Options whose ids are also their English labels. */
export const options = (...ids: string[]) => ids.map((id) => ({ id, label: { en: id } }));

/** A survey made through the API under a new initiative; published unless `status` says otherwise. */
export async function createSurvey(
  questions: unknown[],
  status: 'draft' | 'published' = 'published',
  title: Record<string, string> = { en: 'Park survey' },
  assurance?: 'open' | 'email',
): Promise<{ surveyId: string; initiativeId: string }> {
  const initiative = await call(participation, {
    method: 'POST',
    path: '/initiatives',
    role: 'coordinator',
    body: { title: { en: 'Parks' } },
  });
  const initiativeId = initiative.json.initiativeId as string;
  const created = await call(handler, {
    method: 'POST',
    path: '/surveys',
    role: 'coordinator',
    body: { initiativeId, title, questions, ...(assurance ? { assurance } : {}) },
  });
  if (created.status !== 201) throw new Error(`survey: ${created.body}`);
  const surveyId = created.json.surveyId as string;
  if (status === 'published') await updateSurvey(surveyId, questions, 'published');
  return { surveyId, initiativeId };
}

export const updateSurvey = (surveyId: string, questions: unknown[], status: string) =>
  call(handler, {
    method: 'PUT',
    path: `/surveys/${surveyId}`,
    role: 'coordinator',
    body: { title: { en: 'Park survey' }, questions, status },
  });

/**
 * A survey response awaiting confirmation (the survey under `email` assurance), with the link its
 * mail carries: `path` is the confirmation route, `token` the mailed token.
 */
export async function pendingResponse(surveyId: string, email: string, answers: Record<string, unknown>) {
  const answer = await call(handler, {
    method: 'POST',
    path: `/surveys/${surveyId}/responses`,
    body: { answers, email },
  });
  if (answer.status !== 202) throw new Error(`response: ${answer.status} ${answer.body}`);
  const link = confirmationLinkIn(await lastMailTo(email.trim().toLowerCase()));
  const responseId = link.path.split('/')[4] as string;
  return { responseId, ...link };
}

/** A question of every aggregated type, with skip logic: used by the results test and the bench. */
export const parkQuestions = [
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

/**
 * Valid answers to `parkQuestions`, from a seeded generator so every run produces the same ones;
 * some optional questions are skipped, so completion rates are below 1. `extra` adds answers.
 */
export function parkAnswerGenerator(
  seed: number,
  extra: (pick: <T>(list: readonly T[]) => T) => Record<string, unknown> = () => ({}),
) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  return (): Record<string, unknown> => {
    const answers: Record<string, unknown> = { 'uses-park': pick(['yes', 'no']) };
    if (answers['uses-park'] === 'yes' && next() < 0.9) {
      const activities = ['walk', 'play', 'sport'].filter(() => next() < 0.5);
      if (activities.length > 0) answers.activities = activities;
    }
    if (next() < 0.95) answers.safety = 1 + Math.floor(next() * 5);
    if (next() < 0.8) answers.visits = Math.floor(next() * 32);
    if (next() < 0.7) answers.priorities = ['lights', 'benches', 'toilets'].sort(() => next() - 0.5);
    if (next() < 0.3) answers.ideas = 'More shade';
    return { ...answers, ...extra(pick) };
  };
}
