import type { responseOutcomes } from '../../events/petitions';
import { escapeHtml } from '../../shared/http/html';
import { mailSafeText } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';
import { type MessageLanguage, messagesFor } from '../../shared/messages';

/**
 * The city's answer as one signer receives it: the petition's title, the outcome in words, the
 * answer's text and its links, and the one-click way out (RFC 8058: `List-Unsubscribe` names the
 * link, `List-Unsubscribe-Post` says a POST to it is enough). Fixed texts come from
 * `mail.petitionAnswer`; the title and the signer's name are residents' words, made mail-safe, and
 * neither reaches a header.
 */

export interface PetitionAnswerMailContent {
  to: string;
  name?: string | undefined;
  language: MessageLanguage;
  title: string;
  outcome: (typeof responseOutcomes)[number];
  /** The answer as staff wrote it: paragraphs apart by blank lines. */
  text: string;
  /** Staff's page with the full answer or decision. */
  readMoreLink?: string | undefined;
  petitionLink: string;
  unsubscribeLink: string;
}

/** Staff's text kept as paragraphs and lines, without control or invisible characters. */
const paragraphsOf = (text: string): string[] =>
  text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\P{Cc}\n]|[\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);

export function petitionAnswerMail(content: PetitionAnswerMailContent): MailMessage {
  const messages = messagesFor(content.language);
  const texts = messages.mail.petitionAnswer;
  const greeting = messages.mail.confirmation.greeting({
    name: content.name ? mailSafeText(content.name, 80) : undefined,
  });
  const answered = texts.answered({ title: mailSafeText(content.title) });
  const outcome = texts.outcomes[content.outcome];
  const answer = paragraphsOf(content.text);
  const links = [
    ...(content.readMoreLink ? [{ label: texts.readMore, url: content.readMoreLink }] : []),
    { label: texts.petitionPage, url: content.petitionLink },
  ];

  const text = [
    greeting,
    answered,
    outcome,
    `${texts.answerHeading}:`,
    ...answer,
    ...links.map((link) => `${link.label}:\n${link.url}`),
    texts.why,
    `${texts.unsubscribe}:\n${content.unsubscribeLink}`,
  ].join('\n\n');

  const html = `<!doctype html>
<html lang="${content.language}"><head><meta charset="utf-8"><title>${escapeHtml(texts.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;max-width:36rem">
<p>${escapeHtml(greeting)}</p>
<h1 style="font-size:1.25rem">${escapeHtml(answered)}</h1>
<p><strong>${escapeHtml(outcome)}</strong></p>
<h2 style="font-size:1.1rem">${escapeHtml(texts.answerHeading)}</h2>
${answer.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`).join('\n')}
<ul>
${links.map((link) => `<li><a href="${escapeHtml(link.url)}" style="color:#005ea2">${escapeHtml(link.label)}</a></li>`).join('\n')}
</ul>
<p style="color:#555">${escapeHtml(texts.why)} <a href="${escapeHtml(content.unsubscribeLink)}" style="color:#005ea2">${escapeHtml(texts.unsubscribe)}</a></p>
</body></html>
`;

  return {
    to: content.to,
    subject: texts.subject,
    text: `${text}\n`,
    html,
    headers: {
      'List-Unsubscribe': `<${content.unsubscribeLink}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
