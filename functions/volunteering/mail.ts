import { createEvent } from 'ics';
import type { SeatedKind } from '../../events/volunteering';
import { pickLanguage } from '../../shared/domain/localized-text';
import { escapeHtml } from '../../shared/http/html';
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
  const { error, value } = createEvent({
    uid: `${claim.kind}-${claim.claimId}@civic`,
    productId: 'civic/volunteering',
    method: 'PUBLISH',
    title,
    start: Date.parse(claim.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(claim.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: 'CONFIRMED',
    ...(location ? { location } : {}),
    ...(claim.location?.lat !== undefined && claim.location.lon !== undefined
      ? { geo: { lat: claim.location.lat, lon: claim.location.lon } }
      : {}),
    description: [
      `${describeTimeRange(claim.startsAt, claim.endsAt, claim.timeZone, 'en')}.`,
      ...(cancelLink ? [`Can't come? Cancel your place: ${cancelLink}`] : []),
    ].join('\n'),
  });
  if (error || !value)
    throw new Error(`The calendar invite could not be built: ${error?.message ?? 'empty'}`);
  return value;
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
  const title = pickLanguage(claim.title, [options.language], options.language).text;
  const when = describeTimeRange(claim.startsAt, claim.endsAt, claim.timeZone, options.language);
  const where = claim.location
    ? [claim.location.name, claim.location.address].filter(Boolean).join(', ')
    : undefined;
  const cancelLine = options.cancelLink
    ? `Can't come after all? Cancel your place so the next person waiting gets it: ${options.cancelLink}`
    : undefined;
  const text = [
    `Hello ${claim.contact.name},`,
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
