import { escapeHtml } from '../../shared/http/html';
import type { MessageLanguage } from '../../shared/messages';
import { messagesFor } from '../../shared/messages';
import type { SignatureUnsubscribePreview, SignatureUnsubscribeResult } from './answer-mail-schemas';

/** The pages of the answer mail's way out (`page.petitionUnsubscribe`). */

const donePage = (language: MessageLanguage) => {
  const texts = messagesFor(language).page.petitionUnsubscribe;
  return {
    title: texts.doneTitle,
    content: `<h1>${escapeHtml(texts.doneHeading)}</h1>\n<p role="status">${escapeHtml(texts.done)}</p>`,
  };
};

/**
 * The page the link opens: what stopping does, and one button. The form posts to
 * `unsubscription`, relative to the page, so it works behind any stage path; the token goes in
 * its body, so the URL of the request that acts carries none.
 */
export function signatureUnsubscribePage(
  preview: SignatureUnsubscribePreview,
  input: { query: { token: string } },
  language: MessageLanguage,
): { title: string; content: string } {
  if (preview.status === 'unsubscribed') return donePage(language);
  const texts = messagesFor(language).page.petitionUnsubscribe;
  return {
    title: texts.title,
    content: `<h1>${escapeHtml(texts.heading)}</h1>
<p>${escapeHtml(texts.about({ title: preview.title }))}</p>
<p>${escapeHtml(texts.effect)}</p>
<form method="post" action="unsubscription">
<input type="hidden" name="token" value="${escapeHtml(input.query.token)}">
<button type="submit">${escapeHtml(texts.button)}</button>
</form>`,
  };
}

/** The page a browser's unsubscription ends on, from the one-click link or the page's button. */
export const signatureUnsubscribedPage = (
  _result: SignatureUnsubscribeResult,
  _input: unknown,
  language: MessageLanguage,
): { title: string; content: string } => donePage(language);
