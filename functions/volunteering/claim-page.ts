import { escapeHtml, thankYouPage } from '../../shared/http/html';

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
): { title: string; content: string } {
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: claim.timeZone,
  }).formatRange(new Date(claim.startsAt), new Date(claim.endsAt));
  const standing =
    claim.status === 'waitlisted' && claim.position !== undefined
      ? `You are number ${claim.position} on the waiting list.`
      : `Status: ${claim.status}.`;
  const cancellable = (claim.status === 'confirmed' || claim.status === 'waitlisted') && token !== undefined;
  // Relative to the page (`/signups/{id}`), so it works behind any stage or domain path. The token
  // goes in the form's body: the URL of a request that acts never carries it.
  const action = `${encodeURIComponent(claimId)}/cancel`;
  return {
    title: `Your ${what}`,
    content: `<h1>Your ${what}</h1>
<p>${escapeHtml(when)} (${escapeHtml(claim.timeZone)})</p>
<p role="status">${escapeHtml(standing)}</p>
${cancellable ? `<form method="post" action="${escapeHtml(action)}">\n<input type="hidden" name="token" value="${escapeHtml(token)}">\n<button type="submit">Cancel my ${what}</button>\n</form>` : ''}`,
  };
}

/**
 * The page a plain form's sign-up on an `open` activity ends on when the form named no thank-you
 * page: where the person stands. (On an `email` activity every form gets "check your email".)
 */
export function claimAnswerPage(
  what: 'sign-up' | 'enrolment',
  answer: { status: 'confirmed' | 'waitlisted'; position?: number | undefined },
): { title: string; content: string } {
  const standing =
    answer.status === 'waitlisted'
      ? `It is full for now: you are number ${answer.position ?? 1} on the waiting list.`
      : 'Your place is confirmed.';
  return thankYouPage(`Your ${what} is received. ${standing}`);
}
