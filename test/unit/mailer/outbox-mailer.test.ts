import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxMailer } from '../../../shared/mailer/outbox-mailer';
import { reminder } from './messages';

let outbox: string;
beforeEach(() => {
  outbox = mkdtempSync(join(tmpdir(), 'civic-outbox-'));
});
afterEach(() => rmSync(outbox, { recursive: true, force: true }));

const digest = {
  from: '"Civic" <digest@city.example>',
  to: ['analyst@city.example', 'mayor@city.example'],
  subject: 'Evaluation digest — 2025-Q1 ✓',
  html: '<h1>Digest</h1><p>12 contributions, 40 votes.</p>',
  text: 'Digest\n\n12 contributions, 40 votes.',
  headers: { 'X-Civic-Digest-Id': 'digest-2025-Q1' },
  attachments: [
    { filename: 'summary.csv', contentType: 'text/csv', content: 'initiative,contributions\nParks,12\n' },
  ],
};

const onlyFile = () => {
  const files = readdirSync(outbox);
  expect(files).toHaveLength(1);
  return readFileSync(join(outbox, files[0] as string));
};

describe('outbox mailer', () => {
  it('writes one .eml file that parses as MIME with both the HTML and the text part', async () => {
    // Prepare
    const mailer = createOutboxMailer(outbox);

    // Act
    const { messageId } = await mailer.send(digest);

    // Assess
    const files = readdirSync(outbox);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const parsed = await simpleParser(readFileSync(join(outbox, files[0] as string)));
    expect(parsed.messageId).toBe(messageId);
    expect(parsed.subject).toBe(digest.subject);
    expect(parsed.html).toContain('<h1>Digest</h1>');
    expect(parsed.text?.trim()).toBe(digest.text);
    expect(parsed.headers.get('x-civic-digest-id')).toBe('digest-2025-Q1');
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/mixed' });
  });

  it('puts text and HTML in a multipart/alternative and keeps attachments intact', async () => {
    // Prepare
    const mailer = createOutboxMailer(outbox);

    // Act
    await mailer.send(digest);

    // Assess
    const raw = onlyFile().toString('utf8');
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    const parsed = await simpleParser(raw);
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString('utf8')])).toEqual([
      ['summary.csv', 'text/csv', digest.attachments[0]?.content],
    ]);
  });

  it('keeps a calendar invite’s method and the unsubscribe headers', async () => {
    // Prepare
    const mailer = createOutboxMailer(outbox);

    // Act
    await mailer.send(reminder);

    // Assess
    const parsed = await simpleParser(onlyFile());
    const invite = parsed.attachments.find((attachment) => attachment.filename === 'shift.ics');
    expect(invite?.contentType).toBe('text/calendar');
    expect(invite?.headers.get('content-type')).toMatchObject({
      value: 'text/calendar',
      params: expect.objectContaining({ method: 'REQUEST' }),
    });
    expect(invite?.content.toString('utf8')).toContain('BEGIN:VEVENT');
    expect(parsed.headerLines).toEqual(
      expect.arrayContaining([
        { key: 'list-unsubscribe', line: 'List-Unsubscribe: <https://civic.example/unsubscribe/abc>' },
        { key: 'list-unsubscribe-post', line: 'List-Unsubscribe-Post: List-Unsubscribe=One-Click' },
      ]),
    );
  });

  it('sends from the configured sender when the message names none', async () => {
    // Prepare
    const mailer = createOutboxMailer(outbox, { defaultFrom: 'participation@city.example' });
    const { from: _ignored, ...withoutSender } = digest;

    // Act
    await mailer.send(withoutSender);

    // Assess
    const parsed = await simpleParser(onlyFile());
    expect(parsed.from?.value[0]?.address).toBe('participation@city.example');
  });

  it('refuses a message with no sender at all, writing nothing', async () => {
    // Prepare
    const mailer = createOutboxMailer(outbox);
    const { from: _ignored, ...withoutSender } = digest;

    // Act
    const sending = mailer.send(withoutSender);

    // Assess
    await expect(sending).rejects.toThrow(/no sender/);
    expect(readdirSync(outbox)).toEqual([]);
  });

  it('writes each message to its own file', async () => {
    // Prepare
    const mailer = createOutboxMailer(outbox);

    // Act
    await Promise.all([mailer.send(digest), mailer.send({ ...digest, to: 'someone@city.example' })]);

    // Assess
    expect(readdirSync(outbox).filter((file) => file.endsWith('.eml'))).toHaveLength(2);
  });
});
