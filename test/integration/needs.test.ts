import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/surveys/handler';
import { handler as consumer } from '../../functions/surveys/need-evidence-consumer';
import { allItems, call } from '../support/api';
import { createSurvey, parkAnswerGenerator, parkQuestions } from '../support/survey-fixtures';

/** Delivers outbox events of one type, as EventBridge would (the same event may come twice). */
async function deliver(detailType: string, match: (detail: Record<string, unknown>) => boolean) {
  const events = (await allItems()).filter(
    (i) => i.detailType === detailType && match(i.detail as Record<string, unknown>),
  );
  for (const item of events) {
    await consumer({
      'detail-type': detailType,
      source: item.source,
      detail: item.detail,
    } as EventBridgeEvent<string, unknown>);
  }
  return events.length;
}

const respond = (surveyId: string, answers: Record<string, unknown>) =>
  call(handler, { method: 'POST', path: `/surveys/${surveyId}/responses`, body: { answers } });

describe('needs', () => {
  it('ranks needs by severity × share, counting earlier and later responses exactly once', async () => {
    // Prepare: 40 responses before the needs exist, 20 after.
    const { surveyId, initiativeId: owner } = await createSurvey(parkQuestions);
    const next = parkAnswerGenerator(3);
    const before = Array.from({ length: 40 }, next);
    for (const answers of before) expect((await respond(surveyId, answers)).status).toBe(201);

    // Act
    const play = await call(handler, {
      method: 'POST',
      path: '/needs',
      role: 'coordinator',
      body: {
        initiativeId: owner,
        name: { en: 'Play space' },
        severity: 4,
        evidence: [{ surveyId, questionId: 'activities', optionIds: ['play'] }],
      },
    });
    const toilets = await call(handler, {
      method: 'POST',
      path: '/needs',
      role: 'coordinator',
      body: {
        initiativeId: owner,
        name: { en: 'Public toilets' },
        severity: 2,
        evidence: [{ surveyId, questionId: 'uses-park', optionIds: ['no'] }],
      },
    });
    const unevidenced = await call(handler, {
      method: 'POST',
      path: '/needs',
      role: 'coordinator',
      body: { initiativeId: owner, name: { en: 'Wi-Fi' }, severity: 5 },
    });
    // A response may arrive while the backfill runs; markers make the overlap harmless.
    const after = Array.from({ length: 20 }, next);
    for (const answers of after) await respond(surveyId, answers);
    await deliver('NeedDefined', () => true);
    await deliver('SurveyResponseSubmitted', (d) => d.surveyId === surveyId);
    await deliver('SurveyResponseSubmitted', (d) => d.surveyId === surveyId); // redelivery
    const ranked = await call(handler, { method: 'GET', path: '/needs', query: { initiativeId: owner } });

    // Assess
    expect([play.status, toilets.status, unevidenced.status]).toEqual([201, 201, 201]);
    const all = [...before, ...after];
    const answeredActivities = all.filter((a) => a.activities !== undefined);
    const namingPlay = answeredActivities.filter((a) => (a.activities as string[]).includes('play')).length;
    const namingNo = all.filter((a) => a['uses-park'] === 'no').length;
    const playShare = Math.round((namingPlay / answeredActivities.length) * 10_000) / 10_000;
    const noShare = Math.round((namingNo / all.length) * 10_000) / 10_000;
    const byName = (name: string) =>
      ranked.json.items.find((n: { name: { en: string } }) => n.name.en === name);
    expect(byName('Play space').evidence[0]).toMatchObject({
      answered: answeredActivities.length,
      naming: namingPlay,
      share: playShare,
    });
    expect(byName('Public toilets').evidence[0]).toMatchObject({
      answered: 60,
      naming: namingNo,
      share: noShare,
    });
    expect(byName('Wi-Fi')).toMatchObject({ share: 0, score: 0 });
    const scores = ranked.json.items.map((n: { score: number }) => n.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('refuses evidence that names a question or option the survey lacks', async () => {
    const { surveyId, initiativeId: owner } = await createSurvey(parkQuestions);
    const post = (evidence: unknown) =>
      call(handler, {
        method: 'POST',
        path: '/needs',
        role: 'coordinator',
        body: { initiativeId: owner, name: { en: 'x' }, severity: 3, evidence: [evidence] },
      });
    const noQuestion = await post({ surveyId, questionId: 'nope', optionIds: ['a'] });
    const notChoice = await post({ surveyId, questionId: 'safety', optionIds: ['a'] });
    const noOption = await post({ surveyId, questionId: 'uses-park', optionIds: ['maybe'] });
    expect(noQuestion.json.errors[0].path).toBe('body.evidence.0.questionId');
    expect(notChoice.json.errors[0].path).toBe('body.evidence.0.questionId');
    expect(noOption.json.errors[0].path).toBe('body.evidence.0.optionIds');
  });
});
