import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/surveys/handler';
import { handler as consentConsumer } from '../../functions/surveys/need-evidence-consumer';
import { personalDataHolder } from '../../functions/surveys/published';
import { participantIdentity } from '../../shared/config/secrets';
import { includingExpired } from '../../shared/db/retention-filter';
import { newId } from '../../shared/domain/ids';
import { consentWordingVersion } from '../../shared/privacy/consents';
import type { Person, RetentionDue } from '../../shared/privacy/person';
import { allItems, call } from '../support/api';
import { confirmationLinkIn, lastMailTo } from '../support/mail';
import { itemsPastRetention } from '../support/retention';
import { createSurvey, options, pendingResponse } from '../support/survey-fixtures';

/**
 * Surveys' part in residents' privacy: a person's responses under `email` assurance read out
 * (and nobody else's), erased (counts kept, free text gone, pending requests deleted) and ended
 * when their retention does.
 */

const questions = [
  {
    type: 'single-choice',
    id: 'uses-park',
    title: { en: 'Do you use the park?' },
    options: [
      { id: 'yes', label: { en: 'Yes, often' } },
      { id: 'no', label: { en: 'No' } },
    ],
    required: true,
  },
  { type: 'multi-choice', id: 'activities', title: { en: 'What for?' }, options: options('walk', 'play') },
  { type: 'text', id: 'ideas', title: { en: 'Ideas' } },
];

const alicesText = 'Call Alice on +32 470 11 22 33';
const bobsText = 'Bob would like more benches';

const personOf = async (email: string): Promise<Person> => ({
  email,
  participantHash: await participantIdentity(email),
});

/** A confirmed response under `email` assurance, with a shared profile and a free-text answer. */
async function confirmedResponse(surveyId: string, email: string, ideas: string, neighbourhood: string) {
  const answer = await call(handler, {
    method: 'POST',
    path: `/surveys/${surveyId}/responses`,
    body: {
      email,
      answers: { 'uses-park': 'yes', activities: ['walk', 'play'], ideas },
      respondent: { consent: true, neighbourhood, ageBand: '25-34' },
    },
  });
  expect(answer.status, answer.body).toBe(202);
  const link = confirmationLinkIn(await lastMailTo(email));
  const confirmed = await call(handler, { method: 'POST', path: link.path, body: { token: link.token } });
  expect(confirmed.status, confirmed.body).toBe(200);
}

const results = async (surveyId: string) =>
  (await call(handler, { method: 'GET', path: `/surveys/${surveyId}/results`, role: 'admin' })).json;

/** The figures of the results that must never change because a person was erased or expired. */
const counts = async (surveyId: string) => {
  const shown = await results(surveyId);
  return {
    totalResponses: shown.totalResponses,
    questions: (shown.questions as { questionId: string; answered: number; options?: unknown }[]).map(
      ({ questionId, answered, options }) => ({ questionId, answered, options }),
    ),
  };
};

/**
 * Two surveys: Alice and Bob (new addresses each time, as the file's tests share a table) answer
 * the first; Alice's answer to the second still awaits its link.
 */
async function twoResidents() {
  const alice = `alice.${newId().toLowerCase()}@example.org`;
  const bob = `bob.${newId().toLowerCase()}@example.org`;
  const first = await createSurvey(questions, 'published', undefined, 'email');
  const second = await createSurvey(questions, 'published', undefined, 'email');
  await confirmedResponse(first.surveyId, alice, alicesText, 'Riverside');
  await confirmedResponse(first.surveyId, bob, bobsText, 'Old Town');
  await pendingResponse(second.surveyId, alice, { 'uses-park': 'no', ideas: 'Open on Sundays' });
  return { first: first.surveyId, second: second.surveyId, alice, bob };
}

/** Every item past its retention, as the `retention` job hands them to surveys. */
function dueItems(now: Date): Promise<RetentionDue[]> {
  return itemsPastRetention(now, (item) => String(item.pk).startsWith('SURVEY#'));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a survey respondent’s personal data', () => {
  it('exports the surveys a person answered with their answers, and nothing of anyone else', async () => {
    // Prepare
    const { first, second, alice } = await twoResidents();

    // Act
    const records = await personalDataHolder.personalDataOf(await personOf(alice));

    // Assess
    const responses = records.find((entity) => entity.entity === 'SurveyResponse')?.records ?? [];
    expect(responses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          surveyId: first,
          survey: 'Park survey',
          status: 'counted',
          neighbourhood: 'Riverside',
          ageBand: '25-34',
        }),
        expect.objectContaining({ surveyId: second, survey: 'Park survey', status: 'awaiting-confirmation' }),
      ]),
    );
    expect(responses).toHaveLength(2);
    const answers = records.find((entity) => entity.entity === 'SurveyAnswer')?.records ?? [];
    expect(answers).toEqual(
      expect.arrayContaining([
        { surveyId: first, survey: 'Park survey', question: 'Do you use the park?', answer: 'Yes, often' },
        { surveyId: first, survey: 'Park survey', question: 'What for?', answer: 'walk; play' },
        { surveyId: first, survey: 'Park survey', question: 'Ideas', answer: alicesText },
        { surveyId: second, survey: 'Park survey', question: 'Ideas', answer: 'Open on Sundays' },
      ]),
    );
    const exported = JSON.stringify(records);
    expect(exported).not.toContain(bobsText);
    expect(exported).not.toContain('Old Town');
    expect(exported).not.toContain((await personOf(alice)).participantHash);
  });

  it('erases a person: the count stays, their free text and pending requests go, and a second erasure writes nothing', async () => {
    // Prepare
    const { first, second, alice } = await twoResidents();
    const person = await personOf(alice);
    const before = await counts(first);

    // Act
    await personalDataHolder.erasePerson(person, { erasedAs: 'pseudonym-1', now: new Date() });

    // Assess
    const items = await includingExpired(() => allItems());
    const surveyItems = items.filter((item) =>
      [`SURVEY#${first}`, `SURVEY#${second}`].includes(String(item.pk)),
    );
    const text = JSON.stringify(surveyItems);
    expect(text).not.toContain(person.participantHash);
    expect(text).not.toContain(alicesText);
    expect(text).not.toContain('Open on Sundays');
    expect(text).toContain(bobsText);
    expect(await counts(first)).toEqual(before);
    expect(
      surveyItems.find(
        (item) => item.pk === `SURVEY#${first}` && item.sk === 'RESPONDENT#ERASED#pseudonym-1',
      ),
    ).toMatchObject({ status: 'counted' });
    expect(await personalDataHolder.personalDataOf(person)).toEqual([]);

    // Act: again
    await personalDataHolder.erasePerson(person, { erasedAs: 'pseudonym-2', now: new Date() });

    // Assess: nothing changed
    expect(await includingExpired(() => allItems())).toEqual(items);
  });

  it('records the consent to share a profile once the response is confirmed', async () => {
    // Prepare
    const { surveyId } = await createSurvey(questions, 'published', undefined, 'email');
    const carol = 'carol.consent@example.org';
    const dave = 'dave.pending@example.org';
    const erin = 'erin.noprofile@example.org';
    const consentsOf = async (email: string) => {
      const { participantHash } = await personOf(email);
      return (await allItems())
        .filter((item) => item.detailType === 'ConsentRecorded')
        .map((item) => item.detail as { participantHash: string })
        .filter((detail) => detail.participantHash === participantHash);
    };
    await call(handler, {
      method: 'POST',
      path: `/surveys/${surveyId}/responses`,
      body: {
        email: dave,
        answers: { 'uses-park': 'no' },
        respondent: { consent: true, ageBand: '75-plus' },
      },
    });
    const withoutProfile = await pendingResponse(surveyId, erin, { 'uses-park': 'no' });
    await call(handler, {
      method: 'POST',
      path: withoutProfile.path,
      body: { token: withoutProfile.token },
    });

    // Act
    await confirmedResponse(surveyId, carol, 'Nothing else', 'Riverside');

    // Assess
    expect(await consentsOf(dave)).toEqual([]);
    expect(await consentsOf(erin)).toEqual([]);
    expect(await consentsOf(carol)).toEqual([
      expect.objectContaining({
        purpose: 'demographics',
        channel: 'web',
        context: 'surveys',
        wordingVersion: consentWordingVersion('demographics'),
      }),
    ]);
  });

  it('hides items past their retention, then anonymises them in place without changing the results', async () => {
    // Prepare
    const { first, second, alice } = await twoResidents();
    const person = await personOf(alice);
    const before = await counts(first);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.now() + 1096 * 24 * 3600 * 1000));
    const now = new Date();

    // Act
    const hidden = await counts(first);
    const exportedWhileDue = await personalDataHolder.personalDataOf(person);
    const due = await dueItems(now);
    await personalDataHolder.applyRetention(due, now);

    // Assess
    expect(hidden.totalResponses).toBe(0);
    // Only the request whose link was never followed is left to read (TTL deletes it in the cloud).
    expect(exportedWhileDue.find((entity) => entity.entity === 'SurveyResponse')?.records).toEqual(
      expect.arrayContaining([expect.objectContaining({ surveyId: second, status: 'lapsed' })]),
    );
    expect(
      exportedWhileDue.flatMap((entity) => entity.records).filter((record) => record.status === 'counted'),
    ).toEqual([]);
    expect(new Set(due.map((item) => item.type))).toEqual(
      new Set(['SurveyResponse', 'SurveyRespondent', 'SurveyResponseConfirmation']),
    );
    expect(await counts(first)).toEqual(before);
    const text = JSON.stringify(
      (await includingExpired(() => allItems())).filter((item) => item.pk === `SURVEY#${first}`),
    );
    expect(text).not.toContain(person.participantHash);
    expect(text).not.toContain(alicesText);
    expect(text).not.toContain(bobsText);
    expect(text).toContain('Riverside');
    expect(await dueItems(now)).toEqual([]);
  });

  it('removes the shared profile from a person’s responses when they withdraw consent to share demographics', async () => {
    // Prepare
    const { first, alice, bob } = await twoResidents();
    const withdrawal = async (email: string, purpose: 'demographics' | 'contact') => ({
      version: '0',
      id: newId(),
      'detail-type': 'ConsentWithdrawn',
      source: 'civic.privacy',
      account: '123456789012',
      time: new Date().toISOString(),
      region: 'eu-west-1',
      resources: [],
      detail: {
        eventId: newId(),
        occurredAt: new Date().toISOString(),
        participantHash: (await personOf(email)).participantHash,
        purpose,
        wordingVersion: consentWordingVersion(purpose),
        channel: 'web',
        context: 'privacy',
      },
    });
    const profiles = async (email: string) =>
      (
        (await personalDataHolder.personalDataOf(await personOf(email))).find(
          (entity) => entity.entity === 'SurveyResponse',
        )?.records ?? []
      ).map(({ surveyId, neighbourhood, ageBand }) => ({ surveyId, neighbourhood, ageBand }));

    // Act
    await consentConsumer(await withdrawal(bob, 'contact'));
    await consentConsumer(await withdrawal(alice, 'demographics'));

    // Assess
    expect(await profiles(alice)).toEqual(
      expect.arrayContaining([{ surveyId: first, neighbourhood: null, ageBand: null }]),
    );
    expect(await profiles(bob)).toEqual(
      expect.arrayContaining([{ surveyId: first, neighbourhood: 'Old Town', ageBand: '25-34' }]),
    );
    const riverside = await call(handler, {
      method: 'GET',
      path: `/surveys/${first}/results`,
      query: { neighbourhood: 'Riverside' },
      role: 'admin',
    });
    expect(riverside.json.totalResponses).toBe(0);
  });
});
