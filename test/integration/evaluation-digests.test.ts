import { describe, expect, it } from 'vitest';
import { listSubscriptions } from '../../functions/evaluation/dynamo-digest-subscription-store';
import { handler } from '../../functions/evaluation/handler';
import { issueUnsubscribeToken } from '../../functions/evaluation/published';
import { unsubscribeUrl } from '../../functions/evaluation/unsubscribe-token';
import { allItems, call, countItems } from '../support/api';
import { openEngagement } from '../support/fixtures';

let addressCount = 0;
/** A fresh staff address per test, so tests never share a subscription. */
const newAddress = () => `digest.reader.${++addressCount}@city.example.gov`;

/** An initiative made through the participation API (with an engagement beside it). */
const newInitiative = async () => (await openEngagement()).initiativeId;

const subscribe = (body: Record<string, unknown>) =>
  call(handler, { method: 'POST', path: '/digest-subscriptions', role: 'admin', body });

const listed = async (query: Record<string, string> = {}) => {
  const answer = await call(handler, {
    method: 'GET',
    path: '/digest-subscriptions',
    role: 'admin',
    query: { limit: '100', ...query },
  });
  return answer.json.items.map((s: { subscriptionId: string }) => s.subscriptionId) as string[];
};

/** The token of one digest's unsubscribe link, issued as the digest job issues it. */
async function tokenOf(subscriptionId: string) {
  const token = await issueUnsubscribeToken(subscriptionId);
  if (!token) throw new Error('not active');
  return token;
}

/** The page's button: the token in the body. */
const unsubscribe = (subscriptionId: string, token: string) =>
  call(handler, {
    method: 'POST',
    path: `/digest-subscriptions/${subscriptionId}/unsubscription`,
    body: { token },
  });

describe('digest subscriptions', () => {
  it('subscribes a staff address and lists it for admins and for the digest job of its frequency', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const email = newAddress();

    // Act
    const created = await subscribe({
      email: `  ${email.toUpperCase()} `,
      frequency: 'weekly',
      initiatives: [initiativeId],
    });

    // Assess
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      email,
      frequency: 'weekly',
      initiatives: [initiativeId],
      language: 'en',
      status: 'active',
    });
    expect(created.json.unsubscribeToken).toBeUndefined();
    expect(await listed()).toContain(created.json.subscriptionId);
    expect(await listed({ frequency: 'monthly' })).not.toContain(created.json.subscriptionId);
    const weekly = await listSubscriptions('weekly');
    // No token before its first digest: each digest mints its own.
    expect(weekly.find((s) => s.subscriptionId === created.json.subscriptionId)?.unsubscribeTokens).toEqual(
      [],
    );
    expect((await listSubscriptions('monthly')).map((s) => s.subscriptionId)).not.toContain(
      created.json.subscriptionId,
    );
  });

  it('names each listed initiative that does not exist, writing nothing', async () => {
    // Prepare
    const initiativeId = await newInitiative();
    const before = await countItems();

    // Act
    const answer = await subscribe({
      email: newAddress(),
      frequency: 'monthly',
      initiatives: [initiativeId, '01JE1A2B3C4D5E6F7G8H9J0K1M', 'not-an-id'],
    });
    const unknownOnly = await subscribe({
      email: newAddress(),
      frequency: 'monthly',
      initiatives: [initiativeId, '01JE1A2B3C4D5E6F7G8H9J0K1M', '01JE1A2B3C4D5E6F7G8H9J0K1N'],
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((e: { path: string }) => e.path)).toEqual(['body.initiatives.2']);
    expect(unknownOnly.status).toBe(422);
    expect(unknownOnly.json.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.initiatives.1',
      'body.initiatives.2',
    ]);
    expect(await countItems()).toBe(before);
  });

  it('refuses a language the city does not publish in, and a frequency it does not send', async () => {
    const french = await subscribe({ email: newAddress(), frequency: 'weekly', language: 'fr' });
    const daily = await subscribe({ email: newAddress(), frequency: 'daily' });
    expect(french.status).toBe(422);
    expect(french.json.errors[0].path).toBe('body.language');
    expect(daily.status).toBe(422);
    expect(daily.json.errors[0].path).toBe('body.frequency');
  });

  it('keeps one subscription per address and frequency', async () => {
    // Prepare
    const email = newAddress();
    await subscribe({ email, frequency: 'weekly' });

    // Act
    const again = await subscribe({ email: email.toUpperCase(), frequency: 'weekly', initiatives: 'all' });
    const monthly = await subscribe({ email, frequency: 'monthly' });

    // Assess
    expect(again.status).toBe(409);
    expect(again.json.reason).toBe('already-subscribed');
    expect(monthly.status).toBe(201);
  });

  it('is for admins only', async () => {
    const coordinator = await call(handler, {
      method: 'POST',
      path: '/digest-subscriptions',
      role: 'coordinator',
      body: { email: newAddress(), frequency: 'weekly' },
    });
    const anonymous = await call(handler, { method: 'GET', path: '/digest-subscriptions' });
    expect(coordinator.status).toBe(403);
    expect(anonymous.status).toBe(401);
  });
});

describe('unsubscribing from a digest', () => {
  it('refuses a wrong token and keeps the subscription', async () => {
    // Prepare
    const created = await subscribe({ email: newAddress(), frequency: 'weekly' });
    const token = await tokenOf(created.json.subscriptionId);
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const before = await countItems();

    // Act
    const answers = [
      await unsubscribe(created.json.subscriptionId, wrong),
      await unsubscribe(created.json.subscriptionId, 'x'.repeat(16)),
      await unsubscribe('01JE1A2B3C4D5E6F7G8H9J0K1M', token),
    ];

    // Assess
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404]);
    expect(await countItems()).toBe(before);
    expect(await listed()).toContain(created.json.subscriptionId);
  });

  it('stops the digest with the right token: no longer listed, and the answer repeats', async () => {
    // Prepare
    const email = newAddress();
    const created = await subscribe({ email, frequency: 'weekly' });
    const { subscriptionId } = created.json;
    const token = await tokenOf(subscriptionId);

    // Act
    const first = await unsubscribe(subscriptionId, token);
    const second = await unsubscribe(subscriptionId, token);

    // Assess
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ subscriptionId, status: 'unsubscribed' });
    expect(second.json).toEqual(first.json);
    expect(await listed()).not.toContain(subscriptionId);
    expect((await listSubscriptions('weekly')).map((s) => s.subscriptionId)).not.toContain(subscriptionId);
    // The address is free to subscribe again.
    expect((await subscribe({ email, frequency: 'weekly' })).status).toBe(201);
  });

  it.each([
    ['application/x-www-form-urlencoded', 'List-Unsubscribe=One-Click'],
    [
      'multipart/form-data; boundary=civic',
      '--civic\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--civic--\r\n',
    ],
  ])('works as a one-click unsubscribe (RFC 8058) posted as %s to the digest’s link', async (type, body) => {
    // Prepare
    const created = await subscribe({ email: newAddress(), frequency: 'monthly' });
    const { subscriptionId } = created.json;
    const link = new URL(
      unsubscribeUrl('https://api.example.gov/v1', { subscriptionId, token: await tokenOf(subscriptionId) }),
    );

    // Act: what a mail client posts to the List-Unsubscribe URL.
    const answer = await call(handler, {
      method: 'POST',
      path: link.pathname.replace('/v1', ''),
      query: Object.fromEntries(link.searchParams),
      rawBody: body,
      headers: { 'Content-Type': type },
    });

    // Assess: a form post is answered with a thank-you page, a multipart one with JSON; both stop it.
    expect(answer.status).toBe(200);
    if (type === 'application/x-www-form-urlencoded') expect(answer.body).toContain('Thank you');
    else expect(answer.json.status).toBe('unsubscribed');
    expect(await listed({ frequency: 'monthly' })).not.toContain(subscriptionId);
  });
});

describe('deleting a digest subscription', () => {
  it('forgets the subscription, frees the address and voids its token', async () => {
    // Prepare
    const email = newAddress();
    const created = await subscribe({ email, frequency: 'weekly' });
    const { subscriptionId } = created.json;
    const token = await tokenOf(subscriptionId);
    const path = `/digest-subscriptions/${subscriptionId}`;

    // Act
    const deleted = await call(handler, { method: 'DELETE', path, role: 'admin' });
    const again = await call(handler, { method: 'DELETE', path, role: 'admin' });
    const click = await unsubscribe(subscriptionId, token);

    // Assess
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBe('');
    expect(again.status).toBe(404);
    expect(click.status).toBe(404);
    expect(await listed()).not.toContain(subscriptionId);
    const leftovers = (await allItems()).filter((item) => JSON.stringify(item).includes(email));
    expect(leftovers).toEqual([]);
    expect((await subscribe({ email, frequency: 'weekly' })).status).toBe(201);
  });

  it('deletes an unsubscribed subscription without touching the address’s new one', async () => {
    // Prepare
    const email = newAddress();
    const old = await subscribe({ email, frequency: 'weekly' });
    await unsubscribe(old.json.subscriptionId, await tokenOf(old.json.subscriptionId));
    const renewed = await subscribe({ email, frequency: 'weekly' });

    // Act
    const deleted = await call(handler, {
      method: 'DELETE',
      path: `/digest-subscriptions/${old.json.subscriptionId}`,
      role: 'admin',
    });
    const duplicate = await subscribe({ email, frequency: 'weekly' });

    // Assess
    expect(deleted.status).toBe(204);
    expect(await listed()).toContain(renewed.json.subscriptionId);
    expect(duplicate.status).toBe(409);
  });
});
