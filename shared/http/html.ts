import { createHash } from 'node:crypto';
import { messagesFor } from '../messages';
import { type MessageLanguage, validationTexts } from './field-messages';
import type { FieldError, Problem } from './problem';

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );

/**
 * `body.participant.email` → `participant.email`: the name the form itself used; a list's position
 * is dropped (`body.skills.2` → `skills`), since a form repeats one name for a list. Only body
 * fields are form fields.
 */
const formFieldName = (path: string) =>
  path.startsWith('body.') ? path.slice('body.'.length).replace(/(\.\d+)+$/, '') : undefined;

/**
 * The id a city's form gives the input named `name`, so that an error page can link to it
 * (`participant.email` → `field-participant.email`; README, "Field messages").
 */
export const fieldId = (name: string) => `field-${name}`;

/** The page the form was on (the Referer a browser sent), without its fragment; only http(s). */
function formPage(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

/**
 * The one stylesheet of every page, inline: the Content-Security-Policy allows exactly it, by hash.
 * Buttons (confirm, cancel, unsubscribe: the point of their pages) take the page's font size and
 * a target well past WCAG 2.2's 24 px, rather than the browser's small default.
 */
const pageStyle = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1{font-size:1.5rem}li{margin:.25rem 0}code{background:#f0f0f0;padding:0 .25rem}a{color:#005ea2}
button{font:inherit;padding:.5rem 1rem}`;

/**
 * The headers every HTML answer carries. Pages load nothing (no scripts, images or fonts), may not
 * be framed, send no Referer (their URLs may carry a token), are never cached (for the same reason)
 * and post their forms only to the API itself or to the city's thank-you pages (`thankYouOrigins`,
 * where a form's 303 may lead).
 */
export function htmlSecurityHeaders(thankYouOrigins: readonly string[]): Record<string, string> {
  const formAction = ["'self'", ...new Set(thankYouOrigins)].join(' ');
  return {
    'content-security-policy': `default-src 'none'; style-src '${styleHash}'; base-uri 'none'; frame-ancestors 'none'; form-action ${formAction}`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

const styleHash = `sha256-${createHash('sha256').update(pageStyle, 'utf8').digest('base64')}`;

/** A minimal accessible page: the shell every HTML answer uses (`content` is trusted HTML). */
export function htmlPage(title: string, content: string, language = 'en'): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${pageStyle}</style>
</head>
<body>
<main>
${content}
</main>
</body>
</html>
`;
}

/**
 * The page a plain HTML form gets when its post is refused, in `language`: a heading, an alert
 * listing what to fix, each message a link to its field on the form's page (`#field-<name>`, on
 * the page the browser came from when it said which), and a way back. Works with no CSS, no
 * JavaScript and a screen reader.
 */
export function formErrorPage(
  problem: Problem,
  backUrl: string | undefined,
  language: MessageLanguage = 'en',
): string {
  const texts = validationTexts(language);
  const form = formPage(backUrl) ?? '';
  const errors: FieldError[] = problem.errors ?? [];
  const items = errors
    .map((error) => {
      const name = formFieldName(error.path);
      const message = escapeHtml(error.message);
      if (!name) return `<li>${message}</li>`;
      const href = `${form}#${encodeURIComponent(fieldId(name))}`;
      return `<li><a href="${escapeHtml(href)}">${message}</a></li>`;
    })
    .join('\n');
  const back = form
    ? `<p><a href="${escapeHtml(form)}">${escapeHtml(texts.backToForm)}</a></p>`
    : `<p>${escapeHtml(texts.useBackButton)}</p>`;
  return htmlPage(
    `${problem.title} – ${texts.checkTheForm}`,
    `<h1>${escapeHtml(problem.title)}</h1>
<div role="alert">
<p>${escapeHtml(problem.detail ?? '')} ${escapeHtml(texts.nothingSaved)}</p>
${items ? `<ul>\n${items}\n</ul>` : ''}
</div>
${back}`,
    language,
  );
}

/** The thank-you page of a form post that named none of its own, saying `message`. */
export const thankYouPage = (
  language: MessageLanguage = 'en',
  message: string = messagesFor(language).page.thankYou.received,
): { title: string; content: string } => {
  const { title } = messagesFor(language).page.thankYou;
  return {
    title,
    content: `<h1>${escapeHtml(title)}</h1>\n<p role="status">${escapeHtml(message)}</p>`,
  };
};

/** Shown after a successful form post that named no thank-you page. */
export function formThankYouPage(language: MessageLanguage = 'en'): string {
  const { title, content } = thankYouPage(language);
  return htmlPage(title, content, language);
}
