import { createHash } from 'node:crypto';
import type { FieldError, Problem } from './problem';

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );

/** `body.participant.email` → `participant.email`: the name the form itself used. */
const formFieldName = (path: string) => path.replace(/^(body|query|params|headers)\./, '');

/** The one stylesheet of every page, inline: the Content-Security-Policy allows exactly it, by hash. */
const pageStyle = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1{font-size:1.5rem}li{margin:.25rem 0}code{background:#f0f0f0;padding:0 .25rem}a{color:#005ea2}`;

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
export function htmlPage(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
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
 * The page a plain HTML form gets when its post is refused: a heading, an alert naming each
 * field and what to fix, and a way back. Works with no CSS, no JavaScript and a screen reader.
 */
export function formErrorPage(problem: Problem, backUrl: string | undefined): string {
  const errors: FieldError[] = problem.errors ?? [];
  const items = errors
    .map(
      (error) =>
        `<li><strong>${escapeHtml(formFieldName(error.path))}</strong>: ${escapeHtml(error.message)}</li>`,
    )
    .join('\n');
  const back = backUrl
    ? `<p><a href="${escapeHtml(backUrl)}">Go back to the form</a></p>`
    : '<p>Use your browser’s back button to return to the form.</p>';
  return htmlPage(
    `${problem.title} – please check the form`,
    `<h1>${escapeHtml(problem.title)}</h1>
<div role="alert">
<p>${escapeHtml(problem.detail ?? 'Your submission was not saved.')} Nothing was saved.</p>
${items ? `<ul>\n${items}\n</ul>` : ''}
</div>
${back}`,
  );
}

/** The thank-you page of a form post that named none of its own, saying `message`. */
export const thankYouPage = (
  message = 'Your submission has been received.',
): { title: string; content: string } => ({
  title: 'Thank you',
  content: `<h1>Thank you</h1>\n<p role="status">${escapeHtml(message)}</p>`,
});

/** Shown after a successful form post that named no thank-you page. */
export function formThankYouPage(): string {
  const { title, content } = thankYouPage();
  return htmlPage(title, content);
}
