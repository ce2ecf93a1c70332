import { describe, expect, it } from 'vitest';
import { httpContexts } from '../../functions/contexts';
import type { AnyRouteContract } from '../../shared/http/route';
import { type ApiRequest, type ApiResponse, call } from '../support/api';

/**
 * Every answer that can come as HTML — a route's page opened in a browser, a plain form's error
 * or thank-you page — carries the same protective headers: its URL may hold a token, and a page
 * must never run, load or frame anything. Walked from the route declarations, so a new route that
 * can answer HTML is covered without being listed.
 */
const unknownId = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

const pathOf = (route: AnyRouteContract) => route.path.replace(/\{[^}]+\}/g, unknownId);

/** A request that makes a route answer HTML if it ever does: a browser opening it, or an incomplete form. */
function htmlRequest(route: AnyRouteContract): ApiRequest {
  if (route.method === 'GET')
    return {
      method: 'GET',
      path: pathOf(route),
      query: { token: 'x'.repeat(43) },
      headers: { Accept: 'text/html' },
    };
  return {
    method: route.method,
    path: pathOf(route),
    rawBody: '_honeypot=',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
  };
}

describe('HTML answers', () => {
  it('carry CSP, nosniff, no-referrer and no-store on every route that can answer HTML', async () => {
    // Prepare
    const answered: { operationId: string; answer: ApiResponse }[] = [];

    // Act
    for (const context of httpContexts) {
      const { handler } = (await import(/* @vite-ignore */ `../../${context.entry}`)) as {
        handler: Parameters<typeof call>[0];
      };
      for (const route of context.routes) {
        if (route.method !== 'GET' && !route.acceptsForm) continue;
        answered.push({ operationId: route.operationId, answer: await call(handler, htmlRequest(route)) });
      }
    }

    // Assess
    const pages = answered.filter(({ answer }) => answer.headers['content-type']?.startsWith('text/html'));
    const formRoutes = httpContexts.flatMap((c) => c.routes).filter((route) => route.acceptsForm);
    expect(pages.length).toBeGreaterThanOrEqual(formRoutes.length + 6);
    for (const { operationId, answer } of pages) {
      const csp = answer.headers['content-security-policy'] ?? '';
      expect({ operationId, csp }).toMatchObject({ csp: expect.stringContaining("default-src 'none'") });
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/form-action 'self' https:\/\/www\.example\.gov(;|$)/);
      expect(csp).toMatch(/style-src 'sha256-[\w+/=]+'/);
      expect(answer.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
    }
  }, 120_000);

  it('allow exactly the page’s own stylesheet', async () => {
    // Prepare
    const { createHash } = await import('node:crypto');
    const { handler } = await import('../../functions/participation/handler');

    // Act
    const page = await call(
      handler,
      htmlRequest({ method: 'GET', path: '/votes/{voteId}/confirmation' } as AnyRouteContract),
    );

    // Assess
    const style = page.body.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? '';
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    expect(page.headers['content-security-policy']).toContain(`'sha256-${hash}'`);
  });
});
