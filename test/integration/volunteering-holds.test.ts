import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/volunteering/handler';
import { createSeatMailConsumer } from '../../functions/volunteering/mail-consumer';
import { createSeatHoldsJob } from '../../functions/volunteering/seat-holds-job';
import { checkYourEmailAnswer } from '../../shared/domain/confirmation';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { allItems, call, comparableAnswer } from '../support/api';
import { confirmationLinkIn, lastMailTo, sentMail } from '../support/mail';
import {
  anOpportunity,
  aShift,
  aShiftToFill,
  deliveredEvent,
  expectSeatsWithinCapacity,
  hoursFromNow,
  person,
  serviceAt,
  shiftNow,
  signUp,
} from '../support/volunteering-fixtures';

const minutes = 60_000;
/** A clock `n` minutes ahead: past a 30-minute hold once `n` > 30. */
const later = (n: number) => () => new Date(Date.now() + n * minutes);

/** The claim ID a confirmation link names (`/signups/{id}/confirmation`). */
const claimIdOf = (link: { path: string }) => link.path.split('/')[2] as string;

/** Signs `who` up to an `email` shift and follows the mail to its confirmation link. */
async function held(shiftId: string, who: ReturnType<typeof person>) {
  const answer = await signUp(shiftId, who);
  expect(answer.status).toBe(202);
  const link = confirmationLinkIn(await lastMailTo(who.email));
  return { ...link, signupId: claimIdOf(link) };
}

const confirmVia = (link: { path: string; token: string }) =>
  call(handler, { method: 'POST', path: link.path, body: { token: link.token } });

/** An answer as a client sees it, less what differs per request by design (request ids). */
const consumeMail = createSeatMailConsumer({ mailer: { send: (m) => mailerFromEnvironment().send(m) } });

describe('sign-ups under email assurance', () => {
  it('makes shifts `email` by default, holds the seat, and counts it only once the mailed link is confirmed', async () => {
    // Prepare
    const { opportunityId } = await anOpportunity();
    const created = await call(handler, {
      method: 'POST',
      path: `/opportunities/${opportunityId}/shifts`,
      role: 'coordinator',
      body: { startsAt: hoursFromNow(24), endsAt: hoursFromNow(27), timeZone: 'UTC', capacity: 2 },
    });
    const shiftId = created.json.shiftId as string;

    // Act
    const answer = await signUp(shiftId, person('holder'));
    const link = confirmationLinkIn(await lastMailTo('volunteerholder@example.org'));

    // Assess: held, not counted
    expect(created.json.assurance).toBe('email');
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual(checkYourEmailAnswer);
    expect(await shiftNow(shiftId)).toMatchObject({ seatsLeft: 1 });
    const roster = await call(handler, {
      method: 'GET',
      path: `/shifts/${shiftId}/signups`,
      role: 'coordinator',
    });
    expect(roster.json.seats).toEqual({ capacity: 2, confirmed: 0, held: 1, waiting: 0 });
    expect(roster.json.items).toEqual([
      expect.objectContaining({ status: 'held', assurance: 'email', holdExpiresAt: expect.any(String) }),
    ]);
    const mail = await lastMailTo('volunteerholder@example.org');
    expect(mail.subject).toBe('Please confirm your place');
    expect(mail.text).toContain('We are holding a seat for you until');
    expect(mail.text).toContain('“Tree planting”');
    const events = () =>
      allItems().then((items) =>
        items.filter(
          (i) => i.type === 'OutboxEvent' && (i.detail as { shiftId?: string }).shiftId === shiftId,
        ),
      );
    expect((await events()).map((e) => e.detailType)).toEqual(['VolunteerSeatHeld']);

    // Act: the link's page, then its button
    const before = await allItems();
    const page = await call(handler, {
      method: 'GET',
      path: link.path,
      query: { token: link.token },
      headers: { Accept: 'text/html' },
    });
    const view = await call(handler, { method: 'GET', path: link.path, query: { token: link.token } });
    const unchanged = await allItems();
    const confirmed = await confirmVia(link);
    const afterFirst = await allItems();
    const again = await confirmVia(link);
    const wrong = await confirmVia({ path: link.path, token: `${link.token.slice(0, -2)}xx` });

    // Assess: opening the link wrote nothing; confirming counted once; again answers the same
    expect(page.status).toBe(200);
    expect(page.body).toContain('<form method="post" action="confirmation">');
    expect(view.json).toMatchObject({ status: 'awaiting-confirmation', expiresAt: expect.any(String) });
    expect(unchanged).toEqual(before);
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ status: 'confirmed', confirmedAt: expect.any(String) });
    expect(again.status).toBe(200);
    expect(again.body).toBe(confirmed.body);
    expect(await allItems()).toEqual(afterFirst);
    expect(wrong.status).toBe(404);
    expect(await shiftNow(shiftId)).toMatchObject({ seatsLeft: 1 });
    const counted = (await events()).filter((e) => e.detailType === 'VolunteerSignedUp');
    expect(counted.map((e) => (e.detail as { assurance: string }).assurance)).toEqual(['email']);
    const seats = await expectSeatsWithinCapacity('shift', shiftId);
    expect(seats).toMatchObject({ confirmed: 1, held: 0 });
  });

  it('answers a known and an unknown address byte for byte alike, and says what differs in the mail', async () => {
    // Prepare: one seat, held by `seated`; `confirmedOne` has the other shift; `waiting` waits
    const { opportunityId } = await anOpportunity();
    const shift = await aShift(opportunityId, { capacity: 1, assurance: 'email', timeZone: 'UTC' });
    const other = await aShift(opportunityId, {
      assurance: 'email',
      timeZone: 'UTC',
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
    });
    await held(shift.shiftId, person('seated'));
    const overlapping = await held(other.shiftId, person('busy'));
    await confirmVia(overlapping);
    await signUp(shift.shiftId, person('waiting'));
    const send = (who: string) =>
      call(handler, {
        method: 'POST',
        path: `/shifts/${shift.shiftId}/signups`,
        body: { name: 'Ana', email: `volunteer${who}@example.org` },
      });

    // Act
    const answers = {
      unknown: await send('nobody'),
      holding: await send('seated'),
      waiting: await send('waiting'),
      overlapping: await send('busy'),
    };

    // Assess
    const unknown = comparableAnswer(answers.unknown);
    expect(unknown.status).toBe(202);
    for (const answer of Object.values(answers)) expect(comparableAnswer(answer)).toEqual(unknown);
    expect((await lastMailTo('volunteerseated@example.org')).text).toContain(
      'A seat is already held for you',
    );
    expect((await lastMailTo('volunteerwaiting@example.org')).text).toContain(
      'You are already on its waiting list, number 1',
    );
    expect((await lastMailTo('volunteerbusy@example.org')).text).toContain('It overlaps the shift');
    expect((await lastMailTo('volunteernobody@example.org')).text).toContain(
      'you are number 2 on the waiting list',
    );
    // The renewed link works, the first one no longer does.
    const mails = await sentMail('volunteerseated@example.org');
    const [first, renewed] = mails.map(confirmationLinkIn);
    expect((await confirmVia(first as { path: string; token: string })).status).toBe(404);
    expect((await confirmVia(renewed as { path: string; token: string })).status).toBe(200);
    for (const mail of mails) expect(Object.keys(mail.headers)).not.toContain('x-civic-name');
  });

  it('gives a plain form the check-your-email page, or its thank-you page, alike for everyone', async () => {
    // Prepare
    const shift = await aShiftToFill({ assurance: 'email' });
    const form = (body: string) =>
      call(handler, {
        method: 'POST',
        path: `/shifts/${shift.shiftId}/signups`,
        rawBody: body,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });

    // Act
    const page = await form('name=Ana&email=ana%40example.org');
    const again = await form('name=Ana&email=ana%40example.org&skills=cooking');
    const redirected = await form(
      'name=Bo&email=bo%40example.org&_redirect=https%3A%2F%2Fwww.example.gov%2Fthanks',
    );

    // Assess
    expect(page.status).toBe(202);
    expect(page.body).toContain('Check your email');
    expect(again.body).toBe(page.body);
    expect(redirected.status).toBe(303);
    expect(redirected.headers.location).toBe('https://www.example.gov/thanks');
  });
});

describe('holds that lapse', () => {
  it('passes an unconfirmed seat to the first person waiting, as a hold with its own link, and on again', async () => {
    // Prepare: one seat, held by `first`; `second` and `third` wait
    const shift = await aShiftToFill({ capacity: 1, assurance: 'email' });
    const first = await held(shift.shiftId, person('first'));
    await signUp(shift.shiftId, person('second'));
    await expectSeatsWithinCapacity('shift', shift.shiftId);
    expect((await lastMailTo('volunteersecond@example.org')).text).toContain('number 1 on the waiting list');

    // Act: 31 minutes later someone new comes: the lapsed seat is the first waiting person's
    const at31 = serviceAt(later(31));
    await at31.signUp(shift.shiftId, { ...person('third'), skills: [], consentToContact: false });
    const seats = await expectSeatsWithinCapacity('shift', shift.shiftId);
    await consumeMail(
      await deliveredEvent('VolunteerPromoted', (await claimOf('volunteersecond@example.org')) ?? ''),
    );
    const promotedLink = confirmationLinkIn(await lastMailTo('volunteersecond@example.org'));
    const lateConfirm = await confirmVia(first);

    // Assess
    expect(seats).toMatchObject({ held: 1, confirmed: 0, waitlisted: 1, expired: 1 });
    expect((await lastMailTo('volunteersecond@example.org')).subject).toBe(
      'A place opened up: please confirm it',
    );
    expect(lateConfirm.status).toBe(409);
    expect(lateConfirm.json.reason).toBe('confirmation-expired');
    const expired = (await allItems()).filter((i) => i.detailType === 'SignupHoldExpired');
    expect(expired.map((e) => (e.detail as { signupId: string }).signupId)).toEqual([first.signupId]);

    // Act: nobody confirms, nobody comes: the job lapses the promoted hold, passing the seat on
    const job = createSeatHoldsJob({});
    const run = await job({ now: new Date(Date.now() + 62 * minutes).toISOString() });
    const rerun = await job({ now: new Date(Date.now() + 62 * minutes).toISOString() });

    // Assess
    // (Holds of this file's other tests are due too: the run lapses every one, each once.)
    expect(run.promoted).toBeGreaterThanOrEqual(1);
    expect(run.lapsed).toBe(run.due);
    expect(rerun).toEqual({ due: 0, lapsed: 0, promoted: 0 });
    expect(await expectSeatsWithinCapacity('shift', shift.shiftId)).toMatchObject({
      held: 1,
      waitlisted: 0,
      expired: 2,
    });
    // The promoted link of a hold that lapsed no longer confirms (the seat is the third person's now).
    expect(
      await serviceAt(later(62))
        .confirmSignup(claimIdOf(promotedLink), promotedLink.token)
        .catch((e) => e),
    ).toMatchObject({
      reason: 'confirmation-expired',
    });
    // The first person may sign up again: their marker and commitment left with the lapse.
    const back = await at31.signUp(shift.shiftId, {
      ...person('first'),
      skills: [],
      consentToContact: false,
    });
    expect(back).toEqual(checkYourEmailAnswer);
  });

  it('gives a lapsed seat to the next claimant at once when nobody waits, without a job or TTL', async () => {
    // Prepare
    const shift = await aShiftToFill({ capacity: 1, assurance: 'email' });
    const first = await held(shift.shiftId, person('lapsing'));

    // Act
    await serviceAt(later(31)).signUp(shift.shiftId, {
      ...person('next'),
      skills: [],
      consentToContact: false,
    });

    // Assess
    const seats = await expectSeatsWithinCapacity('shift', shift.shiftId);
    expect(seats).toMatchObject({ held: 1, expired: 1, waitlisted: 0 });
    expect((await lastMailTo('volunteernext@example.org')).subject).toBe('Please confirm your place');
    expect((await confirmVia(first)).status).toBe(409);
    const items = await allItems();
    const claims = new Set(items.filter((i) => i.activityId === shift.shiftId).map((i) => i.claimId));
    const due = items.filter((i) => i.type === 'HoldDue' && claims.has(i.claimId));
    expect(due).toHaveLength(1);
  });

  it('cancelling a held seat hands it to the first person waiting', async () => {
    // Prepare
    const shift = await aShiftToFill({ capacity: 1, assurance: 'email' });
    await held(shift.shiftId, person('cancelling'));
    await signUp(shift.shiftId, person('nextinline'));
    const claim = (await allItems()).find(
      (i) =>
        i.type === 'Signup' && (i.contact as { email: string }).email === 'volunteercancelling@example.org',
    );

    // Act
    const cancelled = await call(handler, {
      method: 'POST',
      path: `/signups/${claim?.claimId}/cancellation`,
      role: 'coordinator',
    });

    // Assess
    expect(cancelled.json).toMatchObject({ status: 'cancelled', promoted: true });
    expect(await expectSeatsWithinCapacity('shift', shift.shiftId)).toMatchObject({ held: 1, waitlisted: 0 });
  });
});

describe('training enrolments under email assurance', () => {
  it('holds and confirms a session seat through the enrolment confirmation routes', async () => {
    // Prepare
    const { initiativeId } = await anOpportunity();
    const session = await call(handler, {
      method: 'POST',
      path: '/training-sessions',
      role: 'coordinator',
      body: {
        initiativeId,
        title: { en: 'Safeguarding' },
        startsAt: hoursFromNow(30),
        endsAt: hoursFromNow(32),
        timeZone: 'UTC',
        capacity: 3,
        skillsGained: ['safeguarding'],
      },
    });

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/training-sessions/${session.json.sessionId}/enrolments`,
      body: person('learner'),
    });
    const link = confirmationLinkIn(await lastMailTo('volunteerlearner@example.org'));
    const confirmed = await confirmVia(link);

    // Assess
    expect(session.json.assurance).toBe('email');
    expect(answer.json).toEqual(checkYourEmailAnswer);
    expect(link.path).toMatch(/^\/enrolments\/[^/]+\/confirmation$/);
    expect(confirmed.json.status).toBe('confirmed');
    expect(await expectSeatsWithinCapacity('training', session.json.sessionId)).toMatchObject({
      confirmed: 1,
    });
    const enrolled = (await allItems()).filter((i) => i.detailType === 'TrainingEnrolled');
    expect(enrolled).toHaveLength(1);
  });
});

/** The claim ID of the (latest) sign-up of an address. */
async function claimOf(email: string): Promise<string | undefined> {
  const claims = (await allItems()).filter(
    (i) => i.type === 'Signup' && (i.contact as { email: string }).email === email,
  );
  return claims.at(-1)?.claimId as string | undefined;
}
