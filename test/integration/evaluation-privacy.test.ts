import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listSubscriptions } from '../../functions/evaluation/dynamo-digest-subscription-store';
import { handler } from '../../functions/evaluation/handler';
import { issueUnsubscribeToken, personalDataHolder } from '../../functions/evaluation/published';
import { documentClient } from '../../shared/db/client';
import { includingExpired } from '../../shared/db/retention-filter';
import type { RetentionDue } from '../../shared/privacy/person';
import { isPastRetention } from '../../shared/privacy/retention';
import { allItems, call } from '../support/api';
import { openEngagement } from '../support/fixtures';
import { asRetentionDue } from '../support/retention';

const day = 24 * 60 * 60 * 1000;

let addressCount = 0;
/** A fresh staff address per test, so tests never share a subscription. */
const newAddress = () => `privacy.reader.${++addressCount}@city.example.gov`;
const personOf = (email: string) => ({ email, participantHash: 'not-used-by-evaluation' });

const subscribe = async (email: string, frequency: 'weekly' | 'monthly') => {
  const answer = await call(handler, {
    method: 'POST',
    path: '/digest-subscriptions',
    role: 'admin',
    body: { email, frequency },
  });
  if (answer.status !== 201) throw new Error(`subscribe: ${answer.status} ${answer.body}`);
  return answer.json.subscriptionId as string;
};

const unsubscribe = async (subscriptionId: string) => {
  const token = await issueUnsubscribeToken(subscriptionId);
  const answer = await call(handler, {
    method: 'POST',
    path: `/digest-subscriptions/${subscriptionId}/unsubscription`,
    body: { token },
  });
  if (answer.status !== 200) throw new Error(`unsubscribe: ${answer.status} ${answer.body}`);
};

/** Every item, expired ones too (tests only: the application never scans). */
const everyItem = () => includingExpired(() => allItems());
const holding = async (text: string) =>
  (await everyItem()).filter((item) => JSON.stringify(item).includes(text));

/** What the retention job would hand evaluation at `now`. */
async function dueAt(now: Date): Promise<RetentionDue[]> {
  return (await everyItem()).filter((item) => isPastRetention(item, now)).map(asRetentionDue);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('evaluation’s personal data holder', () => {
  it('exports an address’s digest subscriptions, active and stopped, and nothing of another address', async () => {
    // Prepare
    const [ana, ben] = [newAddress(), newAddress()];
    const weekly = await subscribe(ana, 'weekly');
    const monthly = await subscribe(ana, 'monthly');
    await unsubscribe(monthly);
    await subscribe(ben, 'weekly');

    // Act
    const exported = await personalDataHolder.personalDataOf(personOf(ana));

    // Assess
    expect(exported).toHaveLength(1);
    expect(exported[0]?.entity).toBe('DigestSubscription');
    const records = exported[0]?.records ?? [];
    expect(records.map((record) => [record.subscriptionId, record.status]).sort()).toEqual(
      [
        [weekly, 'active'],
        [monthly, 'unsubscribed'],
      ].sort(),
    );
    expect(records.every((record) => record.email === ana)).toBe(true);
    expect(JSON.stringify(exported)).not.toContain(ben);
    // Never a link's token or its hash.
    expect(JSON.stringify(exported)).not.toMatch(/token|hash/i);
  });

  it('erases an address’s subscriptions and markers, leaves another’s, and a second erasure writes nothing', async () => {
    // Prepare
    const [ana, ben] = [newAddress(), newAddress()];
    await subscribe(ana, 'weekly');
    await unsubscribe(await subscribe(ana, 'monthly'));
    const bens = await subscribe(ben, 'weekly');

    // Act
    await personalDataHolder.erasePerson(personOf(ana), { erasedAs: 'E1', now: new Date() });
    const afterFirst = await everyItem();
    await personalDataHolder.erasePerson(personOf(ana), { erasedAs: 'E1', now: new Date() });

    // Assess
    expect(await holding(ana)).toEqual([]);
    expect(await holding(encodeURIComponent(ana))).toEqual([]);
    expect(await everyItem()).toEqual(afterFirst);
    expect((await listSubscriptions('weekly')).map((s) => s.subscriptionId)).toContain(bens);
    expect(await personalDataHolder.personalDataOf(personOf(ana))).toEqual([]);
    // The address is free again: nothing of the old subscription still holds it.
    expect(await subscribe(ana, 'weekly')).toEqual(expect.any(String));
  });

  it('keeps a subscription a year from its last digest, then reads it as gone and deletes it with its marker', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2026-03-01T09:00:00Z');
    vi.setSystemTime(start);
    const ana = newAddress();
    const subscriptionId = await subscribe(ana, 'weekly');
    vi.setSystemTime(new Date(start.getTime() + 200 * day));
    await issueUnsubscribeToken(subscriptionId);
    const afterOneYear = new Date(start.getTime() + 366 * day);
    const afterLastDigest = new Date(start.getTime() + 566 * day);

    // Act
    vi.setSystemTime(afterOneYear);
    const stillListed = (await listSubscriptions('weekly')).map((s) => s.subscriptionId);
    vi.setSystemTime(afterLastDigest);
    const listedWhenDue = (await listSubscriptions('weekly')).map((s) => s.subscriptionId);
    const due = await dueAt(afterLastDigest);
    await personalDataHolder.applyRetention(due, afterLastDigest);

    // Assess
    expect(stillListed).toContain(subscriptionId);
    expect(listedWhenDue).not.toContain(subscriptionId);
    expect(due.map((item) => item.type).sort()).toEqual(['DigestAddress', 'DigestSubscription']);
    expect(await holding(subscriptionId)).toEqual([]);
    expect(await holding(encodeURIComponent(ana))).toEqual([]);
    expect(await subscribe(ana, 'weekly')).toEqual(expect.any(String));
  });

  it('keeps an address marker as long as the subscription it finds, whatever its own end says', async () => {
    // Prepare: a marker due a year before its subscription, as a release without restarts left it.
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2026-03-01T09:00:00Z');
    vi.setSystemTime(start);
    const ana = newAddress();
    const subscriptionId = await subscribe(ana, 'weekly');
    const [marker] = await holding(encodeURIComponent(ana));
    const subscription = (await holding(subscriptionId)).find((item) => item.type === 'DigestSubscription');
    const markerEnd = Number(subscription?.expiresAt) - 365 * 24 * 60 * 60;
    await documentClient.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: marker?.pk, sk: marker?.sk },
        UpdateExpression: 'SET expiresAt = :end',
        ExpressionAttributeValues: { ':end': markerEnd },
      }),
    );
    const between = new Date((markerEnd + 1) * 1000);
    vi.setSystemTime(between);

    // Act
    const due = await dueAt(between);
    await personalDataHolder.applyRetention(due, between);

    // Assess
    expect(due.map((item) => item.type)).toEqual(['DigestAddress']);
    expect((await holding(encodeURIComponent(ana)))[0]?.expiresAt).toBe(subscription?.expiresAt);
    expect((await listSubscriptions('weekly')).map((s) => s.subscriptionId)).toContain(subscriptionId);
    expect((await subscribe(ana, 'weekly').catch((error: Error) => error.message)) as string).toMatch(/409/);
  });

  it('removes an expired feedback’s comment and keeps its rating', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2026-03-01T09:00:00Z');
    vi.setSystemTime(start);
    const { initiativeId, engagementId } = await openEngagement();
    const about = { kind: 'engagement', id: engagementId };
    const given = await call(handler, {
      method: 'POST',
      path: '/feedback',
      body: { rating: 2, comment: 'Too loud. — Ana, 07700 900123', about },
    });
    const silent = await call(handler, { method: 'POST', path: '/feedback', body: { rating: 5, about } });
    const listFeedback = async () =>
      (
        await call(handler, {
          method: 'GET',
          path: '/feedback',
          role: 'analyst',
          query: { initiativeId, limit: '100' },
        })
      ).json.items as { feedbackId: string; rating: number; comment?: string }[];
    const past = new Date(start.getTime() + 1096 * day);

    // Act
    vi.setSystemTime(past);
    const whenDue = await listFeedback();
    await personalDataHolder.applyRetention(await dueAt(past), past);
    const afterRetention = await listFeedback();

    // Assess
    expect(whenDue.map((f) => f.feedbackId)).toEqual([silent.json.feedbackId]);
    const byId = (a: { feedbackId: string }, b: { feedbackId: string }) =>
      a.feedbackId.localeCompare(b.feedbackId);
    expect(
      afterRetention.map(({ feedbackId, rating, comment }) => ({ feedbackId, rating, comment })).sort(byId),
    ).toEqual(
      [
        { feedbackId: silent.json.feedbackId, rating: 5, comment: undefined },
        { feedbackId: given.json.feedbackId, rating: 2, comment: undefined },
      ].sort(byId),
    );
    expect(await holding('07700 900123')).toEqual([]);
    expect(await dueAt(past)).toEqual([]);
  });
});
