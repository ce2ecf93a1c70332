import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/participation/handler';
import { handler as platformHandler } from '../../functions/platform/handler';
import { allItems, call } from '../support/api';
import { openEngagement } from '../support/fixtures';

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('HTTP pipeline', () => {
  it('answers 404 problem+json for an unknown path', async () => {
    const answer = await call(platformHandler, { method: 'GET', path: '/nowhere' });
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.json).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('answers 405 with an Allow header for a wrong method', async () => {
    const answer = await call(handler, { method: 'DELETE', path: '/initiatives' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST, GET');
  });

  it('answers 415 for a body that is neither JSON nor an accepted form', async () => {
    const answer = await call(handler, {
      method: 'POST',
      path: '/initiatives',
      role: 'coordinator',
      rawBody: '<x/>',
      headers: { 'Content-Type': 'application/xml' },
    });
    expect(answer.status).toBe(415);
  });

  it('answers 415 for a form post to a route that only takes JSON', async () => {
    const answer = await call(handler, {
      method: 'POST',
      path: '/initiatives',
      role: 'coordinator',
      rawBody: 'title.en=x',
      headers: form,
    });
    expect(answer.status).toBe(415);
    expect(answer.headers['content-type']).toBe('application/problem+json');
  });

  it('answers 413 for a body over the limit', async () => {
    const { engagementId } = await openEngagement();
    const answer = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      body: { kind: 'idea', title: 'Big', body: 'x'.repeat(70 * 1024) },
    });
    expect(answer.status).toBe(413);
  });

  it('answers 400 naming the body for malformed JSON', async () => {
    const answer = await call(handler, {
      method: 'POST',
      path: '/initiatives',
      role: 'coordinator',
      rawBody: '{"title":',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toEqual([{ path: 'body', message: 'The body is not valid JSON.' }]);
  });

  it('names every invalid field in one answer', async () => {
    const answer = await call(handler, {
      method: 'POST',
      path: '/initiatives',
      role: 'coordinator',
      body: { title: {}, status: 'dreaming', neighbourhoods: 'north' },
    });
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.neighbourhoods',
      'body.status',
      'body.title',
    ]);
  });

  it('adds CORS headers for an allow-listed origin only', async () => {
    const allowed = await call(platformHandler, {
      method: 'GET',
      path: '/health',
      headers: { Origin: 'https://www.example.gov' },
    });
    const foreign = await call(platformHandler, {
      method: 'GET',
      path: '/health',
      headers: { Origin: 'https://evil.example' },
    });
    const preflight = await call(handler, {
      method: 'OPTIONS',
      path: '/initiatives',
      headers: { Origin: 'https://www.example.gov' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://www.example.gov');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('Idempotency-Key');
  });

  it('answers a preflight for a path it does not own, as the platform fallback does for shared paths', async () => {
    // Act
    const preflight = await call(platformHandler, {
      method: 'OPTIONS',
      path: '/initiatives',
      headers: { Origin: 'https://www.example.gov', 'Access-Control-Request-Method': 'POST' },
    });

    // Assess
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://www.example.gov');
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
  });

  it('hides the cause of an unexpected error behind a generic 500', async () => {
    // Prepare: point the function at a table that does not exist, an outage the client cannot cause.
    const { engagementId } = await openEngagement();
    const original = process.env.TABLE_NAME;
    const { resetRuntimeConfig } = await import('../../shared/config/runtime');
    process.env.TABLE_NAME = 'no-such-table';
    resetRuntimeConfig();

    // Act
    const answer = await call(handler, { method: 'GET', path: `/engagements/${engagementId}` }).finally(
      () => {
        process.env.TABLE_NAME = original;
        resetRuntimeConfig();
      },
    );

    // Assess
    expect(answer.status).toBe(500);
    expect(answer.body).not.toMatch(/no-such-table|ResourceNotFound|stack/i);
  });
});

describe('plain HTML forms', () => {
  it('redirects a successful form post to the allow-listed thank-you page with 303', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const fields = new URLSearchParams({
      kind: 'idea',
      title: 'Community garden',
      body: 'On the empty lot.',
      'participant.email': 'eve@example.org',
      'participant.consentToContact': 'on',
      _redirect: 'https://www.example.gov/thanks?form=ideas',
      _honeypot: '',
    });

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      rawBody: fields.toString(),
      headers: form,
    });

    // Assess
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('https://www.example.gov/thanks?form=ideas');
    const stored = (await allItems()).find(
      (i) => i.type === 'Contribution' && i.engagementId === engagementId,
    );
    expect(stored).toMatchObject({
      title: 'Community garden',
      contact: { email: 'eve@example.org', consentToContact: true },
    });
  });

  it('answers an accessible HTML page naming each field to fix, and saves nothing', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const before = (await allItems()).length;

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      rawBody: 'kind=idea&body=&participant.email=not-an-email',
      headers: { ...form, Referer: 'https://www.example.gov/ideas' },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toContain('text/html');
    expect(answer.body).toContain('role="alert"');
    expect(answer.body).toContain('href="https://www.example.gov/ideas#field-participant.email"');
    expect(answer.body).toContain('href="https://www.example.gov/ideas#field-body"');
    expect(answer.body).toContain('href="https://www.example.gov/ideas"');
    expect((await allItems()).length).toBe(before);
  });

  it('refuses a thank-you page that is not on the allow-list', async () => {
    const { engagementId } = await openEngagement();
    const answer = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      rawBody: 'kind=idea&title=Trees&body=More%20trees&_redirect=https://evil.example/phish',
      headers: form,
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toContain('_redirect');
  });

  it.each([
    ['a CR/LF header injection', 'https://www.example.gov/thanks%0D%0AX-Injected:%201'],
    ['userinfo hiding another host', 'https://www.example.gov@evil.example/phish'],
    ['a look-alike suffix host', 'https://www.example.gov.evil.example/'],
  ])('refuses a thank-you page with %s before anything is written (422)', async (_case, target) => {
    // Prepare
    const { engagementId } = await openEngagement();
    const before = (await allItems()).length;

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      rawBody: `kind=idea&title=Trees&body=More%20trees&_redirect=${target}`,
      headers: form,
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.headers.location).toBeUndefined();
    expect(answer.body).toContain('_redirect');
    expect((await allItems()).length).toBe(before);
  });

  it('sends the browser to the thank-you page as parsed, not as typed', async () => {
    // Prepare
    const { engagementId } = await openEngagement();

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      rawBody:
        'kind=idea&title=Trees&body=More%20trees&_redirect=HTTPS://WWW.Example.gov:443/thanks/../thanks',
      headers: form,
    });

    // Assess
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('https://www.example.gov/thanks');
  });

  it('pretends success to a bot that fills the honeypot, and saves nothing', async () => {
    const { engagementId } = await openEngagement();
    const before = (await allItems()).length;
    const answer = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      rawBody:
        'kind=idea&title=Buy%20now&body=Spam&_honeypot=http://spam.example&_redirect=https://www.example.gov/thanks',
      headers: form,
    });
    expect(answer.status).toBe(303);
    expect((await allItems()).length).toBe(before);
  });

  it('saves a double-submitted form once', async () => {
    const { engagementId } = await openEngagement();
    const post = () =>
      call(handler, {
        method: 'POST',
        path: `/engagements/${engagementId}/contributions`,
        rawBody: 'kind=idea&title=Benches&body=Along%20the%20river&_redirect=https://www.example.gov/thanks',
        headers: form,
      });
    const [first, second] = [await post(), await post()];
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    const stored = (await allItems()).filter(
      (i) => i.type === 'Contribution' && i.engagementId === engagementId,
    );
    expect(stored).toHaveLength(1);
  });
});
