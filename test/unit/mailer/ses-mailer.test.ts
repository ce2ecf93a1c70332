import {
  AccountSuspendedException,
  BadRequestException,
  InternalServiceErrorException,
  LimitExceededException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetRuntimeConfig } from '../../../shared/config/runtime';
import { MailDeliveryError } from '../../../shared/mailer/errors';
import { mailerFromEnvironment, resetMailer } from '../../../shared/mailer/from-environment';
import { createSesMailer, isTransientMailError } from '../../../shared/mailer/ses-mailer';
import { reminder } from './messages';

const ses = mockClient(SESv2Client);
const metadata = { $metadata: { httpStatusCode: 400 } };

/** A mailer that records its pauses instead of sleeping through them. */
function mailer(options: { maxAttempts?: number } = {}) {
  const pauses: number[] = [];
  const sesMailer = createSesMailer({
    client: new SESv2Client({ region: 'eu-west-1' }),
    configurationSetName: 'civic-test',
    defaultFrom: 'no-reply@city.example',
    baseDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 1,
    sleep: async (ms) => {
      pauses.push(ms);
    },
    ...options,
  });
  return { sesMailer, pauses };
}

const throttled = () =>
  new TooManyRequestsException({
    message: 'Maximum sending rate exceeded.',
    $metadata: { httpStatusCode: 429 },
  });

beforeEach(() => ses.reset());

describe('SES mailer', () => {
  it('sends the composed MIME, both parts and the invite, through the configuration set', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });
    const { sesMailer } = mailer();

    // Act
    const { messageId } = await sesMailer.send(reminder);

    // Assess
    expect(messageId).toBe('ses-0001');
    const [call] = ses.commandCalls(SendEmailCommand);
    expect(call?.args[0].input.ConfigurationSetName).toBe('civic-test');
    const raw = call?.args[0].input.Content?.Raw?.Data;
    expect(raw).toBeDefined();
    const parsed = await simpleParser(Buffer.from(raw as Uint8Array));
    expect(parsed.subject).toBe(reminder.subject);
    expect(parsed.text?.trim()).toBe(reminder.text);
    expect(parsed.html).toContain('<strong>09:00</strong>');
    expect(parsed.attachments.map((attachment) => attachment.filename)).toEqual(['shift.ics']);
    expect(Buffer.from(raw as Uint8Array).toString('utf8')).toMatch(/Content-Type: multipart\/alternative/);
  });

  it('retries throttling with growing pauses, then succeeds', async () => {
    // Prepare
    ses
      .on(SendEmailCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(new InternalServiceErrorException({ message: 'oops', $metadata: { httpStatusCode: 500 } }))
      .resolves({ MessageId: 'ses-0002' });
    const { sesMailer, pauses } = mailer();

    // Act
    const { messageId } = await sesMailer.send(reminder);

    // Assess
    expect(messageId).toBe('ses-0002');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect(pauses).toEqual([100, 200]);
  });

  it('gives up after the bounded number of attempts with a transient MailDeliveryError', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejects(throttled());
    const { sesMailer, pauses } = mailer({ maxAttempts: 5 });

    // Act
    const sending = sesMailer.send(reminder);

    // Assess
    await expect(sending).rejects.toMatchObject({
      name: 'MailDeliveryError',
      permanent: false,
      reason: 'TooManyRequestsException',
      attempts: 5,
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(5);
    // Capped at maxDelayMs.
    expect(pauses).toEqual([100, 200, 400, 800]);
  });

  it.each([
    ['MessageRejected', new MessageRejected({ message: 'Email address is not verified.', ...metadata })],
    [
      'MailFromDomainNotVerifiedException',
      new MailFromDomainNotVerifiedException({ message: 'not verified', ...metadata }),
    ],
    ['AccountSuspendedException', new AccountSuspendedException({ message: 'suspended', ...metadata })],
    ['BadRequestException', new BadRequestException({ message: 'bad', ...metadata })],
  ])('does not retry %s and reports it as permanent', async (reason, error) => {
    // Prepare
    ses.on(SendEmailCommand).rejects(error);
    const { sesMailer, pauses } = mailer();

    // Act
    const sending = sesMailer.send(reminder);

    // Assess
    await expect(sending).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(sending).rejects.toMatchObject({ permanent: true, reason, attempts: 1 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(pauses).toEqual([]);
  });

  it('never puts a recipient address in its error message', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: 'Email address is not verified: ana@example.org',
        ...metadata,
      }),
    );
    const { sesMailer } = mailer();

    // Act
    const error = await sesMailer.send(reminder).then(
      () => new Error('sent'),
      (caught: unknown) => caught as Error,
    );

    // Assess
    expect(error.message).not.toContain('ana@example.org');
    expect(error.message).toContain('MessageRejected');
  });

  it.each([
    [throttled(), true],
    [new LimitExceededException({ message: 'limit', ...metadata }), true],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    [new MessageRejected({ message: 'rejected', ...metadata }), false],
    [new TypeError('bug'), false],
  ])('classifies %s as transient: %s', (error, transient) => {
    // Act
    const classified = isTransientMailError(error);

    // Assess
    expect(classified).toBe(transient);
  });
});

describe('mailerFromEnvironment', () => {
  const saved = { ...process.env };

  afterEach(() => {
    process.env = { ...saved };
    resetRuntimeConfig();
    resetMailer();
  });

  const configure = (env: Record<string, string | undefined>) => {
    process.env = { ...saved, TABLE_NAME: 'civic-test', ...env };
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete process.env[name];
    resetRuntimeConfig();
    resetMailer();
  };

  it('sends through SES with the configuration set and MAIL_FROM when no outbox is set', async () => {
    // Prepare
    configure({
      MAIL_OUTBOX_DIR: undefined,
      MAIL_CONFIGURATION_SET: 'civic-ville',
      MAIL_FROM: 'participation@city.example',
      AWS_REGION: 'eu-west-1',
    });
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0003' });
    const { from: _ignored, ...withoutSender } = reminder;

    // Act
    const { messageId } = await mailerFromEnvironment().send(withoutSender);

    // Assess
    expect(messageId).toBe('ses-0003');
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.ConfigurationSetName).toBe('civic-ville');
    const parsed = await simpleParser(Buffer.from(input?.Content?.Raw?.Data as Uint8Array));
    expect(parsed.from?.value[0]?.address).toBe('participation@city.example');
  });

  it('refuses to guess when neither the outbox nor the configuration set is configured', () => {
    // Prepare
    configure({ MAIL_OUTBOX_DIR: undefined, MAIL_CONFIGURATION_SET: undefined });

    // Act
    const make = () => mailerFromEnvironment();

    // Assess
    expect(make).toThrow(/MAIL_CONFIGURATION_SET is required/);
  });
});
