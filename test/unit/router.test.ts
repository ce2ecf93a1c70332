import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute } from '../../shared/http/route';
import { createRouter } from '../../shared/http/router';

const route = (method: 'GET' | 'POST', path: string) =>
  defineRoute({
    operationId: `${method}${path}`,
    method,
    path,
    summary: '',
    tag: 't',
    auth: 'public',
    request: {},
    response: { status: 200, description: '', schema: z.unknown() },
  });

describe('router', () => {
  const match = createRouter([
    route('GET', '/surveys/{surveyId}'),
    route('GET', '/surveys/export'),
    route('POST', '/surveys'),
  ]);

  it('prefers a literal segment over a parameter', () => {
    const found = match('GET', '/surveys/export');
    expect(found.kind === 'found' && found.route.path).toBe('/surveys/export');
  });

  it('decodes path parameters', () => {
    const found = match('GET', '/surveys/a%20b');
    expect(found.kind === 'found' && found.params).toEqual({ surveyId: 'a b' });
  });

  it('tells a wrong method from an unknown path', () => {
    expect(match('DELETE', '/surveys')).toEqual({ kind: 'method-not-allowed', allowed: ['POST'] });
    expect(match('GET', '/volunteers')).toEqual({ kind: 'not-found' });
    expect(match('GET', '/surveys/%E0%A4%A')).toEqual({ kind: 'not-found' });
  });

  it('refuses a table that declares a route twice', () => {
    expect(() => createRouter([route('POST', '/surveys'), route('POST', '/surveys')])).toThrow(
      'Route declared twice',
    );
  });
});
