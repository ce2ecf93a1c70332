import { escapeHtml } from '../../shared/http/html';
import { type MessageLanguage, messagesFor } from '../../shared/messages';

/**
 * The pages of the meetings context, in the reader's language (`page.meeting.*`): the answer a
 * plain-form registration on an `open` meeting ends on, and the page a registration's link opens.
 */

/** The page a plain-form registration on an `open` meeting ends on. */
export function registrationAnswerPage(
  answer: { status: 'confirmed' | 'waitlisted'; position?: number | undefined },
  language: MessageLanguage = 'en',
): { title: string; content: string } {
  const texts = messagesFor(language).page.meeting;
  const [title, message] =
    answer.status === 'confirmed'
      ? [texts.registeredTitle, texts.registered]
      : [texts.waitlistedTitle, texts.waitlisted({ position: answer.position ?? 1 })];
  return { title, content: `<h1>${escapeHtml(title)}</h1>\n<p role="status">${escapeHtml(message)}</p>` };
}

/**
 * The page a registration's link opens (the confirmation mail's cancel link): where it stands, and
 * a button that cancels it. Opening the link changes nothing — mail scanners open every link — and
 * the button posts the token in the body to `…/{id}/cancel`, because HTML forms cannot send `DELETE`.
 */
export function registrationPage(
  view: { registrationId: string; status: string; position?: number | undefined },
  token: string | undefined,
  language: MessageLanguage = 'en',
): { title: string; content: string } {
  const texts = messagesFor(language).page.meeting;
  const standing =
    view.status === 'waitlisted' && view.position
      ? texts.waitlistPosition({ position: view.position })
      : texts.status({ status: (texts.statuses as Record<string, string>)[view.status] ?? view.status });
  const cancellable = token !== undefined && ['confirmed', 'held', 'waitlisted'].includes(view.status);
  // Relative to the page (`/registrations/{id}`), so it works behind any stage or domain path.
  const action = `${encodeURIComponent(view.registrationId)}/cancel`;
  return {
    title: texts.registrationTitle,
    content: `<h1>${escapeHtml(texts.registrationTitle)}</h1>\n<p role="status">${escapeHtml(standing)}</p>${
      cancellable
        ? `\n<form method="post" action="${escapeHtml(action)}">\n<input type="hidden" name="token" value="${escapeHtml(token)}">\n<button type="submit">${escapeHtml(texts.cancel)}</button>\n</form>`
        : ''
    }`,
  };
}
