import { pickLanguage, preferredLanguages } from '../../shared/domain/localized-text';
import { confirmationMail, describeDeadline, mailSafeText } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';
import { messagesFor, resolveMessageLanguage } from '../../shared/messages';
import type { StoredContribution } from './store';

/** Where a vote request's mail is going and what it is about; the city's words only reach headers. */
export interface VoteMailContext {
  to: string;
  kind: StoredContribution['kind'];
  engagementTitle: Record<string, string>;
  language: string;
}

/** What the link confirms, in words: the engagement's title is the city's own, the contribution's is not used. */
export function describeVote(
  context: Pick<VoteMailContext, 'kind' | 'engagementTitle' | 'language'>,
): string {
  const title = pickLanguage(
    context.engagementTitle,
    preferredLanguages(context.language, undefined),
    'en',
  ).text;
  const texts = messagesFor(context.language).mail.vote;
  return texts.what({ thing: texts.kinds[context.kind], title: mailSafeText(title) });
}

/** The mail of a vote awaiting confirmation: the link, and until when it works. */
export function confirmVoteMail(
  context: VoteMailContext,
  link: { url: string; expiresAt: string; timeZone: string },
): MailMessage {
  const language = resolveMessageLanguage(context.language);
  const texts = messagesFor(language).mail.vote;
  return confirmationMail({
    to: context.to,
    language,
    subject: texts.subject,
    paragraphs: [texts.ask({ what: describeVote(context) }), texts.latestOnly],
    action: {
      label: texts.action,
      url: link.url,
      until: describeDeadline(link.expiresAt, link.timeZone, language),
    },
  });
}

/** The mail when this address's vote already counts: nothing to do, nothing changed. */
export function voteAlreadyCountedMail(context: VoteMailContext): MailMessage {
  const language = resolveMessageLanguage(context.language);
  const texts = messagesFor(language).mail.vote;
  return confirmationMail({
    to: context.to,
    language,
    subject: texts.alreadySubject,
    paragraphs: [texts.already({ what: describeVote(context) })],
  });
}
