import { beforeAll, describe, expect, it } from 'vitest';
import { sendDigests } from '../../functions/digest/digest-job';
import { digestService } from '../../functions/digest/digests';
import { dynamoDeliveryStore } from '../../functions/digest/dynamo-delivery-store';
import { publishedSources } from '../../functions/digest/sources';
import { handler as evaluation } from '../../functions/evaluation/handler';
import { handler as ledger } from '../../functions/impact/ledger-consumer';
import { handler as petitions } from '../../functions/petitions/handler';
import { petitionsNeedingAttention } from '../../functions/petitions/published';
import { type Period, parsePeriod } from '../../shared/domain/period';
import type { MailMessage } from '../../shared/mailer/port';
import { call } from '../support/api';
import { createDelivery } from '../support/events';
import {
  draftedPetition,
  publishedPetition,
  signedBy,
  usePetitionSettings,
} from '../support/petition-fixtures';

/**
 * Petitions in the evaluation digest (issue 15): the petitions staff should act on — waiting for
 * moderation longer than `petitions.moderationOverdueDays` (7), an answer due within
 * `petitions.reminderDaysBefore` (7) of its deadline (`responseDays`, 30) or past it — and the
 * period's petition figures from the impact summary. The clock is "now" moved on by whole days.
 */

usePetitionSettings();

const day = 24 * 60 * 60 * 1000;
const started = new Date();
const daysLater = (days: number) => new Date(started.getTime() + days * day);
const period = parsePeriod(started.toISOString().slice(0, 7)) as Period;

const titles = {
  moderation: 'A bench at every bus stop on the ring road',
  awaitingAnswer: 'Keep the Riverside library open on Sundays',
  answered: 'Plant trees along the canal towpath this year',
  noDeadline: 'A pedestrian crossing by the Old Town school',
};

/** Every message the job hands the mailer, as written. */
const sent: MailMessage[] = [];
const mailer = {
  send: async (message: MailMessage) => {
    sent.push(message);
    return { messageId: `m-${sent.length}` };
  },
};

const attentionAt = async (days: number) =>
  (await petitionsNeedingAttention(daysLater(days))).map(({ title, reason }) => ({ title, reason }));

describe('petitions needing attention', () => {
  beforeAll(async () => {
    // Waiting for moderation: drafted and sponsored, not yet published.
    const waiting = await draftedPetition({ title: titles.moderation });
    await signedBy(waiting.petitionId);
    await signedBy(waiting.petitionId);
    // Published with 3 signatures: `response` reached, the city has 30 days to answer.
    await publishedPetition({ title: titles.awaitingAnswer });
    // The same, answered at once: nothing left to do.
    const answered = await publishedPetition({ title: titles.answered });
    const answer = await call(petitions, {
      method: 'PUT',
      path: `/petitions/${answered.petitionId}/response`,
      role: 'coordinator',
      body: { text: 'The city will plant forty trees along the towpath in the autumn.', outcome: 'accepted' },
    });
    if (answer.status !== 200) throw new Error(`answer: ${answer.status} ${answer.body}`);
    // A neighbourhood petition (thresholds 10 and 20): no deadline yet.
    await publishedPetition({
      title: titles.noDeadline,
      petitionType: 'neighbourhood',
      neighbourhood: 'Old Town',
    });
    await createDelivery(ledger)();
  });

  it('lists nothing while moderation is within its days and every answer far from due', async () => {
    // Act
    const tomorrow = await attentionAt(1);

    // Assess
    expect(tomorrow).toEqual([]);
  });

  it('flags moderation waiting longer than `moderationOverdueDays`', async () => {
    // Act
    const afterEightDays = await attentionAt(8);

    // Assess
    expect(afterEightDays).toEqual([{ title: titles.moderation, reason: 'moderation-overdue' }]);
  });

  it('flags an answer due within the reminder window, then overdue, and never an answered one', async () => {
    // Act
    const dueSoon = await attentionAt(24);
    const overdue = await attentionAt(31);

    // Assess
    expect(dueSoon).toEqual([
      { title: titles.moderation, reason: 'moderation-overdue' },
      { title: titles.awaitingAnswer, reason: 'response-due-soon' },
    ]);
    expect(overdue).toEqual([
      { title: titles.moderation, reason: 'moderation-overdue' },
      { title: titles.awaitingAnswer, reason: 'response-overdue' },
    ]);
  });

  it('mails the attention list and the period’s petition figures in the digest', async () => {
    // Prepare
    const subscribed = await call(evaluation, {
      method: 'POST',
      path: '/digest-subscriptions',
      role: 'admin',
      body: { email: 'petitions-team@example.gov', frequency: 'monthly', initiatives: 'all', language: 'en' },
    });
    expect(subscribed.status, subscribed.body).toBe(201);

    // Act
    const report = await sendDigests(period, mailer, { now: daysLater(31) });

    // Assess
    expect(report.sent).toBe(1);
    const text = sent[0]?.text ?? '';
    expect(text).toContain('Petitions needing attention');
    expect(text).toMatch(new RegExp(`- ${titles.moderation}: awaiting moderation since \\w+ \\d+, \\d{4}`));
    expect(text).toMatch(
      new RegExp(`- ${titles.awaitingAnswer}: the city’s answer was due on \\w+ \\d+, \\d{4}`),
    );
    expect(text).not.toContain(titles.answered);
    // Four petitions with three signatures each (creator and two sponsors); two reached `response`.
    expect(text).toContain('Petitions, city-wide');
    expect(text).toMatch(/Petitions opened: 3 /);
    expect(text).toMatch(/Signatures confirmed: 12 /);
    expect(text).toMatch(/Thresholds reached: 2 /);
    expect(text).toMatch(/Answers given: 1 /);
    expect(text).toMatch(/Answers overdue: 0 /);
    expect(sent[0]?.html).toContain('Petitions needing attention');
  });

  it('says so when no petition needs attention, in the reader’s language', async () => {
    // Act
    const preview = await digestService(dynamoDeliveryStore, publishedSources).previewDigest(
      period,
      { language: 'es', initiatives: 'all' },
      daysLater(1),
    );

    // Assess
    expect(preview.text).toContain('Ninguna petición requiere atención.');
    expect(preview.text).toMatch(/Peticiones abiertas: 3 /);
  });
});
