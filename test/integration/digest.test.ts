import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as digestJob, sendDigests } from '../../functions/digest/digest-job';
import { handler as evaluation } from '../../functions/evaluation/handler';
import { handler as ledger } from '../../functions/impact/ledger-consumer';
import { handler as participation } from '../../functions/participation/handler';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import { parsePeriod } from '../../shared/domain/period';
import { resetMailer } from '../../shared/mailer/from-environment';
import { createSesMailer } from '../../shared/mailer/ses-mailer';
import { call } from '../support/api';
import { createDelivery } from '../support/events';
import { openEngagement } from '../support/fixtures';

/**
 * The evaluation digest end to end: subscriptions made through the admin routes, this month's
 * activity through the public ones, SES played by aws-sdk-client-mock (it is the only way to make
 * SES refuse one address on demand), every message parsed back as MIME.
 */

const apiBase = 'https://api.example.gov/v1';
const ses = mockClient(SESv2Client);
const mailer = createSesMailer({
  client: new SESv2Client({ region: 'eu-west-1' }),
  configurationSetName: 'civic-test',
  defaultFrom: 'digest@example.gov',
  sleep: async () => undefined,
});
const period = parsePeriod(new Date().toISOString().slice(0, 7)) as NonNullable<
  ReturnType<typeof parsePeriod>
>;

/** Every message SES was asked to send, parsed. */
async function sentMessages(): Promise<ParsedMail[]> {
  const calls = ses.commandCalls(SendEmailCommand);
  return Promise.all(
    calls.map((c) => simpleParser(Buffer.from(c.args[0].input.Content?.Raw?.Data as Uint8Array))),
  );
}

/** A header as sent (mailparser folds `List-*` headers into one object, so read the raw lines). */
const header = (message: ParsedMail | undefined, name: string) =>
  message?.headerLines
    .find((line) => line.key === name)
    ?.line.slice(name.length + 1)
    .trim();

const recipient = (raw: Uint8Array | undefined) =>
  /^To: (.+)$/m.exec(Buffer.from(raw ?? []).toString('utf8'))?.[1]?.trim() ?? '';

async function subscribe(email: string, language = 'en') {
  const answer = await call(evaluation, {
    method: 'POST',
    path: '/digest-subscriptions',
    role: 'admin',
    body: { email, frequency: 'monthly', initiatives: 'all', language },
  });
  expect(answer.status, answer.body).toBe(201);
  return answer.json.subscriptionId as string;
}

describe('evaluation digests', () => {
  beforeAll(async () => {
    process.env.PUBLIC_API_BASE_URL = apiBase;
    process.env.LOCALES = 'en,es';
    resetRuntimeConfig();
    resetMailer();
    const opened = await openEngagement();
    for (const who of ['ana', 'ben'])
      await call(participation, {
        method: 'POST',
        path: `/engagements/${opened.engagementId}/contributions`,
        body: {
          kind: 'idea',
          title: `${who}'s idea`,
          body: 'Shade.',
          participant: { email: `${who}@example.org` },
        },
      });
    await createDelivery(ledger)();
  });

  afterAll(() => {
    ses.restore();
    delete process.env.PUBLIC_API_BASE_URL;
    delete process.env.LOCALES;
    resetRuntimeConfig();
  });

  beforeEach(() => ses.reset());

  it('mails every subscriber a two-part MIME digest, and one refused address stops nobody else', async () => {
    // Prepare
    await subscribe('planner@example.gov');
    await subscribe('bounces@example.gov');
    await subscribe('director@example.gov', 'es');
    ses.on(SendEmailCommand).callsFake((input) => {
      if (recipient(input.Content?.Raw?.Data).includes('bounces@'))
        throw Object.assign(new Error('Address blacklisted'), { name: 'MessageRejected' });
      return { MessageId: `m-${recipient(input.Content?.Raw?.Data)}` };
    });

    // Act
    const report = await sendDigests(period, mailer);

    // Assess
    expect(report).toMatchObject({ frequency: 'monthly', sent: 2, skipped: 0 });
    expect(report.failed).toEqual([expect.objectContaining({ reason: 'MessageRejected', permanent: true })]);
    const messages = await sentMessages();
    expect(messages).toHaveLength(3);
    const delivered = messages.filter((m) => !(m.to as { text: string }).text.includes('bounces@'));
    for (const message of delivered) {
      expect(message.html).toContain('<html lang=');
      expect(message.text).toContain(period.label);
      expect(header(message, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    }
    const spanish = delivered.find((m) => (m.to as { text: string }).text.includes('director@'));
    expect(spanish?.subject).toBe(`Resumen de evaluación de Civic — ${period.label}`);
    const english = delivered.find((m) => (m.to as { text: string }).text.includes('planner@'));
    // The headline figures, with the city's two new participants and their ideas.
    expect(english?.text).toMatch(/Participants: 2 /);
    expect(english?.text).toMatch(/Contributions: 2 /);
  });

  it('links only to absolute API addresses, and the unsubscribe link works in a browser', async () => {
    // Prepare
    const subscriptionId = await subscribe('links@example.gov');
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
    await sendDigests(period, mailer);
    const message = (await sentMessages()).find((m) => (m.to as { text: string }).text.includes('links@'));
    const links = [...String(message?.html).matchAll(/href="([^"]+)"/g)].map((match) =>
      (match[1] as string).replace(/&amp;/g, '&'),
    );
    const listUnsubscribe = /<([^>]+)>/.exec(String(header(message, 'list-unsubscribe')))?.[1];

    // Act: open the link as a browser would, then press the page's button.
    const unsubscribe = new URL(links.find((link) => link.includes('/unsubscribe')) as string);
    const path = unsubscribe.pathname.replace('/v1', '');
    const token = unsubscribe.searchParams.get('token') as string;
    const page = await call(evaluation, {
      method: 'GET',
      path,
      query: { token },
      headers: { Accept: 'text/html' },
    });
    // The page's form posts its hidden field, the token, in the body: the URL carries none.
    const hidden = /<input type="hidden" name="token" value="([^"]+)">/.exec(page.body)?.[1] as string;
    const pressed = await call(evaluation, {
      method: 'POST',
      path: path.replace(/unsubscribe$/, 'unsubscription'),
      rawBody: new URLSearchParams({ token: hidden }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
    });
    const listed = await call(evaluation, {
      method: 'GET',
      path: '/digest-subscriptions',
      role: 'admin',
      query: { frequency: 'monthly' },
    });

    // Assess
    expect(links.length).toBeGreaterThanOrEqual(2);
    for (const link of links) expect(link.startsWith(`${apiBase}/`)).toBe(true);
    expect(listUnsubscribe).toBe(unsubscribe.toString());
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<form method="post" action="unsubscription">');
    expect(hidden).toBe(token);
    expect(pressed.status).toBe(200);
    expect(pressed.body).toContain('Thank you');
    expect(listed.json.items.map((s: { subscriptionId: string }) => s.subscriptionId)).not.toContain(
      subscriptionId,
    );
  });

  it('sends nothing twice when the job runs again for the same period', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
    const first = await sendDigests(period, mailer);

    // Act
    const second = await sendDigests(period, mailer);

    // Assess: the refused address is not retried either; it is recorded as failed for good.
    expect(first.sent).toBe(0);
    expect(second.sent).toBe(0);
    expect(second.skipped).toBe(first.skipped);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('fails the run when SES keeps throttling one message, and a retry sends only that one', async () => {
    // Prepare
    const newcomer = 'late@example.gov';
    await subscribe(newcomer);
    process.env.MAIL_CONFIGURATION_SET = 'civic-test';
    process.env.MAIL_FROM = 'digest@example.gov';
    // The deployed job's mailer is SES: no local outbox (the test setup gives every file one).
    const outbox = process.env.MAIL_OUTBOX_DIR;
    delete process.env.MAIL_OUTBOX_DIR;
    resetRuntimeConfig();
    resetMailer();
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Slow down'), { name: 'TooManyRequestsException' }));

    // Act
    const failed = digestJob({ period: period.label });
    await expect(failed).rejects.toThrow('1 digest(s) could not be sent for now');
    const attempts = ses.commandCalls(SendEmailCommand).length;
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'late' });
    const retried = await digestJob({ period: period.label });

    // Assess
    expect(attempts).toBeGreaterThan(1);
    expect(retried).toMatchObject({ sent: 1, failed: [] });
    expect(recipient(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Raw?.Data)).toContain(
      newcomer,
    );
    delete process.env.MAIL_CONFIGURATION_SET;
    process.env.MAIL_FROM = 'civic@example.gov';
    process.env.MAIL_OUTBOX_DIR = outbox;
    resetRuntimeConfig();
    resetMailer();
  });
});
