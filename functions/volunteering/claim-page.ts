import { escapeHtml, thankYouPage } from '../../shared/http/html';
import { type MessageLanguage, messagesFor } from '../../shared/messages';

/** What the page shows of a sign-up or enrolment (`signupView`, `enrolmentView`). */
export interface ClaimView {
  status: string;
  position?: number | undefined;
  startsAt: string;
  endsAt: string;
  timeZone: string;
}

/**
 * The page a volunteer's link opens (the confirmation mail's cancel link): where their sign-up or
 * enrolment stands, and a button that cancels it. Opening the link changes nothing — mail
 * scanners open every link — and the button posts the token in the body to `…/{id}/cancel`,
 * because HTML forms cannot send `DELETE`.
 */
export function claimPage(
  what: 'sign-up' | 'enrolment',
  claimId: string,
  claim: ClaimView,
  token: string | undefined,
  language: MessageLanguage = 'en',
): { title: string; content: string } {
  const messages = messagesFor(language);
  const texts = messages.page.claim;
  const when = new Intl.DateTimeFormat(messages.dateLocale, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: claim.timeZone,
  }).formatRange(new Date(claim.startsAt), new Date(claim.endsAt));
  const standing =
    claim.status === 'waitlisted' && claim.position !== undefined
      ? texts.waitlistPosition({ position: claim.position })
      : texts.status({ status: (texts.statuses as Record<string, string>)[claim.status] ?? claim.status });
  const cancellable = (claim.status === 'confirmed' || claim.status === 'waitlisted') && token !== undefined;
  // Relative to the page (`/signups/{id}`), so it works behind any stage or domain path. The token
  // goes in the form's body: the URL of a request that acts never carries it.
  const action = `${encodeURIComponent(claimId)}/cancel`;
  return {
    title: texts.title({ kind: what }),
    content: `<h1>${escapeHtml(texts.title({ kind: what }))}</h1>
<p>${escapeHtml(when)} (${escapeHtml(claim.timeZone)})</p>
<p role="status">${escapeHtml(standing)}</p>
${cancellable ? `<form method="post" action="${escapeHtml(action)}">\n<input type="hidden" name="token" value="${escapeHtml(token)}">\n<button type="submit">${escapeHtml(texts.cancel({ kind: what }))}</button>\n</form>` : ''}`,
  };
}

/**
 * The page a plain form's sign-up on an `open` activity ends on when the form named no thank-you
 * page: where the person stands. (On an `email` activity every form gets "check your email".)
 */
export function claimAnswerPage(
  what: 'sign-up' | 'enrolment',
  answer: { status: 'confirmed' | 'waitlisted'; position?: number | undefined },
  language: MessageLanguage = 'en',
): { title: string; content: string } {
  const texts = messagesFor(language).page.claim;
  const standing =
    answer.status === 'waitlisted' ? texts.full({ position: answer.position ?? 1 }) : texts.placeConfirmed;
  return thankYouPage(language, `${texts.received({ kind: what })} ${standing}`);
}
