import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { HttpContext } from '../../../functions/context';
import { evaluationRoutes } from '../../../functions/evaluation/api';
import { meetingsRoutes } from '../../../functions/meetings/api';
import { accommodations } from '../../../functions/meetings/schemas';
import { participationRoutes } from '../../../functions/participation/api';
import { surveyRoutes } from '../../../functions/surveys/api';
import { volunteeringRoutes } from '../../../functions/volunteering/api';
import { examplesDirectory } from '../../../infra/local/examples';
import { type RunningGateway, startGateway } from '../../../infra/local/gateway';
import { createLocalFunction, type LocalFunction } from '../../../infra/local/lambda-runtime';
import { surveyQuestions } from '../../../infra/local/seed';
import { signingKey } from '../../../infra/local/tokens';
import { formControlFields } from '../../../shared/http/form';
import { fieldId } from '../../../shared/http/html';
import { fixtureRoute } from './fixtures/routes';

const echoEntry = 'test/unit/local/fixtures/echo-handler.ts';
const contexts: HttpContext[] = [
  {
    name: 'platform',
    entry: echoEntry,
    routes: [fixtureRoute('GET', '/health', 'public')],
    tableAccess: 'none',
  },
];

let home: string;
let site: string;
let gateway: RunningGateway;
let platform: LocalFunction;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'civic-examples-'));
  // A folder of pages, with a secret beside it that no path may reach.
  site = join(home, 'site');
  mkdirSync(join(site, 'thanks'), { recursive: true });
  writeFileSync(join(home, 'secret.html'), 'SECRET');
  writeFileSync(join(site, 'index.html'), '<p>index</p>');
  writeFileSync(join(site, 'city.css'), 'body{}');
  writeFileSync(join(site, 'notes.txt'), 'not served');
  writeFileSync(join(site, '.hidden.html'), 'hidden');
  writeFileSync(join(site, 'thanks', 'received.html'), '<p>thanks</p>');
  writeFileSync(
    join(site, 'form.html'),
    '<form action="{api}/engagements/{engagementId}/contributions"><input name="_redirect" value="{site}/thanks/"><input name="about.id" value="{shiftId}"></form>',
  );
  symlinkSync(join(home, 'secret.html'), join(site, 'linked.html'));
  platform = createLocalFunction({
    functionName: 'civic-platform',
    entry: echoEntry,
    env: { POWERTOOLS_SERVICE_NAME: 'platform' },
    region: 'eu-west-1',
    timeoutMs: 2_000,
  });
  gateway = await startGateway({
    port: 0,
    contexts,
    functionFor: () => platform,
    signingKey: signingKey(home),
    allowedOrigins: [],
    examples: {
      directory: site,
      apiOrigin: 'https://api.city.example',
      siteOrigin: 'https://www.city.example',
    },
    log: () => {},
  });
});

afterAll(async () => {
  await gateway?.close();
  await platform?.stop();
  rmSync(home, { recursive: true, force: true });
});

/** Sends the path exactly as written: `fetch` would resolve `..` and dot segments itself. */
async function rawGet(
  path: string,
  method = 'GET',
): Promise<{ status: number; body: string; headers: Headers }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: gateway.port, path, method }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: new Headers(response.headers as Record<string, string>),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the local gateway serving examples/ at /examples/', () => {
  it('serves a page with its content type and a city page’s headers, and the index for the folder', async () => {
    // Act
    const index = await rawGet('/examples/');
    const css = await rawGet('/examples/city.css');
    const nested = await rawGet('/examples/thanks/received.html');

    // Assess
    expect(index.status).toBe(200);
    expect(index.body).toBe('<p>index</p>');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('content-security-policy')).toContain(
      "form-action 'self' https://api.city.example",
    );
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(nested.body).toBe('<p>thanks</p>');
  });

  it('sends /examples to /examples/', async () => {
    // Act
    const answer = await rawGet('/examples');

    // Assess
    expect(answer.status).toBe(308);
    expect(answer.headers.get('location')).toBe('/examples/');
  });

  it.each(['/examples/../secret.html', '/examples/%2e%2e/secret.html'])(
    'resolves the dot segments of %s as a URL does: the path leaves /examples/ and goes to the API, never to a file',
    async (path) => {
      // Act
      const answer = await rawGet(path);

      // Assess: the echo function answered (the real stack's platform function answers 404).
      expect(answer.body).not.toContain('SECRET');
      expect(JSON.parse(answer.body).event.path).toBe('/secret.html');
    },
  );

  it.each([
    '/examples/..%2Fsecret.html',
    '/examples/%2E%2E%2Fsecret.html',
    '/examples/thanks/..%2F..%2Fsecret.html',
    '/examples/..%5Csecret.html',
    '/examples/linked.html',
    '/examples/.hidden.html',
    '/examples/notes.txt',
    '/examples/index.html%00.css',
    '/examples/%E0%A4%A',
    '/examples/missing.html',
  ])('answers 404 to %s, never a file outside the folder or one it does not serve', async (path) => {
    // Act
    const answer = await rawGet(path);

    // Assess
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('SECRET');
    expect(answer.body).not.toContain('hidden');
  });

  it('serves only GET and HEAD', async () => {
    // Act
    const post = await rawGet('/examples/index.html', 'POST');
    const head = await rawGet('/examples/index.html', 'HEAD');

    // Assess
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('fills the origins and the target IDs from the query string, and only what an ID can be', async () => {
    // Act
    const filled = await rawGet('/examples/form.html?engagementId=01JABCDEF&shiftId=01JSHIFT');
    const hostile = await rawGet(
      `/examples/form.html?engagementId=${encodeURIComponent('"><script>x</script>')}&shiftId=..%2F..%2Fadmin`,
    );

    // Assess
    expect(filled.body).toBe(
      '<form action="https://api.city.example/engagements/01JABCDEF/contributions"><input name="_redirect" value="https://www.city.example/thanks/"><input name="about.id" value="01JSHIFT"></form>',
    );
    expect(hostile.body).toContain('action="https://api.city.example/engagements//contributions"');
    expect(hostile.body).toContain('name="about.id" value=""');
    expect(hostile.body).not.toContain('<script>');
  });

  it('still sends API paths to the functions', async () => {
    // Act
    const answer = await fetch(`${gateway.url}/health`);

    // Assess
    expect(answer.status).toBe(200);
  });
});

/** The pages in examples/ and the route each posts to. */
const formPages = [
  { page: 'idea.html', route: participationRoutes.find((r) => r.operationId === 'submitContribution') },
  { page: 'vote.html', route: participationRoutes.find((r) => r.operationId === 'castVote') },
  { page: 'survey.html', route: surveyRoutes.find((r) => r.operationId === 'submitSurveyResponse') },
  { page: 'shift.html', route: volunteeringRoutes.find((r) => r.operationId === 'signUpForShift') },
  { page: 'feedback.html', route: evaluationRoutes.find((r) => r.operationId === 'giveFeedback') },
  { page: 'meeting.html', route: meetingsRoutes.find((r) => r.operationId === 'registerForMeeting') },
];

const attributesOf = (tag: string) =>
  Object.fromEntries([...tag.matchAll(/([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

describe('the example forms in examples/', () => {
  it('has one page per public form, plus the index and thank-you pages', () => {
    // Assess
    const pages = readdirSync(examplesDirectory).filter((name) => name.endsWith('.html'));
    expect(pages.sort()).toEqual([...formPages.map((f) => f.page), 'index.html'].sort());
    expect(readdirSync(join(examplesDirectory, 'thanks')).sort()).toEqual([
      'check-your-email.html',
      'received.html',
    ]);
  });

  it.each(formPages)(
    '$page posts the route’s fields, each labelled, with the ids the error page links to',
    ({ page, route }) => {
      // Prepare
      const html = readFileSync(join(examplesDirectory, page), 'utf8');
      const bodyFields = Object.keys(
        (
          z.toJSONSchema(route?.request.body as z.ZodType, { io: 'input', unrepresentable: 'any' }) as {
            properties: Record<string, unknown>;
          }
        ).properties,
      );
      const form = html.match(/<form [^>]*>/)?.[0] ?? '';
      const controls = [...html.matchAll(/<(input|textarea|select)\b[^>]*>/g)].map((m) => attributesOf(m[0]));
      const labelled = new Set([...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]));

      // Assess
      expect(route?.acceptsForm).toBe(true);
      expect(attributesOf(form)).toMatchObject({ method: 'post' });
      // The action is the route's path, its parameter a placeholder the page is given.
      expect(attributesOf(form).action).toBe(`{api}${route?.path}`);
      expect(html).not.toMatch(/<script/i);
      const byName = (name: string) => controls.filter((c) => c.name === name);
      expect(byName(formControlFields.language)[0]).toMatchObject({ type: 'hidden', value: 'en' });
      expect(byName(formControlFields.redirect)[0]?.value).toMatch(
        /^\{site\}\/examples\/thanks\/[a-z-]+\.html$/,
      );
      expect(byName(formControlFields.honeypot)[0]).toMatchObject({ tabindex: '-1' });
      for (const control of controls.filter((c) => c.type !== 'hidden')) {
        expect(labelled, `${page}: ${control.name} has a label`).toContain(control.id);
        expect(
          bodyFields.concat(formControlFields.honeypot),
          `${page}: ${control.name} is a field of the route`,
        ).toContain(control.name?.split('.')[0]);
      }
      // The first input of each name carries `field-<name>`; the location answer is named by its question.
      const names = [...new Set(controls.filter((c) => c.type !== 'hidden').map((c) => c.name as string))];
      for (const name of names) {
        const errorName = name.replace(/^(answers\.[a-z0-9-]+)\.neighbourhood$/, '$1');
        expect(
          controls.some((c) => c.id === fieldId(errorName)),
          `${page}: #${fieldId(errorName)}`,
        ).toBe(true);
      }
    },
  );

  it('asks in survey.html exactly the demo survey’s questions (npx civic seed), with its options', () => {
    // Prepare
    const html = readFileSync(join(examplesDirectory, 'survey.html'), 'utf8');
    const valuesOf = (name: string) =>
      [...html.matchAll(/<(input|option)\b[^>]*>/g)]
        .map((m) => attributesOf(m[0]))
        .filter(
          (a) => a.name === name || (name.endsWith('.neighbourhood') && a.value !== undefined && !a.name),
        )
        .map((a) => a.value)
        .filter((value) => value !== '');

    // Assess
    for (const question of surveyQuestions) {
      const expected =
        'options' in question
          ? question.options.map((option) => option.id)
          : 'points' in question
            ? Array.from({ length: question.points }, (_, n) => String(n + 1))
            : [...question.neighbourhoods];
      const name =
        question.type === 'location' ? `answers.${question.id}.neighbourhood` : `answers.${question.id}`;
      expect(valuesOf(name), question.id).toEqual(expected);
    }
  });

  it('asks in meeting.html for every accommodation the route takes, each need in a fieldset with a legend', () => {
    // Prepare
    const html = readFileSync(join(examplesDirectory, 'meeting.html'), 'utf8');
    const fieldsets = [...html.matchAll(/<fieldset\b[^>]*>([\s\S]*?)<\/fieldset>/g)].map(
      (m) => m[1] as string,
    );
    const namesIn = (markup: string) =>
      [...markup.matchAll(/<(?:input|textarea|select)\b[^>]*\bname="accommodations\.([^"]+)"/g)].map(
        (m) => m[1],
      );
    const languages = [
      ...html.matchAll(/<input\b[^>]*name="accommodations\.interpreterLanguages"[^>]*value="([^"]*)"/g),
    ].map((m) => m[1]);

    // Assess: the leaf of every need, a nested one (childcare) by its dotted path.
    const needs = Object.keys(accommodations.shape).map((need) =>
      need === 'childcare' ? `${need}.children` : need,
    );
    expect([...new Set(namesIn(html))].sort()).toEqual(needs.sort());
    expect(fieldsets.flatMap(namesIn).length, 'every request sits in a fieldset').toBe(namesIn(html).length);
    for (const fieldset of fieldsets) expect(fieldset).toMatch(/^\s*<legend>[^<]+<\/legend>/);
    // The languages offered are tags the route takes, and no more than it takes at once.
    expect(languages.length).toBeGreaterThan(0);
    expect(
      accommodations.safeParse({ interpreterLanguages: languages, childcare: { children: 10 } }).success,
    ).toBe(true);
  });
});
