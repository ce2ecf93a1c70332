import { escapeHtml } from '../../shared/http/html';
import { describeDeadline, mailSafeText } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';
import { petitionUrl } from './mail';
import type { StoredPetition } from './store';

/**
 * Mail to the city's petitions team (deploy config `petitions.staffEmails`). Staff mail is in
 * English, as the staff API and the digest's attention list are; residents' mail comes from the
 * message catalogue.
 */
export function responseReminderMail(to: string, petition: StoredPetition, timeZone: string): MailMessage {
  const title = mailSafeText(petition.title);
  const due = petition.responseDueAt ? describeDeadline(petition.responseDueAt, timeZone) : 'soon';
  const subject = 'A petition’s answer is due soon';
  const paragraphs = [
    `The city must answer the petition “${title}” by ${due}.`,
    'It reached its response threshold; the answer is public once given with PUT /petitions/{petitionId}/response.',
    `The petition: ${petitionUrl(petition.petitionId)}`,
  ];
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;max-width:36rem">
${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
</body></html>
`;
  return { to, subject, text: `${paragraphs.join('\n\n')}\n`, html };
}
