import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { surveyRoutes } from '../../functions/surveys/api';
import { dynamoSurveyStore } from '../../functions/surveys/dynamo-store';
import { handler as exportHandler } from '../../functions/surveys/export-handler';
import { handler } from '../../functions/surveys/handler';
import { handler as needEvidence } from '../../functions/surveys/need-evidence-consumer';
import { surveyService } from '../../functions/surveys/service';
import { documentClient } from '../../shared/db/client';
import { keys } from '../../shared/db/keys';
import { allItems, call, comparableAnswer, countItems } from '../support/api';
import { expectMalformedBodiesRefused } from '../support/bad-input';
import { createDelivery } from '../support/events';
import { confirmationLinkIn, lastMailTo, sentMail } from '../support/mail';
import { createSurvey, options, pendingResponse } from '../support/survey-fixtures';

const questions = [
  {
    type: 'single-choice',
    id: 'uses-park',
    title: { en: 'Do you use the park?' },
    options: options('yes', 'no'),
    required: true,
  },
  { type: 'text', id: 'ideas', title: { en: 'Ideas' } },
];

const yes = { 'uses-park': 'yes' };

/** A published survey whose responses count once confirmed by email. */
const emailSurvey = async () => createSurvey(questions, 'published', undefined, 'email');

const respond = (surveyId: string, body: unknown, headers: Record<string, string> = {}) =>
  call(handler, { method: 'POST', path: `/surveys/${surveyId}/responses`, body, headers });

const confirm = (path: string, token: string) => call(handler, { method: 'POST', path, body: { token } });

const results = async (surveyId: string) =>
  (await call(handler, { method: 'GET', path: `/surveys/${surveyId}/results`, role: 'analyst' })).json;

const exported = (surveyId: string, headers: Record<string, string> = {}) =>
  call(exportHandler, { method: 'GET', path: `/surveys/${surveyId}/responses`, role: 'analyst', headers });

const responseEvents = async (surveyId: string) =>
  (await allItems()).filter(
    (item) =>
      item.detailType === 'SurveyResponseSubmitted' &&
      (item.detail as { surveyId: string }).surveyId === surveyId,
  );

const countedItems = async (surveyId: string) =>
  (await allItems()).filter(
    (item) => item.pk === `SURVEY#${surveyId}` && String(item.sk).startsWith('RESPONSE#'),
  );

const failingMailer = {
  send: () => Promise.reject(new Error('Nothing is mailed when a link is opened or confirmed.')),
};

describe('a survey’s assurance level', () => {
  it('is `open` unless staff choose `email`, and shows in the staff and public resource', async () => {
    // Prepare
    const { surveyId: openId } = await createSurvey(questions);
    const { surveyId: emailId } = await emailSurvey();

    // Act
    const openPublic = await call(handler, { method: 'GET', path: `/surveys/${openId}` });
    const emailPublic = await call(handler, { method: 'GET', path: `/surveys/${emailId}` });
    const switched = await call(handler, {
      method: 'PUT',
      path: `/surveys/${openId}`,
      role: 'coordinator',
      body: { title: { en: 'Park survey' }, questions, status: 'published', assurance: 'email' },
    });
    const kept = await call(handler, {
      method: 'PUT',
      path: `/surveys/${openId}`,
      role: 'coordinator',
      body: { title: { en: 'Park survey' }, questions, status: 'published' },
    });

    // Assess
    expect(openPublic.json.assurance).toBe('open');
    expect(emailPublic.json.assurance).toBe('email');
    expect(switched.json.assurance).toBe('email');
    expect(kept.json.assurance).toBe('email');
  });

  it('reads a survey stored before assurance levels as `open`', async () => {
    // Prepare
    const { surveyId } = await createSurvey(questions);
    const item = (await allItems()).find((i) => i.pk === `SURVEY#${surveyId}` && i.sk === '#META');
    const { assurance: _assurance, ...older } = item as Record<string, unknown>;
    await documentClient.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: older }));

    // Act
    const survey = await call(handler, { method: 'GET', path: `/surveys/${surveyId}` });
    const answer = await respond(surveyId, { answers: yes });

    // Assess
    expect(survey.json.assurance).toBe('open');
    expect(answer.status).toBe(201);
  });
});

describe('survey responses under email assurance', () => {
  it('counts a response only once its emailed link is confirmed: results, exports and events', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();

    // Act
    const answer = await respond(surveyId, { answers: { ...yes, ideas: 'Shade' }, email: 'ana@example.org' });
    const before = await results(surveyId);
    const pageBefore = await exported(surveyId);
    const csvBefore = await exported(surveyId, { Accept: 'text/csv' });
    const eventsBefore = await responseEvents(surveyId);
    const link = confirmationLinkIn(await lastMailTo('ana@example.org'));
    const confirmed = await confirm(link.path, link.token);
    const after = await results(surveyId);
    const pageAfter = await exported(surveyId);
    const csvAfter = await exported(surveyId, { Accept: 'text/csv' });

    // Assess
    expect(answer.status).toBe(202);
    expect(answer.json.status).toBe('check-your-email');
    expect(before).toMatchObject({ totalResponses: 0, awaitingConfirmation: 1 });
    expect(pageBefore.json.items).toEqual([]);
    expect(csvBefore.body.split('\r\n').filter(Boolean)).toHaveLength(1);
    expect(eventsBefore).toEqual([]);
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ status: 'confirmed' });
    expect(after).toMatchObject({ totalResponses: 1, awaitingConfirmation: 0 });
    expect(pageAfter.json.items).toHaveLength(1);
    expect(pageAfter.json.items[0]).toMatchObject({ answers: { 'uses-park': 'yes', ideas: 'Shade' } });
    expect(csvAfter.body.split('\r\n').filter(Boolean)).toHaveLength(2);
    const events = await responseEvents(surveyId);
    expect(events.map((event) => event.detail)).toMatchObject([{ assurance: 'email', complete: true }]);
  });

  it('feeds needs’ evidence only with confirmed responses', async () => {
    // Prepare
    const { surveyId, initiativeId } = await emailSurvey();
    const need = await call(handler, {
      method: 'POST',
      path: '/needs',
      role: 'coordinator',
      body: {
        initiativeId,
        name: { en: 'Park use' },
        severity: 3,
        evidence: [{ surveyId, questionId: 'uses-park', optionIds: ['yes'] }],
      },
    });
    const deliver = createDelivery(needEvidence);
    await deliver();
    const confirmedLink = await pendingResponse(surveyId, 'counted@example.org', yes);
    await pendingResponse(surveyId, 'waiting@example.org', yes);

    // Act
    await confirm(confirmedLink.path, confirmedLink.token);
    await deliver(2);
    const ranked = await call(handler, { method: 'GET', path: '/needs', query: { initiativeId } });

    // Assess
    expect(need.status).toBe(201);
    expect(ranked.json.items[0].needId).toBe(need.json.needId);
    expect(ranked.json.items[0].evidence).toMatchObject([{ answered: 1, naming: 1, share: 1 }]);
  });

  it('keeps only the token’s hash and no address', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();

    // Act
    const { token } = await pendingResponse(surveyId, 'private@example.org', yes);

    // Assess
    const stored = JSON.stringify(await allItems());
    expect(stored).not.toContain(token);
    expect(stored).not.toContain('private@example.org');
  });

  it('changes nothing when the link is opened (GET), in a browser or by a program', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();
    const link = await pendingResponse(surveyId, 'scanner@example.org', yes);
    const before = await allItems();

    // Act
    const page = await call(handler, {
      method: 'GET',
      path: link.path,
      query: { token: link.token },
      headers: { Accept: 'text/html' },
    });
    const json = await call(handler, { method: 'GET', path: link.path, query: { token: link.token } });

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<form method="post" action="confirmation">');
    expect(json.json.status).toBe('awaiting-confirmation');
    expect(json.json.what).toBe('your response to the survey “Park survey”');
    expect(await allItems()).toEqual(before);
  });

  it('counts a confirmation posted twice once, and answers both the same way', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();
    const link = await pendingResponse(surveyId, 'twice@example.org', yes);

    // Act
    const first = await confirm(link.path, link.token);
    const second = await confirm(link.path, link.token);
    const view = await call(handler, { method: 'GET', path: link.path, query: { token: link.token } });

    // Assess
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.json).toEqual(first.json);
    expect(view.json.status).toBe('confirmed');
    expect((await results(surveyId)).totalResponses).toBe(1);
  });

  it('counts 20 concurrent confirmations of one token once', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();
    const link = await pendingResponse(surveyId, 'crowd@example.org', yes);

    // Act
    const answers = await Promise.all(Array.from({ length: 20 }, () => confirm(link.path, link.token)));

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(await countedItems(surveyId)).toHaveLength(1);
    expect(await responseEvents(surveyId)).toHaveLength(1);
    expect((await results(surveyId)).totalResponses).toBe(1);
  });

  it('confirms from the page’s button as a plain form and shows a thank-you page', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();
    const link = await pendingResponse(surveyId, 'form@example.org', yes);

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: link.path,
      rawBody: `token=${encodeURIComponent(link.token)}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('is confirmed');
    expect((await results(surveyId)).totalResponses).toBe(1);
  });

  it('gives a known, a pending and an unknown address byte-identical answers; the mail differs', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();
    const link = await pendingResponse(surveyId, 'known@example.org', yes);
    await confirm(link.path, link.token);
    await pendingResponse(surveyId, 'pending@example.org', yes);
    const body = (email: string) => ({ answers: { 'uses-park': 'no' }, email });

    // Act
    const known = await respond(surveyId, body('known@example.org'));
    const pending = await respond(surveyId, body('pending@example.org'));
    const unknown = await respond(surveyId, body('unknown@example.org'));
    const form = (email: string) =>
      call(handler, {
        method: 'POST',
        path: `/surveys/${surveyId}/responses`,
        rawBody: `answers.uses-park=no&email=${encodeURIComponent(email)}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    const knownForm = await form('known@example.org');
    const unknownForm = await form('other@example.org');

    // Assess
    expect(unknown.status).toBe(202);
    expect(comparableAnswer(known)).toEqual(comparableAnswer(unknown));
    expect(comparableAnswer(pending)).toEqual(comparableAnswer(unknown));
    expect(unknownForm.status).toBe(202);
    expect(unknownForm.body).toContain('Check your email');
    expect(comparableAnswer(knownForm)).toEqual(comparableAnswer(unknownForm));
    const subjects = [
      (await lastMailTo('known@example.org')).subject,
      (await lastMailTo('unknown@example.org')).subject,
    ];
    expect(subjects).toEqual(['Your survey response already counts', 'Please confirm your survey response']);
    expect((await lastMailTo('known@example.org')).text).not.toContain('/confirmation?token=');
    const counted = await exported(surveyId);
    expect(counted.json.items.map((r: { answers: unknown }) => r.answers)).toEqual([yes]);
  });

  it('redirects a form that names its thank-you page, whatever the address', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();
    const redirect = encodeURIComponent('https://www.example.gov/thanks');

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/surveys/${surveyId}/responses`,
      rawBody: `answers.uses-park=yes&email=form%40example.org&_redirect=${redirect}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(answer.status).toBe(303);
    expect((await lastMailTo('form@example.org')).subject).toBe('Please confirm your survey response');
  });

  it('counts x+1@, X@ and " x@ " as one person: only the latest link works, with its answers', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();

    // Act
    const links = [];
    for (const [email, ideas] of [
      ['x+1@example.org', 'first'],
      ['X@example.org', 'second'],
      [' x@example.org ', 'latest'],
    ] as const)
      links.push(await pendingResponse(surveyId, email, { ...yes, ideas }));
    const [older, , latest] = links as [(typeof links)[0], unknown, (typeof links)[0]];
    const counted = await confirm(latest.path, latest.token);
    const superseded = await confirm(older.path, older.token);

    // Assess
    expect(counted.status).toBe(200);
    expect(superseded.status).toBe(409);
    expect(superseded.json.reason).toBe('confirmation-superseded');
    const page = await exported(surveyId);
    expect(page.json.items.map((r: { answers: { ideas: string } }) => r.answers.ideas)).toEqual(['latest']);
  });

  it('lets a link lapse: after its deadline it counts nothing and says so', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();
    const inADay = new Date(Date.now() + 25 * 3600_000);
    const later = surveyService(dynamoSurveyStore, async () => true, {
      mailer: failingMailer,
      clock: () => inADay,
    });
    const { responseId, token } = await pendingResponse(surveyId, 'late@example.org', yes);

    // Act
    const view = await later.viewResponseConfirmation(surveyId, responseId, token);
    const refused = await later.confirmResponse(surveyId, responseId, token).catch((error: Error) => error);

    // Assess
    expect(view.status).toBe('expired');
    expect(refused).toMatchObject({ reason: 'confirmation-expired' });
    expect(await countedItems(surveyId)).toHaveLength(0);
    expect((await results(surveyId)).awaitingConfirmation).toBe(1);
    await expect(later.results(surveyId, {})).resolves.toMatchObject({
      totalResponses: 0,
      awaitingConfirmation: 0,
    });
  });

  it('refuses a response without an address with 422 naming the field; nothing written, nothing mailed', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();
    const itemsBefore = await countItems();
    const mailsBefore = (await sentMail()).length;

    // Act
    const missing = await respond(surveyId, { answers: yes });
    const malformed = await respond(surveyId, { answers: yes, email: 'not an address' });
    const both = await respond(surveyId, { answers: {} });

    // Assess
    expect(missing.status).toBe(422);
    expect(missing.json.errors.map((e: { path: string }) => e.path)).toEqual(['body.email']);
    expect(malformed.status).toBe(422);
    expect(malformed.json.errors.map((e: { path: string }) => e.path)).toEqual(['body.email']);
    expect(both.json.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.answers.uses-park',
      'body.email',
    ]);
    expect(await countItems()).toBe(itemsBefore);
    expect((await sentMail()).length).toBe(mailsBefore);
  });

  it('cannot confirm a response once the survey has closed (409), and counts nothing', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();
    const link = await pendingResponse(surveyId, 'closing@example.org', yes);
    await call(handler, {
      method: 'PUT',
      path: `/surveys/${surveyId}`,
      role: 'coordinator',
      body: { title: { en: 'Park survey' }, questions, status: 'closed' },
    });

    // Act
    const refused = await confirm(link.path, link.token);

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.json.reason).toBe('survey-not-open');
    expect(await countedItems(surveyId)).toHaveLength(0);
    expect(await responseEvents(surveyId)).toHaveLength(0);
  });

  it('puts the survey title in the mail as one plain line, never in a header', async () => {
    // Prepare: titles are one line since the text rule (`shared/domain/text.ts`), so the line
    // break comes from a survey stored before it, written to the table as an older release did.
    const { surveyId } = await emailSurvey();
    await documentClient.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: keys.survey(surveyId),
        UpdateExpression: 'SET title = :title',
        ExpressionAttributeValues: { ':title': { en: 'Parks\r\nBcc: x@evil.example' } },
      }),
    );

    // Act
    await respond(surveyId, { answers: yes, email: 'headers@example.org' });

    // Assess
    const mail = await lastMailTo('headers@example.org');
    expect(mail.subject).toBe('Please confirm your survey response');
    expect(mail.bcc).toBeUndefined();
    expect(mail.text).toContain('“Parks Bcc: x@evil.example”');
    expect(mail.html).toContain('Confirm my response');
  });
});

describe('survey responses under open assurance', () => {
  it('count at once as before (201, the response), and never store or mail an address given', async () => {
    // Prepare
    const { surveyId } = await createSurvey(questions);
    const mailsBefore = (await sentMail()).length;

    // Act
    const answer = await respond(surveyId, { answers: yes, email: 'open@example.org' });

    // Assess
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.json).sort()).toEqual(['responseId', 'submittedAt', 'surveyId', 'version']);
    expect((await results(surveyId)).totalResponses).toBe(1);
    expect((await responseEvents(surveyId)).map((e) => e.detail)).toMatchObject([{ assurance: 'open' }]);
    expect(JSON.stringify(await allItems())).not.toContain('open@example.org');
    expect((await sentMail()).length).toBe(mailsBefore);
  });
});

describe('bad input on the response confirmation routes', () => {
  const anyJson = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.dictionary(fc.constantFrom('token', '__proto__', 'answers', 'email'), fc.jsonValue({ maxDepth: 3 })),
    fc.record({ token: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) }, { requiredKeys: [] }),
  );

  it('lists the confirmation among the public write routes', () => {
    const publicWrites = surveyRoutes.filter((route) => route.auth === 'public' && route.method !== 'GET');
    expect(publicWrites.map((route) => route.operationId).sort()).toEqual([
      'confirmSurveyResponse',
      'submitSurveyResponse',
    ]);
  });

  it('answers only 4xx to malformed confirmation bodies and writes nothing', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();
    const { path } = await pendingResponse(surveyId, 'pending@example.org', yes);

    // Act & Assess
    const refused = await expectMalformedBodiesRefused(
      (input) => call(handler, { method: 'POST', path, ...input }),
      anyJson,
      { numRuns: 200 },
    );
    expect(refused).toBe(200);
  }, 120_000);

  it('answers only 4xx to malformed path parameters and tokens, and writes nothing', async () => {
    // Prepare
    const { surveyId } = await emailSurvey();
    const { responseId } = await pendingResponse(surveyId, 'paths@example.org', yes);
    const before = await countItems();

    // Act & Assess
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.dictionary(fc.constantFrom('token', 'lang'), fc.string()),
        async (id, query) => {
          const segment = encodeURIComponent(id);
          for (const [method, path] of [
            ['GET', `/surveys/${segment}/responses/${responseId}/confirmation`],
            ['GET', `/surveys/${surveyId}/responses/${segment}/confirmation`],
            ['POST', `/surveys/${surveyId}/responses/${segment}/confirmation`],
          ] as const) {
            const answer = await call(handler, {
              method,
              path,
              query,
              ...(method === 'POST' ? { body: { token: query.token ?? id } } : {}),
            });
            expect(answer.status).toBeGreaterThanOrEqual(400);
            expect(answer.status).toBeLessThan(500);
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(await countItems()).toBe(before);
    expect(keys.surveyResponseConfirmation(surveyId, responseId).sk).toBe(`CONFIRMATION#${responseId}`);
  }, 120_000);
});
