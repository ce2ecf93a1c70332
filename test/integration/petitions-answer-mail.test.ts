import type { ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createAnswerMailConsumer } from '../../functions/petitions/answer-mail-consumer';
import { handler } from '../../functions/petitions/handler';
import { MailDeliveryError } from '../../shared/mailer/errors';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import type { Mailer } from '../../shared/mailer/port';
import { allItems, call } from '../support/api';
import { outboxEvents } from '../support/events';
import { sentMail } from '../support/mail';
import { aResident, publishedPetition, signedBy, usePetitionSettings } from '../support/petition-fixtures';

usePetitionSettings();

const answerSubject = 'The city has answered a petition you signed';
const answersTo = async (email: string) =>
  (await sentMail(email)).filter((mail) => mail.subject === answerSubject);

/** A header as sent (mailparser folds `List-*` headers into one object, so read the raw lines). */
const header = (mail: ParsedMail | undefined, name: string) =>
  mail?.headerLines
    .find((line) => line.key === name)
    ?.line.slice(name.length + 1)
    .trim();

/** The unsubscribe link a mail's `List-Unsubscribe` names, as the API path and its token. */
function unsubscribeLinkOf(mail: ParsedMail | undefined) {
  const url = /<([^>]+)>/.exec(String(header(mail, 'list-unsubscribe')))?.[1];
  if (!url) throw new Error('No List-Unsubscribe link in the mail.');
  const link = new URL(url);
  const base = new URL(process.env.PUBLIC_API_BASE_URL as string);
  return {
    url,
    path: `/${link.pathname.slice(base.pathname.length).replace(/^\/+/, '')}`,
    token: link.searchParams.get('token') as string,
  };
}

const signatureItemOf = async (signatureId: string) =>
  (await allItems()).find((item) => item.pk === `PETITION-SIGNATURE#${signatureId}`);

/** Delivers the petition's `PetitionAnswered` to the consumer `times` times, as EventBridge may. */
async function deliverAnswer(petitionId: string, times: number, mailer: Mailer = mailerFromEnvironment()) {
  const consume = createAnswerMailConsumer({ mailer });
  const events = await outboxEvents(
    (event) =>
      event['detail-type'] === 'PetitionAnswered' &&
      (event.detail as { petitionId: string }).petitionId === petitionId,
  );
  for (let round = 0; round < times; round++) for (const event of events) await consume(event);
  return events.length;
}

/** A published petition with signers who asked for the answer and one who did not; then answered. */
async function answeredPetition() {
  const { petitionId, creator } = await publishedPetition();
  const consenting = [
    { ...aResident('Asks'), consentToHearAboutResponse: true },
    { ...aResident('Asks'), consentToHearAboutResponse: true },
  ];
  const silent = { ...aResident('Silent'), consentToHearAboutResponse: false };
  for (const signer of [...consenting, silent]) await signedBy(petitionId, signer);
  const answered = await call(handler, {
    method: 'PUT',
    path: `/petitions/${petitionId}/response`,
    body: {
      text: 'The library will open on Sundays from March.\n\nIt is a trial for six months.',
      outcome: 'partly-accepted',
      link: 'https://www.example.gov/library-sundays',
    },
    role: 'coordinator',
  });
  expect(answered.status).toBe(200);
  return { petitionId, creator, consenting, silent };
}

describe('mailing the city’s answer to a petition', () => {
  it('sends each signer who asked for it exactly one mail, however often the event arrives, and nobody else', async () => {
    // Prepare
    const { petitionId, creator, consenting, silent } = await answeredPetition();

    // Act: the event delivered twice, then the whole delivery repeated
    const events = await deliverAnswer(petitionId, 2);
    await deliverAnswer(petitionId, 1);

    // Assess
    expect(events).toBe(1);
    for (const person of [creator, ...consenting]) expect(await answersTo(person.email)).toHaveLength(1);
    expect(await answersTo(silent.email)).toHaveLength(0);
    const [mail] = await answersTo(consenting[0]?.email as string);
    expect(mail?.text).toContain('Keep the Riverside library open on Sundays');
    expect(mail?.text).toContain('The city accepts part of what the petition asks.');
    expect(mail?.text).toContain('It is a trial for six months.');
    expect(mail?.text).toContain('https://www.example.gov/library-sundays');
    expect(mail?.text).toContain(`/petitions/${petitionId}`);
    const marks = (await allItems()).filter(
      (item) => item.pk === `PETITION#${petitionId}` && String(item.sk).startsWith('DONE#answer-mail#'),
    );
    expect(marks).toHaveLength(3);
    expect(marks.every((item) => item.status === 'sent')).toBe(true);
  });

  it('carries a one-click unsubscribe link (RFC 8058) whose token only the signature’s hash matches', async () => {
    // Prepare
    const { petitionId, consenting } = await answeredPetition();

    // Act
    await deliverAnswer(petitionId, 1);

    // Assess
    const [mail] = await answersTo(consenting[0]?.email as string);
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = unsubscribeLinkOf(mail);
    expect(link.url).toMatch(/^https:\/\/.+\/petition-signatures\/[0-9A-Z]{26}\/unsubscribe\?token=/);
    expect(mail?.text).toContain(link.url);
    const signatureId = /petition-signatures\/([0-9A-Z]{26})\//.exec(link.path)?.[1] as string;
    const stored = await signatureItemOf(signatureId);
    expect(typeof stored?.unsubscribeTokenHash).toBe('string');
    expect(JSON.stringify(stored)).not.toContain(link.token);
  });

  it('unsubscribes with one click: the consent is withdrawn and the name and address forgotten; a repeat answers the same', async () => {
    // Prepare
    const { petitionId, consenting } = await answeredPetition();
    await deliverAnswer(petitionId, 1);
    const person = consenting[0] as (typeof consenting)[number];
    const link = unsubscribeLinkOf((await answersTo(person.email))[0]);
    const signatureId = /petition-signatures\/([0-9A-Z]{26})\//.exec(link.path)?.[1] as string;
    const oneClick = () =>
      call(handler, {
        method: 'POST',
        path: link.path,
        query: { token: link.token },
        rawBody: 'List-Unsubscribe=One-Click',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      });

    // Act
    const first = await oneClick();
    const second = await oneClick();
    const wrongToken = await call(handler, {
      method: 'POST',
      path: link.path,
      query: { token: 'tok_abcdefghijklmnopqrstuvwxyz012345' },
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    await deliverAnswer(petitionId, 1);

    // Assess
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toBe(first.body);
    expect(wrongToken.status).toBe(404);
    const stored = await signatureItemOf(signatureId);
    expect(stored?.consentToHearAboutResponse).toBe(false);
    expect(stored).not.toHaveProperty('email');
    expect(stored).not.toHaveProperty('name');
    expect(stored?.status).toBe('confirmed');
    expect(JSON.stringify(await allItems())).not.toContain(person.email);
    expect(await answersTo(person.email)).toHaveLength(1);
    // The signature still counts.
    const petition = await call(handler, { method: 'GET', path: `/petitions/${petitionId}` });
    expect(petition.json.signatures.total).toBe(6);
  });

  it('opens a page from the link that changes nothing; its button unsubscribes', async () => {
    // Prepare
    const { petitionId, consenting } = await answeredPetition();
    await deliverAnswer(petitionId, 1);
    const person = consenting[1] as (typeof consenting)[number];
    const link = unsubscribeLinkOf((await answersTo(person.email))[0]);
    const signatureId = /petition-signatures\/([0-9A-Z]{26})\//.exec(link.path)?.[1] as string;
    const before = await signatureItemOf(signatureId);

    // Act: a mail scanner, then a browser, open the link
    const scanned = await call(handler, { method: 'GET', path: link.path, query: { token: link.token } });
    const page = await call(handler, {
      method: 'GET',
      path: link.path,
      query: { token: link.token },
      headers: { Accept: 'text/html' },
    });
    const afterOpening = await signatureItemOf(signatureId);
    const pressed = await call(handler, {
      method: 'POST',
      path: link.path.replace(/unsubscribe$/, 'unsubscription'),
      rawBody: `token=${link.token}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const reopened = await call(handler, { method: 'GET', path: link.path, query: { token: link.token } });

    // Assess
    expect(scanned.status).toBe(200);
    expect(scanned.json).toEqual({
      signatureId,
      status: 'subscribed',
      title: 'Keep the Riverside library open on Sundays',
    });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<form method="post" action="unsubscription">');
    expect(afterOpening).toEqual(before);
    expect(pressed.status).toBe(200);
    expect(pressed.body).toContain('forgotten your name and email address');
    expect(reopened.json.status).toBe('unsubscribed');
    expect(await signatureItemOf(signatureId)).not.toHaveProperty('email');
  });

  it('fails the event when a mail cannot go for now, after the others went; the retry sends only that one', async () => {
    // Prepare: the mail service turns one address away once, as when it throttles
    const { petitionId, creator, consenting } = await answeredPetition();
    const unlucky = consenting[0] as (typeof consenting)[number];
    const outbox = mailerFromEnvironment();
    let refusals = 0;
    const flaky: Mailer = {
      send: async (message) => {
        if (message.to === unlucky.email && refusals === 0) {
          refusals++;
          throw new MailDeliveryError('TooManyRequestsException', false, 3);
        }
        return outbox.send(message);
      },
    };

    // Act
    const firstDelivery = await deliverAnswer(petitionId, 1, flaky).then(
      () => 'done',
      (error: Error) => error.name,
    );
    const mailedBeforeRetry = (await answersTo(unlucky.email)).length;
    await deliverAnswer(petitionId, 1, flaky);

    // Assess
    expect(firstDelivery).toBe('AnswerMailingUnfinished');
    expect(mailedBeforeRetry).toBe(0);
    for (const person of [creator, ...consenting]) expect(await answersTo(person.email)).toHaveLength(1);
  });

  it('stops claiming when the invocation’s time runs short, leaving no mark behind; the retry sends everything', async () => {
    // Prepare: an invocation with less time left than a batch of mail may take
    const { petitionId, creator, consenting } = await answeredPetition();
    const [event] = await outboxEvents(
      (candidate) =>
        candidate['detail-type'] === 'PetitionAnswered' &&
        (candidate.detail as { petitionId: string }).petitionId === petitionId,
    );
    const consume = createAnswerMailConsumer({ mailer: mailerFromEnvironment() });

    // Act
    const shortOfTime = await consume(event as NonNullable<typeof event>, {
      getRemainingTimeInMillis: () => 5_000,
    }).then(
      () => 'done',
      (error: Error) => error.name,
    );
    const marksLeft = (await allItems()).filter(
      (item) => item.pk === `PETITION#${petitionId}` && String(item.sk).startsWith('DONE#answer-mail#'),
    );
    await deliverAnswer(petitionId, 1);

    // Assess
    expect(shortOfTime).toBe('AnswerMailingUnfinished');
    expect(marksLeft).toEqual([]);
    for (const person of [creator, ...consenting]) expect(await answersTo(person.email)).toHaveLength(1);
  });
});
