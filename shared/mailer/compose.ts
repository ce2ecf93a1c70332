import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailMessage } from './port';

export interface ComposeOptions {
  /** Used when the message names no sender (`MAIL_FROM`, the deployment's verified address). */
  defaultFrom?: string;
  /** `<id@host>`; SES replaces it with its own, the outbox keeps it. */
  messageId?: string;
  date?: Date;
}

/** The sender a message goes out with; a message without one is a programming error, not a user's. */
export function senderOf(message: MailMessage, defaultFrom: string | undefined): string {
  const from = message.from ?? defaultFrom;
  if (!from) throw new Error('The message names no sender and no default sender (MAIL_FROM) is configured.');
  return from;
}

/**
 * The one place messages become MIME, for every mailer: text and HTML as `multipart/alternative`
 * (wrapped in `multipart/mixed` when there are attachments), extra headers as given, attachments
 * with their full content type — `text/calendar; method=REQUEST` keeps its `method` parameter, which
 * calendar clients need to offer "accept". CRLF line ends, as RFC 5322 and SES's raw API want.
 */
export async function composeMime(message: MailMessage, options: ComposeOptions = {}): Promise<Buffer> {
  return new MailComposer({
    from: senderOf(message, options.defaultFrom),
    to: typeof message.to === 'string' ? message.to : [...message.to],
    subject: message.subject,
    text: message.text,
    html: message.html,
    ...(options.messageId ? { messageId: options.messageId } : {}),
    ...(options.date ? { date: options.date } : {}),
    headers: { ...message.headers },
    attachments: message.attachments?.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: typeof attachment.content === 'string' ? attachment.content : Buffer.from(attachment.content),
    })),
    // Mail content never points at files or URLs to inline; refuse it, as SES would never read them.
    disableFileAccess: true,
    disableUrlAccess: true,
    newline: 'windows',
  })
    .compile()
    .build();
}
