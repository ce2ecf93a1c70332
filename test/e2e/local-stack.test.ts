import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local';
import {
  civic,
  dynamoDbLocalPids,
  groupAlive,
  nodeStart,
  npmStart,
  type StartedProcess,
  signalGroup,
  waitFor,
} from './local-stack-process';

const thankYouUrl = 'https://www.example.gov/thanks';

describe('npm start -- --in-memory', () => {
  let home: string;
  let api: string;
  let stack: StartedProcess;
  let dynamoDbPort: number;
  let env: Record<string, string>;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'civic-e2e-'));
    const port = await freePort();
    api = `http://localhost:${port}`;
    env = {
      PORT: String(port),
      CIVIC_HOME: home,
      THANK_YOU_URLS: 'https://www.example.gov/',
      ALLOWED_ORIGINS: 'https://www.example.gov',
    };
    stack = npmStart(['--in-memory'], env);
    await waitFor(
      async () => {
        if (stack.child.exitCode !== null) throw new Error(`npm start exited early:\n${stack.output()}`);
        return (await fetch(`${api}/health`)).ok || undefined;
      },
      90_000,
      '/health',
    );
    const state = JSON.parse(readFileSync(join(home, 'stack.json'), 'utf8')) as { dynamoDbEndpoint: string };
    dynamoDbPort = Number(new URL(state.dynamoDbEndpoint).port);
  }, 120_000);

  afterAll(async () => {
    // Whatever happened above, leave nothing running: the npm process group, then its Java.
    if (stack && groupAlive(stack.child)) {
      signalGroup(stack.child, 'SIGTERM');
      await Promise.race([stack.outputClosed, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      signalGroup(stack.child, 'SIGKILL');
    }
    if (dynamoDbPort) for (const pid of dynamoDbLocalPids(dynamoDbPort)) process.kill(pid, 'SIGKILL');
    if (home) rmSync(home, { recursive: true, force: true });
  }, 30_000);

  it('prints the URLs a person needs', () => {
    // Assess
    expect(stack.output()).toContain(`API           ${api}`);
    expect(stack.output()).toContain(`${api}/openapi.json`);
    expect(stack.output()).toContain('npx civic token --role');
    expect(stack.output()).toContain('10 votes per 60 seconds');
  });

  it('answers /health', async () => {
    // Act
    const response = await fetch(`${api}/health`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document with the participation routes', async () => {
    // Act
    const document = (await (await fetch(`${api}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };

    // Assess
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/health', '/engagements/{engagementId}/contributions']),
    );
  });

  it('refuses a staff route without a token with 401 problem+json', async () => {
    // Act
    const response = await fetch(`${api}/initiatives`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: { en: 'Riverside park' } }),
    });

    // Assess
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 401, type: 'urn:civic:problem:unauthorized' });
  });

  it('answers a method a path does not have with 405 and Allow', async () => {
    // Act
    const response = await fetch(`${api}/engagements`, { method: 'DELETE' });

    // Assess
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toMatch(/GET/);
  });

  it('takes a coordinator token from `npx civic token`, then a resident’s plain form post, and publishes its event', async () => {
    // Prepare
    const token = (await civic(['token', '--role', 'coordinator'], env)).trim();
    const staff = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const initiative = await fetch(`${api}/initiatives`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ title: { en: 'Riverside park' } }),
    });
    expect(initiative.status).toBe(201);
    const { initiativeId } = (await initiative.json()) as { initiativeId: string };
    const engagement = await fetch(`${api}/engagements`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({
        initiativeId,
        title: { en: 'What should the park have?' },
        opensAt: new Date(Date.now() - 3_600_000).toISOString(),
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    });
    expect(engagement.status).toBe(201);
    const { engagementId } = (await engagement.json()) as { engagementId: string };
    const form = new URLSearchParams({
      kind: 'idea',
      title: 'A splash pad',
      body: 'Somewhere cool for the children in summer.',
      'participant.email': 'ana@example.org',
      _redirect: thankYouUrl,
    });

    // Act
    const response = await fetch(`${api}/engagements/${engagementId}/contributions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: form.toString(),
      redirect: 'manual',
    });

    // Assess
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(thankYouUrl);
    // The write's outbox item travels table stream → outbox publisher → local bus → archive.
    const archived = await waitFor(
      async () => {
        const archive = join(home, 'events.ndjson');
        if (!existsSync(archive)) return undefined;
        const events = readFileSync(archive, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line));
        return events.find(
          (event) =>
            event['detail-type'] === 'ContributionSubmitted' && event.detail.engagementId === engagementId,
        );
      },
      20_000,
      'the ContributionSubmitted event in the archive',
    );
    expect(archived).toMatchObject({ source: 'civic.participation', detail: { kind: 'idea', initiativeId } });
    expect(JSON.stringify(archived)).not.toContain('ana@example.org');
  });

  it('approves a coordinator’s POST /assets at once, refuses a tampered token with 401, and files an untokened one as a suggestion', async () => {
    // Prepare
    const token = (await civic(['token', '--role', 'coordinator'], env)).trim();
    const [head, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = `${head}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admin'] })).toString('base64url')}.${signature}`;
    const post = (headers: Record<string, string>) =>
      fetch(`${api}/assets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          name: 'Tool library',
          category: 'library',
          location: { lat: 51.5, lon: -0.12 },
          neighbourhood: 'Riverside',
        }),
      });

    // Act
    const asCoordinator = await post({ authorization: `Bearer ${token}` });
    const withTampered = await post({ authorization: `Bearer ${tampered}` });
    const asResident = await post({});

    // Assess
    expect(asCoordinator.status).toBe(201);
    expect(await asCoordinator.json()).toMatchObject({ status: 'approved', origin: 'staff' });
    expect(withTampered.status).toBe(401);
    expect(withTampered.headers.get('content-type')).toBe('application/problem+json');
    expect(withTampered.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(asResident.status).toBe(201);
    expect(await asResident.json()).toMatchObject({ status: 'pending', origin: 'suggestion' });
  });

  it('streams a survey’s responses as CSV through the gateway and the streaming export function', async () => {
    // Prepare: a published survey with two responses, one with text that needs quoting.
    const coordinator = (await civic(['token', '--role', 'coordinator'], env)).trim();
    const analyst = (await civic(['token', '--role', 'analyst'], env)).trim();
    const staff = { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' };
    const initiative = await fetch(`${api}/initiatives`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ title: { en: 'Library hours' } }),
    });
    const { initiativeId } = (await initiative.json()) as { initiativeId: string };
    const questions = [{ type: 'text', id: 'wish', title: { en: 'What would you change?' } }];
    const created = await fetch(`${api}/surveys`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ initiativeId, title: { en: 'Hours' }, questions }),
    });
    const { surveyId } = (await created.json()) as { surveyId: string };
    await fetch(`${api}/surveys/${surveyId}`, {
      method: 'PUT',
      headers: staff,
      body: JSON.stringify({ title: { en: 'Hours' }, questions, status: 'published' }),
    });
    for (const wish of ['Open on Sundays', 'Later, "much" later'])
      expect(
        (
          await fetch(`${api}/surveys/${surveyId}/responses`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ answers: { wish } }),
          })
        ).status,
      ).toBe(201);

    // Act
    const response = await fetch(`${api}/surveys/${surveyId}/responses`, {
      headers: { authorization: `Bearer ${analyst}`, accept: 'text/csv' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('response_id,submitted_at,version,channel,neighbourhood,age_band,language,wish');
    expect(lines[1]).toMatch(/,Open on Sundays$/);
    expect(lines[2]).toMatch(/,"Later, ""much"" later"$/);
  });

  it('runs the impact-summary and digest jobs with `npx civic job`, the digest landing in the outbox', async () => {
    // Prepare
    const admin = (await civic(['token', '--role', 'admin'], env)).trim();
    const subscribed = await fetch(`${api}/digest-subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'planner@example.gov',
        frequency: 'monthly',
        initiatives: 'all',
        language: 'en',
      }),
    });
    expect(subscribed.status).toBe(201);
    const period = new Date().toISOString().slice(0, 7);

    // Act
    await civic(['job', 'impact-summary', '--period', period], env);
    const summary = await fetch(`${api}/impact/summaries/${period}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    await civic(['job', 'digest', '--period', period], env);
    const preview = join(home, 'preview.html');
    const written = await civic(
      ['digest-preview', '--period', period, '--language', 'es', '--out', preview],
      env,
    );

    // Assess
    expect(summary.status).toBe(200);
    const outbox = join(home, 'outbox');
    const mails = readdirSync(outbox).filter((name) => name.endsWith('.eml'));
    const parsed = await Promise.all(mails.map((name) => simpleParser(readFileSync(join(outbox, name)))));
    const digest = parsed.find(
      (mail) => (mail.to as { text: string } | undefined)?.text === 'planner@example.gov',
    );
    expect(digest?.subject).toBe(`Civic evaluation digest — ${period}`);
    expect(digest?.html).toContain(`${api}/impact/summaries/${period}`);
    expect(digest?.text).toContain('Unsubscribe from this digest: http://localhost:');
    expect(written.trim().split('\n')).toEqual([preview, join(home, 'preview.txt')]);
    expect(readFileSync(preview, 'utf8')).toContain('<html lang="es">');
  });

  it('seeds a demo town through the API with `npx civic seed`, and a second run adds nothing', async () => {
    // Act
    const first = await civic(['seed'], env);
    const second = await civic(['seed'], env);

    // Assess
    const period = new Date().toISOString().slice(0, 7);
    expect(first).toMatch(/3 initiatives, 3 engagements, 24 ideas, \d+ votes/);
    expect(first).toContain(`npx civic job impact-summary --period ${period}`);
    expect(second).toBe(first);
    const get = async <T>(path: string) => (await (await fetch(`${api}${path}`)).json()) as T;
    const initiatives = await get<{ items: { initiativeId: string; title: { en: string; es?: string } }[] }>(
      '/initiatives?limit=100',
    );
    // Other tests here made English-only initiatives, one also called "Library hours".
    const seeded = initiatives.items.filter(
      (item) =>
        item.title.es !== undefined &&
        ['Riverside park renewal', 'Youth employment 2027', 'Library hours'].includes(item.title.en),
    );
    expect(seeded).toHaveLength(3);
    let votes = 0;
    for (const initiative of seeded) {
      const engagements = await get<{ items: { engagementId: string; status: string }[] }>(
        `/engagements?initiativeId=${initiative.initiativeId}`,
      );
      expect(engagements.items.map((engagement) => engagement.status)).toEqual(['open']);
      const ideas = await get<{ items: { voteCount: number }[] }>(
        `/engagements/${engagements.items[0]?.engagementId}/contributions?limit=100`,
      );
      expect(ideas.items).toHaveLength(8);
      votes += ideas.items.reduce((sum, idea) => sum + idea.voteCount, 0);
    }
    expect(votes).toBe(Number(/(\d+) votes/.exec(first)?.[1]));
    const assets = await get<{ features: { properties: { name: string } }[] }>('/assets?limit=100');
    expect(assets.features.map((feature) => feature.properties.name)).toEqual(
      expect.arrayContaining(['Riverside Park', 'Central Library', 'Northgate Community Centre']),
    );
    const directory = await get<{ items: { name: string }[] }>('/organizations?limit=100');
    expect(directory.items.map((entry) => entry.name).sort()).toEqual([
      'Friends of Riverside Park',
      'Harbour Works Ltd',
    ]);
  }, 240_000);

  it('stops everything it started on Ctrl-C, Java included', async () => {
    // Prepare
    expect(dynamoDbLocalPids(dynamoDbPort)).toHaveLength(1);

    // Act
    // Ctrl-C signals the terminal's whole foreground group: npm, tsx and the stack alike. npm
    // itself dies of the signal at once; the stack stops its parts and then exits.
    signalGroup(stack.child, 'SIGINT');
    await Promise.race([stack.outputClosed, new Promise((resolve) => setTimeout(resolve, 25_000))]);
    // The output closes a moment before the last process of the group has been reaped.
    for (let waited = 0; groupAlive(stack.child) && waited < 5000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // Assess
    expect(groupAlive(stack.child)).toBe(false);
    expect(stack.output()).toMatch(/SIGINT: stopping…\nStopped\.\n/);
    expect(dynamoDbLocalPids(dynamoDbPort)).toEqual([]);
    expect(existsSync(join(home, 'stack.json'))).toBe(false);
  }, 30_000);
});

describe('npm start on a port already taken', () => {
  let blocker: Server;
  let port: number;
  let home: string;

  beforeAll(async () => {
    port = await freePort();
    home = mkdtempSync(join(tmpdir(), 'civic-e2e-port-'));
    blocker = createServer((_request, response) => response.end('someone else'));
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    rmSync(home, { recursive: true, force: true });
  });

  it('exits with code 2 and says which port and how to pick another, before starting Java', async () => {
    // Act
    const started = npmStart(['--in-memory'], { PORT: String(port), CIVIC_HOME: home });
    const code = await Promise.race([
      started.exited,
      new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 30_000)),
    ]);

    // Assess
    if (code === 'timeout') signalGroup(started.child, 'SIGKILL');
    expect(code).toBe(2);
    expect(started.output()).toContain(`Port ${port} is already in use`);
    expect(started.output()).toMatch(/PORT=\d+ npm start/);
    expect(started.output()).not.toContain('Starting DynamoDB Local');
  }, 40_000);
});

/**
 * However `npm start` ends, its DynamoDB Local goes with it: Java runs under a tether that ends it
 * when the stack's node process is gone (infra/local/dynamodb-tether.js).
 */
describe('npm start never leaves Java behind', () => {
  type Ending = {
    how: string;
    end: (started: StartedProcess, stackPid: number) => void;
    /** Whether the stack could run its stop sequence, and so says `Stopped.` */
    orderly: boolean;
  };
  const endings: Ending[] = [
    { how: 'Ctrl-C (SIGINT to the group)', end: (s) => signalGroup(s.child, 'SIGINT'), orderly: true },
    {
      how: 'SIGTERM to the node process',
      end: (_s, pid) => process.kill(pid, 'SIGTERM'),
      orderly: true,
    },
    {
      how: 'a closed terminal (SIGHUP to the group)',
      end: (s) => signalGroup(s.child, 'SIGHUP'),
      orderly: true,
    },
    { how: 'SIGKILL to the node process', end: (_s, pid) => process.kill(pid, 'SIGKILL'), orderly: false },
  ];

  it.each(endings)(
    'stops DynamoDB Local within 5 s after $how',
    async ({ end, orderly }) => {
      // Prepare
      const home = mkdtempSync(join(tmpdir(), 'civic-e2e-end-'));
      const port = await freePort();
      const started = npmStart(['--in-memory'], { PORT: String(port), CIVIC_HOME: home });
      let dynamoDbPort = 0;
      try {
        await waitFor(
          async () => {
            if (started.child.exitCode !== null)
              throw new Error(`npm start exited early:\n${started.output()}`);
            return (await fetch(`http://localhost:${port}/health`)).ok || undefined;
          },
          90_000,
          '/health',
        );
        const state = JSON.parse(readFileSync(join(home, 'stack.json'), 'utf8')) as {
          pid: number;
          dynamoDbEndpoint: string;
        };
        dynamoDbPort = Number(new URL(state.dynamoDbEndpoint).port);
        expect(dynamoDbLocalPids(dynamoDbPort)).toHaveLength(1);

        // Act
        end(started, state.pid);
        await Promise.race([started.outputClosed, new Promise((resolve) => setTimeout(resolve, 25_000))]);
        const javaGone = await waitFor(
          async () => (dynamoDbLocalPids(dynamoDbPort).length === 0 ? true : undefined),
          5_000,
          'DynamoDB Local to end',
        ).catch(() => false);

        // Assess
        expect(javaGone).toBe(true);
        if (orderly) {
          expect(started.output()).toMatch(/: stopping…\nStopped\.\n/);
          expect(existsSync(join(home, 'stack.json'))).toBe(false);
        }
      } finally {
        if (groupAlive(started.child)) signalGroup(started.child, 'SIGKILL');
        if (dynamoDbPort) for (const pid of dynamoDbLocalPids(dynamoDbPort)) process.kill(pid, 'SIGKILL');
        rmSync(home, { recursive: true, force: true });
      }
    },
    150_000,
  );
});

describe('the stack on a machine without Java', () => {
  it('exits with code 2 and says how to install Java', async () => {
    // Prepare
    // A PATH that has node but no java.
    const bin = mkdtempSync(join(tmpdir(), 'civic-e2e-nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const home = join(bin, 'home');

    // Act
    const started = nodeStart(['--in-memory'], {
      PATH: bin,
      PORT: String(await freePort()),
      CIVIC_HOME: home,
    });
    const code = await Promise.race([
      started.exited,
      new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 30_000)),
    ]);

    // Assess
    if (code === 'timeout') signalGroup(started.child, 'SIGKILL');
    rmSync(bin, { recursive: true, force: true });
    expect(code).toBe(2);
    expect(started.output()).toMatch(/Java 17 or newer is required/);
    expect(started.output()).toMatch(/apt-get install openjdk-17-jre-headless/);
  }, 40_000);
});
