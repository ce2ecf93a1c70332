import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLocalStack, startLocalStack } from '../../infra/local/start';
import { issueStaffToken } from '../../infra/local/tokens';
import { dynamoDbLocalPids } from './local-stack-process';

/** The in-process entry point the bench and tests use: same stack as `npm start`, no child process. */
describe('startLocalStack', () => {
  let home: string;
  let stack: RunningLocalStack | undefined;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'civic-inprocess-'));
    stack = await startLocalStack({
      port: 0,
      inMemory: true,
      civicHome: home,
      env: { PATH: process.env.PATH },
      log: () => undefined,
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('serves the API on the port it picked', async () => {
    // Act
    const response = await fetch(`${stack?.url}/health`);

    // Assess
    expect(stack?.port).toBeGreaterThan(0);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('has a contribution’s event in the archive once settle() resolves', async () => {
    // Prepare
    const token = await issueStaffToken({ home, role: 'coordinator' });
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${stack?.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as Record<string, string>;
    };
    const staff = { authorization: `Bearer ${token}` };
    const { initiativeId } = await post('/initiatives', { title: { en: 'Library hours' } }, staff);
    const { engagementId } = await post(
      '/engagements',
      {
        initiativeId,
        title: { en: 'When should the library open?' },
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      staff,
    );

    // Act
    const { contributionId } = await post(`/engagements/${engagementId}/contributions`, {
      kind: 'idea',
      title: 'Sunday mornings',
      body: 'Open on Sunday mornings for families.',
    });
    await stack?.settle();

    // Assess
    const archive = readFileSync(join(home, 'events.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(archive).toEqual([
      expect.objectContaining({
        'detail-type': 'ContributionSubmitted',
        detail: expect.objectContaining({ contributionId }),
      }),
    ]);
  });

  it('records what `civic job` needs in stack.json', () => {
    // Act
    const state = JSON.parse(readFileSync(join(home, 'stack.json'), 'utf8'));

    // Assess
    expect(state).toMatchObject({ pid: process.pid, url: stack?.url, tableName: 'civic-local' });
    expect(state.env).toMatchObject({
      TABLE_NAME: 'civic-local',
      EVENT_BUS_NAME: 'civic-local',
      AWS_ENDPOINT_URL_DYNAMODB: stack?.dynamoDbEndpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: stack?.eventBusEndpoint,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
    });
    expect(state.env.PARTICIPANT_HASH_KEY).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stops DynamoDB Local with stop()', async () => {
    // Prepare
    const port = Number(new URL(stack?.dynamoDbEndpoint as string).port);

    // Act
    await stack?.stop();
    stack = undefined;

    // Assess
    expect(dynamoDbLocalPids(port)).toEqual([]);
    expect(existsSync(join(home, 'stack.json'))).toBe(false);
  });
});
