import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Mailer, MailMessage } from '../../shared/mailer/port';

/**
 * The local stand-in for SES: each message becomes a real MIME `.eml` file (multipart/alternative
 * text and HTML, attachments in multipart/mixed) in the outbox folder, which any mail client opens.
 * Files are named by time so a directory listing reads like an inbox.
 */
export function createOutboxMailer(outboxDirectory: string, now: () => Date = () => new Date()): Mailer {
  return {
    async send(message: MailMessage) {
      const sentAt = now();
      const id = `${sentAt.getTime().toString(36)}.${randomBytes(6).toString('hex')}`;
      const messageId = `<${id}@civic.local>`;
      const mime = await new MailComposer({
        from: message.from,
        to: typeof message.to === 'string' ? message.to : [...message.to],
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId,
        date: sentAt,
        headers: { ...message.headers },
        attachments: message.attachments?.map((attachment) => ({
          filename: attachment.filename,
          contentType: attachment.contentType,
          content:
            typeof attachment.content === 'string' ? attachment.content : Buffer.from(attachment.content),
        })),
        // Mail content never points at files or URLs to inline; refuse it, as SES would never read them.
        disableFileAccess: true,
        disableUrlAccess: true,
        newline: 'windows',
      })
        .compile()
        .build();
      await mkdir(outboxDirectory, { recursive: true });
      const file = join(outboxDirectory, `${sentAt.toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
      // Written aside and renamed, so a watcher never opens half a message.
      await writeFile(`${file}.partial`, mime);
      await rename(`${file}.partial`, file);
      return { messageId };
    },
  };
}
