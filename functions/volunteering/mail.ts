import type { SeatedKind } from '../../events/volunteering';
import { calendarInviteFile } from '../../shared/calendar/ics';
import { pickLanguage } from '../../shared/domain/localized-text';
import { escapeHtml } from '../../shared/http/html';
import { confirmationMail, mailSafeText } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';
import type { SeatMailPurpose } from './mail-events';
import type { StoredClaim } from './store';
import { describeTimeRange } from './time';

const nouns: Record<SeatedKind, string> = { shift: 'shift', training: 'session' };

function subjectFor(purpose: SeatMailPurpose, kind: SeatedKind, title: string, when: string): string {
  if (purpose === 'promoted') return `A place opened up: you're confirmed for ${title}`;
  if (purpose === 'reminder') return `Reminder: ${title}, ${when}`;
  return `You're confirmed: ${title} (${nouns[kind]})`;
}

function opening(purpose: SeatMailPurpose, kind: SeatedKind): string {
  if (purpose === 'promoted')
    return `A seat became free and you were next on the waitlist: your place on this ${nouns[kind]} is confirmed.`;
  if (purpose === 'reminder') return `This is a reminder of your ${nouns[kind]}.`;
  return `Thank you for signing up. Your place on this ${nouns[kind]} is confirmed.`;
}

/**
 * The calendar invite: one event at the claim's instants, written in UTC (`…Z`), which every
 * calendar shows in its reader's own zone. Its UID is the claim's, so the confirmation, a
 * promotion and a reminder all describe the same calendar entry.
 */
export function calendarInvite(claim: StoredClaim, title: string, cancelLink: string | undefined): string {
  const location = claim.location
    ? [claim.location.name, claim.location.address].filter(Boolean).join(', ')
    : undefined;
  return calendarInviteFile(
    {
      uid: `${claim.kind}-${claim.claimId}@civic`,
      title,
      startsAt: claim.startsAt,
      endsAt: claim.endsAt,
      location,
      ...(claim.location?.lat !== undefined && claim.location.lon !== undefined
        ? { geo: { lat: claim.location.lat, lon: claim.location.lon } }
        : {}),
      description: [
        `${describeTimeRange(claim.startsAt, claim.endsAt, claim.timeZone, 'en')}.`,
        ...(cancelLink ? [`Can't come? Cancel your place: ${cancelLink}`] : []),
      ].join('\n'),
    },
    'civic/volunteering',
  );
}

/**
 * The mail about a seat: what, when (in the activity's own time zone), where, how to cancel,
 * with the calendar invite attached. Written for the person, so it holds their name; it is
 * built only by the consumer and the reminder job, from the claim item, never from an event.
 */
export function seatMail(
  claim: StoredClaim,
  purpose: SeatMailPurpose,
  options: { language: string; cancelLink: string | undefined },
): MailMessage {
  const title = mailSafeText(pickLanguage(claim.title, [options.language], options.language).text);
  const when = describeTimeRange(claim.startsAt, claim.endsAt, claim.timeZone, options.language);
  const where = claim.location
    ? [claim.location.name, claim.location.address].filter(Boolean).join(', ')
    : undefined;
  const cancelLine = options.cancelLink
    ? `Can't come after all? Cancel your place so the next person waiting gets it: ${options.cancelLink}`
    : undefined;
  const text = [
    `Hello ${mailSafeText(claim.contact.name, 80)},`,
    '',
    opening(purpose, claim.kind),
    '',
    `What: ${title}`,
    `When: ${when}`,
    ...(where ? [`Where: ${where}`] : []),
    '',
    'The attached invite adds it to your calendar.',
    ...(cancelLine ? ['', cancelLine] : []),
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>Hello ${escapeHtml(claim.contact.name)},</p>`,
    `<p>${escapeHtml(opening(purpose, claim.kind))}</p>`,
    '<table role="presentation">',
    `<tr><th scope="row" align="left">What</th><td>${escapeHtml(title)}</td></tr>`,
    `<tr><th scope="row" align="left">When</th><td>${escapeHtml(when)}</td></tr>`,
    ...(where ? [`<tr><th scope="row" align="left">Where</th><td>${escapeHtml(where)}</td></tr>`] : []),
    '</table>',
    '<p>The attached invite adds it to your calendar.</p>',
    ...(options.cancelLink
      ? [
          `<p>Can't come after all? <a href="${escapeHtml(options.cancelLink)}">Cancel your place</a> so the next person waiting gets it.</p>`,
        ]
      : []),
    '</body></html>',
  ].join('\n');
  return {
    to: claim.contact.email,
    subject: subjectFor(purpose, claim.kind, title, when),
    text,
    html,
    headers: { 'X-Civic-Claim': `${claim.kind}:${claim.claimId}` },
    attachments: [
      {
        filename: 'invite.ics',
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
        content: calendarInvite(claim, title, options.cancelLink),
      },
    ],
  };
}

/**
 * What a sign-up under `email` assurance tells the address, for every outcome alike answered
 * 202 "check your email": the differences live here, in the mail only its owner reads.
 */
export type ClaimNotice =
  /** A seat is held: confirm with the link before `until` (epoch s). */
  | { notice: 'hold'; until: number; link: string }
  /** A seat freed and was passed to this person, held: confirm with the link before `until`. */
  | { notice: 'promoted-hold'; until: number; link: string }
  /** The same person asked again while their hold is live: a fresh link (the earlier one is void). */
  | { notice: 'already-held'; until: number; link: string }
  | { notice: 'waitlisted'; position: number }
  | { notice: 'already-waitlisted'; position: number }
  /** The same person already has the seat (or had: completed, no-show): `link` shows or cancels it. */
  | { notice: 'already-confirmed'; link?: string | undefined }
  | { notice: 'already-signed-up' }
  /** Another of the person's commitments is at an overlapping time. */
  | { notice: 'overlap'; other: Pick<StoredClaim, 'kind' | 'title' | 'startsAt' | 'endsAt' | 'timeZone'> };

/** The activity a notice is about, as a claim (or the activity itself) describes it. */
export type NoticeSubject = Pick<StoredClaim, 'kind' | 'title' | 'startsAt' | 'endsAt' | 'timeZone'> & {
  location?: StoredClaim['location'];
};

const subjects: Record<ClaimNotice['notice'], string> = {
  hold: 'Please confirm your place',
  'promoted-hold': 'A place opened up: please confirm it',
  'already-held': 'Please confirm your place',
  waitlisted: 'You are on the waiting list',
  'already-waitlisted': 'You are on the waiting list',
  'already-confirmed': 'You already have this place',
  'already-signed-up': 'About your sign-up',
  overlap: 'About your sign-up: a time clash',
};

/** One activity in words: `the shift “Tree planting”, Saturday, 6 March 2027, 09:00–13:00 (Europe/Brussels)`. */
function described(subject: NoticeSubject, language: string): string {
  const title = mailSafeText(pickLanguage(subject.title, [language], language).text);
  const when = describeTimeRange(subject.startsAt, subject.endsAt, subject.timeZone, language);
  const where = subject.location
    ? `, at ${mailSafeText([subject.location.name, subject.location.address].filter(Boolean).join(', '))}`
    : '';
  return `the ${subject.kind === 'shift' ? 'shift' : 'training session'} “${title}”, ${when}${where}`;
}

/** An epoch second as people read it, in the activity's own zone. */
function untilText(until: number, timeZone: string, language: string): string {
  const at = new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'long', timeStyle: 'short' }).format(
    new Date(until * 1000),
  );
  return `${at} (${timeZone})`;
}

/**
 * The mail about a sign-up or enrolment awaiting, or not needing, an emailed confirmation. Every
 * text from outside the city's templates (name, title, place) goes through `mailSafeText`; the
 * subject is the city's own words.
 */
export function claimNoticeMail(
  to: string,
  name: string | undefined,
  subject: NoticeSubject,
  notice: ClaimNotice,
  language: string,
): MailMessage {
  const what = described(subject, language);
  const noun = subject.kind === 'shift' ? 'sign-up' : 'enrolment';
  const until = 'until' in notice ? untilText(notice.until, subject.timeZone, language) : '';
  const content = (): { paragraphs: string[]; action?: { label: string; url: string; until?: string } } => {
    switch (notice.notice) {
      case 'hold':
        return {
          paragraphs: [
            `You asked for a place on ${what}.`,
            `We are holding a seat for you until ${until}. Confirm it with the link below; if it is not confirmed by then, the seat goes to the next person.`,
          ],
          action: { label: 'Confirm my place', url: notice.link, until },
        };
      case 'promoted-hold':
        return {
          paragraphs: [
            `A seat became free on ${what}, and you were next on the waiting list.`,
            `We are holding it for you until ${until}. Confirm it with the link below; if it is not confirmed by then, it goes to the next person waiting.`,
          ],
          action: { label: 'Confirm my place', url: notice.link, until },
        };
      case 'already-held':
        return {
          paragraphs: [
            `You asked again for a place on ${what}. A seat is already held for you until ${until}.`,
            'Here is a new link to confirm it; the link in any earlier email no longer works.',
          ],
          action: { label: 'Confirm my place', url: notice.link, until },
        };
      case 'waitlisted':
        return {
          paragraphs: [
            `You asked for a place on ${what}. It is full for now: you are number ${notice.position} on the waiting list.`,
            'If a seat frees up, we will email you a link to confirm it. There is nothing to do until then.',
          ],
        };
      case 'already-waitlisted':
        return {
          paragraphs: [
            `You asked again for a place on ${what}. You are already on its waiting list, number ${notice.position}: nothing has changed.`,
            'If a seat frees up, we will email you a link to confirm it.',
          ],
        };
      case 'already-confirmed':
        return {
          paragraphs: [
            `You asked again for a place on ${what}. You already have this place: nothing has changed.`,
          ],
          ...(notice.link ? { action: { label: `See or cancel your ${noun}`, url: notice.link } } : {}),
        };
      case 'already-signed-up':
        return {
          paragraphs: [
            `You asked again for a place on ${what}. You already signed up for it: nothing has changed.`,
          ],
        };
      case 'overlap':
        return {
          paragraphs: [
            `You asked for a place on ${what}.`,
            `It overlaps ${described(notice.other, language)}, which you already signed up for, so we did not sign you up. To take this one instead, cancel the other first, then sign up again.`,
          ],
        };
    }
  };
  const { paragraphs, action } = content();
  return confirmationMail({
    to,
    subject: subjects[notice.notice],
    name,
    paragraphs,
    ...(action ? { action } : {}),
  });
}
