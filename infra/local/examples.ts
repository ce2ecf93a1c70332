import { readFile, realpath } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeHtml } from '../../shared/http/html';

/** The example city pages (`examples/` at the repository root), served by `npm start` only. */
export const examplesDirectory = fileURLToPath(new URL('../../examples/', import.meta.url));

/** Where they are served: never an API route, so never in OpenAPI or the CDK API. */
export const examplesPath = '/examples/';

/** The thank-you "folder" the example forms send the browser to; `npm start` allow-lists it. */
export const examplesThankYouFolder = (origin: string) => `${origin}${examplesPath}thanks/`;

export interface ExamplesOptions {
  directory?: string;
  /** Where the forms post: the API's origin (on this machine, the gateway's own). */
  apiOrigin: string;
  /** The city site's origin, which holds the thank-you pages (on this machine, the gateway's own). */
  siteOrigin: string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * The target IDs a page may take from its query string (`idea.html?engagementId=…`). A static page
 * cannot know them; a city's page has them written in. Only these names are filled, and only with
 * what an ID can be, so a query string cannot put markup or another path into a form.
 */
const idPlaceholders = ['engagementId', 'contributionId', 'surveyId', 'shiftId', 'meetingId'] as const;
const idShape = /^[0-9A-Za-z]{1,64}$/;

export const isExamplesRequest = (path: string) => path === '/examples' || path.startsWith(examplesPath);

/**
 * The file under `directory` that `path` names, or undefined when it names none we serve: only
 * `.html` and `.css` files, no hidden names, nothing outside the folder however the path is
 * spelled (`..`, encoded slashes or dots, backslashes, NUL) or linked.
 */
export async function exampleFile(directory: string, path: string): Promise<string | undefined> {
  let relative: string;
  try {
    relative = decodeURIComponent(path.slice(examplesPath.length));
  } catch {
    return undefined;
  }
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  const segments = relative.split('/');
  if (
    /[\\\0]/.test(relative) ||
    segments.some((segment) => segment === '' || segment.startsWith('.')) ||
    !(extname(relative) in contentTypes)
  ) {
    return undefined;
  }
  try {
    const root = await realpath(directory);
    const file = await realpath(join(root, ...segments));
    return file.startsWith(root + sep) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Fills the page's placeholders: the origins, and each target ID from the query string. */
export function fillPlaceholders(html: string, query: URLSearchParams, options: ExamplesOptions): string {
  let filled = html
    .replaceAll('{api}', escapeHtml(options.apiOrigin))
    .replaceAll('{site}', escapeHtml(options.siteOrigin));
  for (const name of idPlaceholders) {
    const value = query.get(name) ?? '';
    filled = filled.replaceAll(`{${name}}`, idShape.test(value) ? escapeHtml(value) : '');
  }
  return filled;
}

/**
 * Answers a request under `/examples/`: GET and HEAD only, the file with its content type and
 * the headers a city page should send (no framing, no sniffing, forms only to the API and here;
 * and the page's own address as Referer, so the API's error page can link back to its fields).
 */
export async function serveExample(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  options: ExamplesOptions,
): Promise<void> {
  const method = (request.method ?? 'GET').toUpperCase();
  const send = (status: number, body: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'x-content-type-options': 'nosniff',
      ...headers,
    });
    response.end(method === 'HEAD' ? undefined : body);
  };
  request.resume();
  if (method !== 'GET' && method !== 'HEAD') return send(405, 'Method Not Allowed\n', { allow: 'GET, HEAD' });
  if (url.pathname === '/examples') return send(308, '', { location: examplesPath });

  const file = await exampleFile(options.directory ?? examplesDirectory, url.pathname);
  if (!file) return send(404, 'Not Found\n');
  const type = contentTypes[extname(file)] as string;
  const raw = await readFile(file, 'utf8');
  const body = type.startsWith('text/html') ? fillPlaceholders(raw, url.searchParams, options) : raw;
  send(200, body, {
    'content-type': type,
    'content-security-policy': `default-src 'none'; style-src 'self'; form-action 'self' ${options.apiOrigin}; base-uri 'none'; frame-ancestors 'none'`,
    'referrer-policy': 'no-referrer-when-downgrade',
    'cache-control': 'no-cache',
  });
}
