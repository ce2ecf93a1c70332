import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpContext } from '../../functions/context';
import { participation } from '../../functions/participation/api';
import { handler } from '../../functions/participation/handler';
import { type RunningGateway, startGateway } from '../../infra/local/gateway';
import { createLocalFunction, type LocalFunction } from '../../infra/local/lambda-runtime';
import { defaultRateLimits } from '../../shared/http/rate-limits';
import { allItems, call } from '../support/api';
import { publishedIdea } from '../support/fixtures';
import { confirmationLinkIn, lastMailTo, sentMail } from '../support/mail';

/**
 * A script stuffing a vote, as the issue saw it done against `npm start`: one client, 100 made-up
 * addresses. Through the local gateway (the same per-IP limits WAF enforces in the cloud) and the
 * participation function running in a worker as it does under `npm start`.
 */
const context = participation.http?.[0] as HttpContext;

let gateway: RunningGateway;
let fn: LocalFunction;

beforeAll(async () => {
  fn = createLocalFunction({
    functionName: 'civic-participation',
    entry: context.entry,
    env: Object.fromEntries(
      Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    region: 'eu-west-1',
    timeoutMs: 30_000,
  });
  gateway = await startGateway({
    port: 0,
    host: '127.0.0.1',
    contexts: [context],
    fallbackContext: context.name,
    functionFor: () => fn,
    // No staff route is called here: a key of its own is enough.
    signingKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    allowedOrigins: [],
    rateLimits: defaultRateLimits,
    log: () => undefined,
  });
});

afterAll(async () => {
  await gateway?.close();
  await fn?.stop();
});

describe('a vote flood from one address', () => {
  it('takes the first 10 as pending, refuses the rest with 429, and counts nothing until a link is confirmed', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();
    const base = `http://127.0.0.1:${gateway.port}`;

    // Act
    const answers: { status: number; retryAfter: string | null; type: string | null }[] = [];
    for (let n = 0; n < 100; n++) {
      const answer = await fetch(`${base}/contributions/${contributionId}/votes`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: `participant.email=bot${n}%40example.org`,
      });
      answers.push({
        status: answer.status,
        retryAfter: answer.headers.get('retry-after'),
        type: answer.headers.get('content-type'),
      });
      await answer.body?.cancel();
    }
    const countBefore = await voteCountOf(engagementId, contributionId);
    const link = confirmationLinkIn(await lastMailTo('bot0@example.org'));
    await call(handler, { method: 'POST', path: link.path, body: { token: link.token } });

    // Assess
    const limit = defaultRateLimits.votes.requests;
    expect(answers.slice(0, limit).map((a) => a.status)).toEqual(Array(limit).fill(202));
    for (const refused of answers.slice(limit)) {
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(refused.type).toBe('application/problem+json');
    }
    expect(
      (await sentMail()).filter((mail) => /"address":"bot\d+@example\.org"/.test(JSON.stringify(mail.to))),
    ).toHaveLength(limit);
    const votes = (await allItems()).filter(
      (item) => item.pk === `CONTRIBUTION#${contributionId}` && String(item.sk).startsWith('VOTE#'),
    );
    expect(votes.map((vote) => vote.status).sort()).toEqual(['counted', ...Array(limit - 1).fill('pending')]);
    expect(countBefore).toBe(0);
    expect(await voteCountOf(engagementId, contributionId)).toBe(1);
  }, 120_000);
});

async function voteCountOf(engagementId: string, contributionId: string): Promise<number> {
  const list = await call(handler, { method: 'GET', path: `/engagements/${engagementId}/contributions` });
  return list.json.items.find((c: { contributionId: string }) => c.contributionId === contributionId)
    .voteCount;
}
