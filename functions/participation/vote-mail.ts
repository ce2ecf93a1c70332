import { pickLanguage } from '../../shared/domain/localized-text';
import { confirmationMail, describeDeadline, mailSafeText } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';
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
  const title = pickLanguage(context.engagementTitle, [context.language], 'en').text;
  return `your support for ${context.kind === 'idea' ? 'an idea' : `a ${context.kind}`} in “${mailSafeText(title)}”`;
}

/** The mail of a vote awaiting confirmation: the link, and until when it works. */
export function confirmVoteMail(
  context: VoteMailContext,
  link: { url: string; expiresAt: string; timeZone: string },
): MailMessage {
  return confirmationMail({
    to: context.to,
    subject: 'Please confirm your vote',
    paragraphs: [
      `Thank you for taking part. Please confirm ${describeVote(context)}: it counts once you do.`,
      'If you asked more than once, only the link in the latest email works.',
    ],
    action: {
      label: 'Confirm my vote',
      url: link.url,
      until: describeDeadline(link.expiresAt, link.timeZone),
    },
  });
}

/** The mail when this address's vote already counts: nothing to do, nothing changed. */
export function voteAlreadyCountedMail(context: VoteMailContext): MailMessage {
  return confirmationMail({
    to: context.to,
    subject: 'Your vote already counts',
    paragraphs: [
      `Someone, perhaps you, asked again to record ${describeVote(context)} with this address. It was already counted, so nothing has changed and there is nothing to do.`,
    ],
  });
}
