import { handler as participation } from '../../functions/participation/handler';
import { handler } from '../../functions/surveys/handler';
import { call } from './api';

/** Options whose ids are also their English labels. */
export const options = (...ids: string[]) => ids.map((id) => ({ id, label: { en: id } }));

/** A survey made through the API under a new initiative; published unless `status` says otherwise. */
export async function createSurvey(
  questions: unknown[],
  status: 'draft' | 'published' = 'published',
): Promise<string> {
  const initiative = await call(participation, {
    method: 'POST',
    path: '/initiatives',
    role: 'coordinator',
    body: { title: { en: 'Parks' } },
  });
  const created = await call(handler, {
    method: 'POST',
    path: '/surveys',
    role: 'coordinator',
    body: { initiativeId: initiative.json.initiativeId, title: { en: 'Park survey' }, questions },
  });
  if (created.status !== 201) throw new Error(`survey: ${created.body}`);
  const surveyId = created.json.surveyId as string;
  if (status === 'published') await updateSurvey(surveyId, questions, 'published');
  return surveyId;
}

export const updateSurvey = (surveyId: string, questions: unknown[], status: string) =>
  call(handler, {
    method: 'PUT',
    path: `/surveys/${surveyId}`,
    role: 'coordinator',
    body: { title: { en: 'Park survey' }, questions, status },
  });
