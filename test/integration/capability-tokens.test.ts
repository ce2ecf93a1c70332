import { randomBytes } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendDigests } from '../../functions/digest/digest-job';
import { handler as evaluation } from '../../functions/evaluation/handler';
import { issueUnsubscribeToken } from '../../functions/evaluation/published';
import { handler } from '../../functions/volunteering/handler';
import { createSeatMailConsumer } from '../../functions/volunteering/mail-consumer';
import { createReminderJob } from '../../functions/volunteering/reminder-job';
import { documentClient } from '../../shared/db/client';
import { evaluationKeys, volunteeringKeys } from '../../shared/db/keys';
import { hashConfirmationToken } from '../../shared/domain/confirmation';
import { LIVE_CANCEL_LINKS, LIVE_UNSUBSCRIBE_LINKS } from '../../shared/domain/link-tokens';
import { parsePeriod, previousPeriod } from '../../shared/domain/period';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { allItems, call, comparableAnswer } from '../support/api';
import { confirmationLinkIn, lastMailTo, sentMail } from '../support/mail';
import {
  anOpportunity,
  aShift,
  aTrainingSession,
  deliveredEvent,
  hoursFromNow,
  person,
  signUp,
} from '../support/volunteering-fixtures';

// Before any import: the logger reads its level once, when it is created.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

/**
 * Capability tokens (cancel and unsubscribe links, issue 12 item 5): only their SHA-256 is at
 * rest, each mail carries a token of its own, the newest few of a record work, a GET never acts,
 * and no token reaches a URL of a request that acts or a log line.
 */

const outboxMailer = {
  send: (message: Parameters<ReturnType<typeof mailerFromEnvironment>['send']>[0]) =>
    mailerFromEnvironment().send(message),
};
const consume = createSeatMailConsumer({ mailer: outboxMailer });
const thisMonth = parsePeriod(new Date().toISOString().slice(0, 7)) as NonNullable<
  ReturnType<typeof parsePeriod>
>;

/** Every token any mail in this file's outbox carries in a link (confirm, cancel, unsubscribe). */
async function tokensInOutbox(): Promise<string[]> {
  const mails = await sentMail();
  const text = mails.map((mail) => `${mail.text ?? ''}\n${String(mail.html)}`).join('\n');
  return [
    ...new Set([...text.matchAll(/[?&](?:amp;)?token=([A-Za-z0-9_-]{20,})/g)].map((m) => m[1] as string)),
  ];
}

/** The cancel link in the last mail to `email`: path and token, for calling the route in process. */
async function cancelLinkTo(email: string): Promise<{ path: string; token: string }> {
  const mail = await lastMailTo(email);
  const url = /https?:\/\/\S+\/(?:signups|enrolments)\/[^\s/?]+\?token=[\w-]+/.exec(mail.text ?? '')?.[0];
  if (!url) throw new Error(`No cancel link in "${mail.subject}"`);
  const parsed = new URL(url);
  return { path: parsed.pathname.replace('/v1', ''), token: parsed.searchParams.get('token') as string };
}

/** A sign-up on an `email` shift, confirmed through its mail, with the confirmation mail's cancel link. */
async function confirmedByMail(shiftId: string, who: ReturnType<typeof person>) {
  await signUp(shiftId, who);
  const link = confirmationLinkIn(await lastMailTo(who.email));
  const confirmed = await call(handler, { method: 'POST', path: link.path, body: { token: link.token } });
  expect(confirmed.status, confirmed.body).toBe(200);
  const signupId = link.path.split('/')[2] as string;
  await consume(await deliveredEvent('VolunteerSignedUp', signupId));
  return { signupId, cancel: await cancelLinkTo(who.email) };
}

const view = (signupId: string, token: string) =>
  call(handler, { method: 'GET', path: `/signups/${signupId}`, query: { token } });

/** The page's button: a plain form posting the token in its body. */
const pressCancel = (signupId: string, token: string) =>
  call(handler, {
    method: 'POST',
    path: `/signups/${signupId}/cancel`,
    rawBody: new URLSearchParams({ token }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
  });

const claimItem = async (signupId: string) =>
  (await allItems()).find((item) => item.type === 'Signup' && item.claimId === signupId);

const subscribe = async (email: string) => {
  const answer = await call(evaluation, {
    method: 'POST',
    path: '/digest-subscriptions',
    role: 'admin',
    body: { email, frequency: 'monthly' },
  });
  expect(answer.status, answer.body).toBe(201);
  return answer.json.subscriptionId as string;
};

const unsubscribeLinkTo = async (email: string) => {
  const mail = await lastMailTo(email);
  const url = /https?:\/\/\S+\/unsubscribe\?token=[\w-]+/.exec(mail.text ?? '')?.[0];
  if (!url) throw new Error(`No unsubscribe link in "${mail.subject}"`);
  return new URL(url).searchParams.get('token') as string;
};

describe('capability tokens at rest', () => {
  it('are hashes only: a confirmed sign-up with its reminder, an enrolment, an open sign-up and a digest leave no raw token in the table', async () => {
    // Prepare: an `email` shift starting within the reminder window, an `email` training session,
    // an `open` shift (its answer carries a cancel token) and a digest subscriber.
    const { opportunityId, initiativeId } = await anOpportunity();
    const soon = await aShift(opportunityId, {
      startsAt: hoursFromNow(2),
      endsAt: hoursFromNow(3),
      assurance: 'email',
    });
    const signup = await confirmedByMail(soon.shiftId, person('rest'));
    await createReminderJob({ mailer: outboxMailer, leadMinutes: 3 * 60 })({ now: new Date().toISOString() });
    const reminderLink = await cancelLinkTo('volunteerrest@example.org');
    const session = await aTrainingSession(initiativeId, { assurance: 'email' });
    const enrolled = await call(handler, {
      method: 'POST',
      path: `/training-sessions/${session.sessionId}/enrolments`,
      body: person('learner'),
    });
    expect(enrolled.status, enrolled.body).toBe(202);
    const enrolLink = confirmationLinkIn(await lastMailTo('volunteerlearner@example.org'));
    await call(handler, { method: 'POST', path: enrolLink.path, body: { token: enrolLink.token } });
    await consume(await deliveredEvent('TrainingEnrolled', enrolLink.path.split('/')[2] as string));
    const open = await signUp((await aShift(opportunityId)).shiftId, person('openrest'));
    await subscribe('rest.reader@city.example.gov');
    await sendDigests(thisMonth, outboxMailer);

    // Act
    const items = await allItems();

    // Assess: confirmation, cancel (confirmation and reminder mails), enrolment, unsubscribe, answer.
    const tokens = [...(await tokensInOutbox()), open.json.cancelToken as string];
    expect(tokens.length).toBeGreaterThanOrEqual(7);
    expect(reminderLink.token).not.toBe(signup.cancel.token);
    expect(await unsubscribeLinkTo('rest.reader@city.example.gov')).toMatch(/^[\w-]{43}$/);
    const table = JSON.stringify(items);
    for (const token of tokens) expect(table).not.toContain(token);
    // What is there instead: the hashes of the links mailed.
    for (const token of [signup.cancel.token, reminderLink.token, open.json.cancelToken as string])
      expect(table).toContain(hashConfirmationToken(token));
    expect(items.filter((item) => 'cancelToken' in item || 'unsubscribeToken' in item)).toEqual([]);
  });

  it('are not kept in the idempotency record of an answer that carries one: a replay answers without it', async () => {
    // Prepare: a script's JSON sign-up on an `open` shift, whose answer carries the cancel token.
    const { shiftId } = await aShift((await anOpportunity()).opportunityId);
    const request = {
      method: 'POST' as const,
      path: `/shifts/${shiftId}/signups`,
      headers: { 'Idempotency-Key': `signup-${randomBytes(8).toString('hex')}` },
      body: person('retrying'),
    };

    // Act
    const first = await call(handler, request);
    const replay = await call(handler, request);

    // Assess
    expect(first.status, first.body).toBe(202);
    expect(first.json.cancelToken).toMatch(/^[\w-]{43}$/);
    expect(replay.status).toBe(202);
    expect(replay.json).toEqual({ signupId: first.json.signupId, shiftId, status: 'confirmed' });
    const table = JSON.stringify(await allItems());
    expect(table).toContain(`IDEMPOTENCY#signUpForShift`);
    expect(table).not.toContain(first.json.cancelToken as string);
    expect(table).toContain(hashConfirmationToken(first.json.cancelToken as string));
  });
});

describe('cancel links', () => {
  it('change nothing when opened, and cancel when the page’s form posts the token in its body', async () => {
    // Prepare
    const { opportunityId } = await anOpportunity();
    const shift = await aShift(opportunityId, { assurance: 'email', capacity: 2 });
    const { signupId, cancel } = await confirmedByMail(shift.shiftId, person('opener'));
    const before = await allItems();

    // Act
    const page = await call(handler, {
      method: 'GET',
      path: cancel.path,
      query: { token: cancel.token },
      headers: { Accept: 'text/html' },
    });
    const afterOpening = await allItems();
    const pressed = await pressCancel(signupId, cancel.token);

    // Assess
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<form method="post" action="${signupId}/cancel">`);
    expect(afterOpening).toEqual(before);
    expect(pressed.status, pressed.body).toBe(200);
    expect(pressed.json).toMatchObject({ status: 'cancelled' });
    expect((await claimItem(signupId))?.status).toBe('cancelled');
  });

  it('do not act on a token in the URL of a request that acts', async () => {
    // Prepare
    const { opportunityId } = await anOpportunity();
    const shift = await aShift(opportunityId, { assurance: 'email' });
    const { signupId, cancel } = await confirmedByMail(shift.shiftId, person('inurl'));

    // Act: the old ways, with the token in the query.
    const deleted = await call(handler, {
      method: 'DELETE',
      path: `/signups/${signupId}`,
      query: { token: cancel.token },
    });
    const posted = await call(handler, {
      method: 'POST',
      path: `/signups/${signupId}/cancel`,
      query: { token: cancel.token },
      body: {},
    });

    // Assess
    expect(deleted.status).toBe(404);
    expect(posted.status).toBe(422);
    expect((await claimItem(signupId))?.status).toBe('confirmed');
  });

  it('may be sent by scripts on the city’s pages in the `X-Cancel-Token` header', async () => {
    // Act: the browser's preflight before a cross-origin DELETE with the header.
    const preflight = await call(handler, {
      method: 'OPTIONS',
      path: '/signups/01ARZ3NDEKTSV4RRFFQ69G5FAV',
      headers: {
        Origin: 'https://www.example.gov',
        'Access-Control-Request-Method': 'DELETE',
        'Access-Control-Request-Headers': 'x-cancel-token',
      },
    });

    // Assess
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('X-Cancel-Token');
    expect(preflight.headers['access-control-allow-methods']).toContain('DELETE');
  });

  it('refuses a malformed `X-Cancel-Token` with 422 naming the header, and cancels nothing', async () => {
    // Prepare
    const { shiftId } = await aShift((await anOpportunity()).opportunityId);
    const signup = await signUp(shiftId, person('header'));
    const before = JSON.stringify(await allItems());

    // Act
    const answer = await call(handler, {
      method: 'DELETE',
      path: `/signups/${signup.json.signupId}`,
      headers: { 'X-Cancel-Token': 'not a token; drop table' },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((error: { path: string }) => error.path)).toEqual([
      'headers.x-cancel-token',
    ]);
    expect(JSON.stringify(await allItems())).toBe(before);
  });

  it('work from every mail within the bound, and answer 404 alike for a retired, a wrong and another sign-up’s token; a replay is 409', async () => {
    // Prepare: the confirmation mail's link, then one new link per mail for each repeated sign-up.
    const { opportunityId } = await anOpportunity();
    const shift = await aShift(opportunityId, { assurance: 'email', capacity: 3 });
    const who = person('bound');
    const { signupId, cancel: first } = await confirmedByMail(shift.shiftId, who);
    const later: { token: string }[] = [];
    for (let mail = 1; mail <= LIVE_CANCEL_LINKS; mail++) {
      await signUp(shift.shiftId, who);
      later.push(await cancelLinkTo(who.email));
    }
    const other = await confirmedByMail(shift.shiftId, person('neighbour'));
    const oldestLive = later[0]?.token as string;
    const newest = later.at(-1)?.token as string;

    // Act
    const answers = {
      oldestLive: await view(signupId, oldestLive),
      newest: await view(signupId, newest),
      retired: await view(signupId, first.token),
      wrong: await view(signupId, `${newest.slice(0, -2)}zz`),
      others: await view(signupId, other.cancel.token),
    };
    const cancelled = await pressCancel(signupId, oldestLive);
    const replayed = await pressCancel(signupId, oldestLive);
    const replayedByProgram = await call(handler, {
      method: 'DELETE',
      path: `/signups/${signupId}`,
      headers: { 'X-Cancel-Token': newest },
    });

    // Assess
    expect(new Set(later.map((link) => link.token)).size).toBe(LIVE_CANCEL_LINKS);
    expect([answers.oldestLive.status, answers.newest.status]).toEqual([200, 200]);
    expect(answers.retired.status).toBe(404);
    expect(comparableAnswer(answers.wrong)).toEqual(comparableAnswer(answers.retired));
    expect(comparableAnswer(answers.others)).toEqual(comparableAnswer(answers.retired));
    expect(cancelled.status).toBe(200);
    expect([replayed.status, replayed.json.reason]).toEqual([409, 'not-active']);
    expect(replayedByProgram.status).toBe(409);
    expect((await claimItem(other.signupId))?.status).toBe('confirmed');
  });

  it('keep a sign-up from before hashing working, and store the hash in place of its raw token on first use', async () => {
    // Prepare: a sign-up as written before tokens were hashed (one raw token of 24 random bytes).
    const { opportunityId } = await anOpportunity();
    const shift = await aShift(opportunityId);
    const signup = await signUp(shift.shiftId, person('legacy'));
    const raw = randomBytes(24).toString('base64url');
    await documentClient.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: volunteeringKeys.claim('shift', signup.json.signupId),
        UpdateExpression: 'SET cancelToken = :raw REMOVE cancelTokens',
        ExpressionAttributeValues: { ':raw': raw },
      }),
    );

    // Act
    const first = await view(signup.json.signupId, raw);
    const stored = await claimItem(signup.json.signupId);
    const cancelled = await call(handler, {
      method: 'DELETE',
      path: `/signups/${signup.json.signupId}`,
      headers: { 'X-Cancel-Token': raw },
    });

    // Assess
    expect(first.status).toBe(200);
    expect(JSON.stringify(stored)).not.toContain(raw);
    expect(stored?.cancelTokens).toEqual([{ hash: hashConfirmationToken(raw), issuedAt: stored?.createdAt }]);
    expect(cancelled.status).toBe(200);
  });
});

describe('unsubscribe links', () => {
  it('change nothing when opened, unsubscribe by the page’s form, and work from earlier digests within the bound', async () => {
    // Prepare: two digests (last month's and this month's), then enough links to retire the first.
    const email = 'bounded.reader@city.example.gov';
    const subscriptionId = await subscribe(email);
    await sendDigests(previousPeriod(thisMonth), outboxMailer);
    const first = await unsubscribeLinkTo(email);
    await sendDigests(thisMonth, outboxMailer);
    const second = await unsubscribeLinkTo(email);
    const before = await allItems();
    const page = await call(evaluation, {
      method: 'GET',
      path: `/digest-subscriptions/${subscriptionId}/unsubscribe`,
      query: { token: first },
      headers: { Accept: 'text/html' },
    });
    const afterOpening = await allItems();
    for (let digest = 2; digest <= LIVE_UNSUBSCRIBE_LINKS; digest++)
      await issueUnsubscribeToken(subscriptionId);
    const press = (token: string) =>
      call(evaluation, {
        method: 'POST',
        path: `/digest-subscriptions/${subscriptionId}/unsubscription`,
        rawBody: new URLSearchParams({ token }).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      });

    // Act
    const retired = await press(first);
    const unsubscribed = await press(second);
    const replayed = await press(second);

    // Assess
    expect(first).not.toBe(second);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<form method="post" action="unsubscription">');
    expect(afterOpening).toEqual(before);
    expect(retired.status).toBe(404);
    expect(unsubscribed.status, unsubscribed.body).toBe(200);
    expect(unsubscribed.json).toMatchObject({ subscriptionId, status: 'unsubscribed' });
    expect(replayed.json).toEqual(unsubscribed.json);
  });

  it('keep a subscription from before hashing working, and store the hash in place of its raw token on first use', async () => {
    // Prepare
    const subscriptionId = await subscribe('legacy.reader@city.example.gov');
    const raw = randomBytes(32).toString('base64url');
    await documentClient.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: evaluationKeys.digestSubscription(subscriptionId),
        UpdateExpression: 'SET unsubscribeToken = :raw REMOVE unsubscribeTokens',
        ExpressionAttributeValues: { ':raw': raw },
      }),
    );

    // Act
    const page = await call(evaluation, {
      method: 'GET',
      path: `/digest-subscriptions/${subscriptionId}/unsubscribe`,
      query: { token: raw },
    });
    const stored = (await allItems()).find(
      (item) => item.subscriptionId === subscriptionId && item.type === 'DigestSubscription',
    );

    // Assess
    expect(page.status).toBe(200);
    expect(page.json.status).toBe('active');
    expect(JSON.stringify(stored)).not.toContain(raw);
    expect(stored?.unsubscribeTokens).toEqual([
      { hash: hashConfirmationToken(raw), issuedAt: stored?.createdAt },
    ]);
  });
});

describe('logs', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('carry no token, whether it came in a URL, a body or a header', async () => {
    // Prepare
    const { opportunityId } = await anOpportunity();
    const shift = await aShift(opportunityId);
    const seated = await signUp(shift.shiftId, person('logged'));
    const waiting = await signUp((await aShift(opportunityId)).shiftId, person('logged2'));
    const subscriptionId = await subscribe('logged.reader@city.example.gov');
    const unsubscribeToken = (await issueUnsubscribeToken(subscriptionId)) as string;
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });

    // Act
    await view(seated.json.signupId, seated.json.cancelToken);
    await pressCancel(seated.json.signupId, seated.json.cancelToken);
    await call(handler, {
      method: 'DELETE',
      path: `/signups/${waiting.json.signupId}`,
      headers: { 'X-Cancel-Token': waiting.json.cancelToken },
    });
    await call(evaluation, {
      method: 'POST',
      path: `/digest-subscriptions/${subscriptionId}/unsubscribe`,
      query: { token: unsubscribeToken },
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    const output = written.join('');
    expect(output).toContain('"operation":"cancelSignupFromPage"');
    expect(output).toContain('"operation":"unsubscribeFromDigest"');
    for (const token of [seated.json.cancelToken, waiting.json.cancelToken, unsubscribeToken])
      expect(output).not.toContain(token);
  });
});
