import type { SeatedKind } from '../../events/volunteering';
import { calendarInviteFile } from '../../shared/calendar/ics';
import { pickLanguage } from '../../shared/domain/localized-text';
import { escapeHtml } from '../../shared/http/html';
import { confirmationMail, mailSafeText } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';
import { messagesFor, resolveMessageLanguage } from '../../shared/messages';
import type { SeatMailPurpose } from './mail-events';
import type { StoredClaim } from './store';
import { describeTimeRange } from './time';

function subjectFor(
  purpose: SeatMailPurpose,
  kind: SeatedKind,
  title: string,
  when: string,
  language: string,
): string {
  const subjects = messagesFor(language).mail.seat.subjects;
  if (purpose === 'promoted') return subjects.promoted({ title });
  if (purpose === 'reminder') return subjects.reminder({ title, when });
  return subjects.confirmed({ title, kind });
}

function opening(purpose: SeatMailPurpose, kind: SeatedKind, language: string): string {
  const openings = messagesFor(language).mail.seat.openings;
  if (purpose === 'promoted') return openings.promoted({ kind });
  if (purpose === 'reminder') return openings.reminder({ kind });
  return openings.confirmed({ kind });
}

/**
 * The calendar invite: one event at the claim's instants, written in UTC (`…Z`), which every
 * calendar shows in its reader's own zone. Its UID is the claim's, so the confirmation, a
 * promotion and a reminder all describe the same calendar entry.
 */
export function calendarInvite(
  claim: StoredClaim,
  title: string,
  cancelLink: string | undefined,
  language = 'en',
): string {
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
        `${describeTimeRange(claim.startsAt, claim.endsAt, claim.timeZone, language)}.`,
        ...(cancelLink ? [messagesFor(language).mail.seat.inviteCancel({ link: cancelLink })] : []),
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
  const texts = messagesFor(options.language).mail.seat;
  const cancelLine = options.cancelLink ? texts.cancelLine({ link: options.cancelLink }) : undefined;
  const text = [
    texts.greeting({ name: mailSafeText(claim.contact.name, 80) }),
    '',
    opening(purpose, claim.kind, options.language),
    '',
    `${texts.what}: ${title}`,
    `${texts.when}: ${when}`,
    ...(where ? [`${texts.where}: ${where}`] : []),
    '',
    texts.invite,
    ...(cancelLine ? ['', cancelLine] : []),
  ].join('\n');
  const subject = subjectFor(purpose, claim.kind, title, when, options.language);
  const html = [
    // A language and a title, as every mail's HTML part has: screen readers announce and speak by them.
    `<!doctype html><html lang="${escapeHtml(options.language)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(texts.greeting({ name: claim.contact.name }))}</p>`,
    `<p>${escapeHtml(opening(purpose, claim.kind, options.language))}</p>`,
    // A data table (what, when, where), not a layout one: its row headers must reach screen readers.
    '<table>',
    `<tr><th scope="row" align="left">${escapeHtml(texts.what)}</th><td>${escapeHtml(title)}</td></tr>`,
    `<tr><th scope="row" align="left">${escapeHtml(texts.when)}</th><td>${escapeHtml(when)}</td></tr>`,
    ...(where
      ? [`<tr><th scope="row" align="left">${escapeHtml(texts.where)}</th><td>${escapeHtml(where)}</td></tr>`]
      : []),
    '</table>',
    `<p>${escapeHtml(texts.invite)}</p>`,
    ...(options.cancelLink
      ? [
          `<p>${escapeHtml(texts.cancelLead)} <a href="${escapeHtml(options.cancelLink)}">${escapeHtml(texts.cancelLinkText)}</a> ${escapeHtml(texts.cancelRest)}</p>`,
        ]
      : []),
    '</body></html>',
  ].join('\n');
  return {
    to: claim.contact.email,
    subject,
    text,
    html,
    headers: { 'X-Civic-Claim': `${claim.kind}:${claim.claimId}` },
    attachments: [
      {
        filename: 'invite.ics',
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
        content: calendarInvite(claim, title, options.cancelLink, options.language),
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

/** One activity in words: `the shift “Tree planting”, Saturday, 6 March 2027, 09:00–13:00 (Europe/Brussels)`. */
function described(subject: NoticeSubject, language: string): string {
  const title = mailSafeText(pickLanguage(subject.title, [language], language).text);
  const when = describeTimeRange(subject.startsAt, subject.endsAt, subject.timeZone, language);
  const where = subject.location
    ? mailSafeText([subject.location.name, subject.location.address].filter(Boolean).join(', '))
    : undefined;
  return messagesFor(language).mail.claimNotice.activity({ kind: subject.kind, title, when, where });
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
  const texts = messagesFor(language).mail.claimNotice;
  const what = described(subject, language);
  const until = 'until' in notice ? untilText(notice.until, subject.timeZone, language) : '';
  const content = (): { paragraphs: string[]; action?: { label: string; url: string; until?: string } } => {
    switch (notice.notice) {
      case 'hold':
        return {
          paragraphs: [texts.asked({ what }), texts.holding({ until })],
          action: { label: texts.confirmPlace, url: notice.link, until },
        };
      case 'promoted-hold':
        return {
          paragraphs: [texts.seatFreed({ what }), texts.promotedHolding({ until })],
          action: { label: texts.confirmPlace, url: notice.link, until },
        };
      case 'already-held':
        return {
          paragraphs: [texts.alreadyHeld({ what, until }), texts.newLink],
          action: { label: texts.confirmPlace, url: notice.link, until },
        };
      case 'waitlisted':
        return { paragraphs: [texts.waitlisted({ what, position: notice.position }), texts.willEmail] };
      case 'already-waitlisted':
        return {
          paragraphs: [texts.alreadyWaitlisted({ what, position: notice.position }), texts.willEmailShort],
        };
      case 'already-confirmed':
        return {
          paragraphs: [texts.alreadyConfirmed({ what })],
          ...(notice.link
            ? { action: { label: texts.seeOrCancel({ kind: subject.kind }), url: notice.link } }
            : {}),
        };
      case 'already-signed-up':
        return { paragraphs: [texts.alreadySignedUp({ what })] };
      case 'overlap':
        return {
          paragraphs: [texts.asked({ what }), texts.overlap({ other: described(notice.other, language) })],
        };
    }
  };
  const { paragraphs, action } = content();
  return confirmationMail({
    to,
    language: resolveMessageLanguage(language),
    subject: texts.subjects[notice.notice],
    name,
    paragraphs,
    ...(action ? { action } : {}),
  });
}
