import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpContexts } from '../../functions/contexts';
import type { MessageLanguage } from '../../shared/http/field-messages';
import { htmlPage } from '../../shared/http/html';
import type { AnyRoute } from '../../shared/http/route';
import { call } from '../support/api';
import { axeViolations, connectBrowser } from '../support/browser';
import { mailLanguages, mailSamples, pageSamples } from './resident-templates';

/**
 * Issue 14: every HTML page the API serves and every mail template passes axe-core (WCAG 2.2 AA)
 * in a real browser. Route pages are rendered exactly as the pipeline renders them (the route's
 * `page` inside `htmlPage`), from the routes as their handlers bind them; the pipeline's own pages
 * (form error, thank-you, an error on a page route) are real answers through `call`.
 */

// Every route table as its handler binds it: the only place the `page` bindings can be read.
const bound = vi.hoisted(() => [] as unknown[]);
vi.mock('../../shared/http/route', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../shared/http/route')>();
  return {
    ...original,
    bindRoutes: ((...args: Parameters<typeof original.bindRoutes>) => {
      const routes = original.bindRoutes(...args);
      bound.push(...routes);
      return routes;
    }) as typeof original.bindRoutes,
  };
});

const root = join(import.meta.dirname, '../..');
/** The languages Civic ships its texts in: a page's `lang` and words change with each. */
const languages: MessageLanguage[] = ['en', 'es'];
let browser: Browser;
let page: Page;
let pageRoutes: AnyRoute[];
let handlers: Record<string, unknown>;

beforeAll(async () => {
  handlers = {};
  for (const context of httpContexts)
    handlers[context.name] = (await import(pathToFileURL(join(root, context.entry)).href)).handler;
  pageRoutes = (bound as AnyRoute[]).filter((route) => route.page !== undefined);
  browser = await connectBrowser();
  // One page for every check: a new one per template costs more than the checks themselves. In a
  // context of its own, as axe needs (it opens a page beside it to gather its results).
  page = await (await browser.newContext()).newPage();
});

afterAll(async () => {
  await browser?.close();
});

async function violationsOf(html: string) {
  await page.setContent(html, { waitUntil: 'load' });
  return axeViolations(page);
}

describe('pages the API serves', () => {
  it('has samples for exactly the routes that render a page', () => {
    // Assess: a new page route without samples here, or a sample for a page that is gone, fails.
    expect(pageRoutes.length).toBeGreaterThan(0);
    expect(Object.keys(pageSamples).sort()).toEqual(pageRoutes.map((route) => route.operationId).sort());
  });

  for (const [operationId, samples] of Object.entries(pageSamples))
    for (const sample of samples)
      it.each(languages)(
        `renders ${operationId} (${sample.name}) in %s with no axe violations`,
        async (language) => {
          // Prepare
          const route = pageRoutes.find((candidate) => candidate.operationId === operationId);
          const input = {
            params: sample.params ?? {},
            query: sample.query ?? {},
            body: {},
            principal: { kind: 'anonymous' },
            headers: {},
          };
          // Act: what the pipeline sends a browser
          const rendered = route?.page?.(sample.output, input as never, language);
          // Assess
          expect(rendered, `${operationId} renders no page`).toBeDefined();
          expect(
            await violationsOf(htmlPage(rendered?.title ?? '', rendered?.content ?? '', language)),
          ).toEqual([]);
        },
      );

  it('answers a refused form post with an error page that has no axe violations, in English and Spanish', async () => {
    for (const language of ['en', 'es']) {
      // Prepare
      const request = {
        method: 'POST',
        path: '/feedback',
        rawBody: `about.kind=engagement&rating=9&_lang=${language}`,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Referer: 'https://city.example/feedback-form',
        },
      };
      // Act
      const response = await call(handlers.evaluation as never, request);
      // Assess
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(await violationsOf(response.body)).toEqual([]);
    }
  });

  it('answers a problem on a page route with an error page that has no axe violations', async () => {
    // Act: a mailed link whose sign-up does not exist, opened in a browser
    const response = await call(handlers.volunteering as never, {
      method: 'GET',
      path: '/signups/01J00000000000000000000000/confirmation',
      query: { token: 'tok_abcdefghijklmnopqrstuvwxyz012345' },
      headers: { Accept: 'text/html' },
    });
    // Assess
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(await violationsOf(response.body)).toEqual([]);
  });
});

/** Every TypeScript source under functions/ and shared/, relative to the repository. */
function sources(): { path: string; text: string }[] {
  return ['functions', 'shared'].flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
      .filter((entry) => entry.endsWith('.ts'))
      .map((entry) => ({
        path: relative(root, join(root, folder, entry)),
        text: readFileSync(join(root, folder, entry), 'utf8'),
      })),
  );
}

/**
 * Every exported function whose declared result is a mail, as `path#name`, and every method of the
 * object an exported factory returns that writes a `MailMessage` (`petitionMails(settings).confirmCreator`),
 * as `path#factory.method`.
 */
function mailTemplates(): string[] {
  const found: string[] = [];
  const mailTypes = /^(Promise<)?(MailMessage|RenderedDigest)>?$/;
  for (const { path, text } of sources()) {
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      const exported = ts.canHaveModifiers(statement)
        ? ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
        : false;
      if (!exported || !ts.isFunctionDeclaration(statement) || !statement.name) continue;
      if (statement.type && mailTypes.test(statement.type.getText(source))) {
        found.push(`${path}#${statement.name.text}`);
        continue;
      }
      for (const returned of statement.body?.statements ?? []) {
        if (!ts.isReturnStatement(returned) || !returned.expression) continue;
        if (!ts.isObjectLiteralExpression(returned.expression)) continue;
        // Only a method that writes the mail itself: an async one is a use case calling a template.
        for (const member of returned.expression.properties)
          if (ts.isMethodDeclaration(member) && member.type?.getText(source) === 'MailMessage')
            found.push(`${path}#${statement.name.text}.${member.name.getText(source)}`);
      }
    }
  }
  return found.sort();
}

describe('mail templates', () => {
  it('has samples for exactly the exported functions that write a mail', () => {
    // Act
    const templates = mailTemplates();
    // Assess: a new mail template without samples here, or a sample for one that is gone, fails.
    expect(templates.length).toBeGreaterThan(0);
    expect(Object.keys(mailSamples).sort()).toEqual(templates);
  });

  it('finds HTML documents written only by the page shell and by listed mail templates', () => {
    // Prepare: a template whose result type is not declared escapes the test above, not this one
    const listed = new Set([
      'shared/http/html.ts',
      ...Object.keys(mailSamples).map((key) => key.split('#')[0]),
    ]);
    // Act
    const writers = sources()
      .filter(({ text }) => /<html[\s>]/i.test(text))
      .map(({ path }) => path);
    // Assess
    expect(writers.length).toBeGreaterThan(0);
    expect(writers.filter((path) => !listed.has(path))).toEqual([]);
  });

  for (const [template, samples] of Object.entries(mailSamples))
    for (const language of mailLanguages)
      for (const sample of samples(language))
        it(`writes ${template} (${sample.name}) in ${language} with no axe violations`, async () => {
          // Act
          const violations = await violationsOf(sample.html);
          // Assess
          expect(violations).toEqual([]);
        });
});
