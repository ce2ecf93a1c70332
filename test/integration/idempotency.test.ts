import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/participation/handler';
import { allItems, call, countItems } from '../support/api';
import { openEngagement, publishedIdea } from '../support/fixtures';
import { sentMail } from '../support/mail';

describe('Idempotency-Key', () => {
  it('returns the first answer for a retry and writes one item', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const request = {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      body: { kind: 'idea', title: 'Drinking fountain', body: 'Near the playground.' },
      headers: { 'Idempotency-Key': 'b0d4c1e2-retry-1' },
    };

    // Act
    const first = await call(handler, request);
    const retry = await call(handler, request);

    // Assess
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    const contributions = (await allItems()).filter(
      (i) => i.type === 'Contribution' && i.engagementId === engagementId,
    );
    expect(contributions).toHaveLength(1);
    const events = (await allItems()).filter(
      (i) =>
        i.detailType === 'ContributionSubmitted' &&
        (i.detail as { engagementId: string }).engagementId === engagementId,
    );
    expect(events).toHaveLength(1);
  });

  it('replays a vote for a retry: the same answer, one mail, nothing written twice', async () => {
    const { contributionId } = await publishedIdea();
    const request = {
      method: 'POST',
      path: `/contributions/${contributionId}/votes`,
      body: { participant: { email: 'fay@example.org' } },
      headers: { 'Idempotency-Key': 'vote-retry-0001' },
    };
    const first = await call(handler, request);
    const itemsAfterFirst = await countItems();
    const retry = await call(handler, request);
    expect([first.status, retry.status]).toEqual([202, 202]);
    expect(retry.json).toEqual(first.json);
    expect(await sentMail('fay@example.org')).toHaveLength(1);
    expect(await countItems()).toBe(itemsAfterFirst);
  });

  it('refuses a key reused for a different request with 422', async () => {
    const { engagementId } = await openEngagement();
    const headers = { 'Idempotency-Key': 'reused-key-0001' };
    const path = `/engagements/${engagementId}/contributions`;
    await call(handler, {
      method: 'POST',
      path,
      headers,
      body: { kind: 'idea', title: 'First', body: 'One.' },
    });
    const reused = await call(handler, {
      method: 'POST',
      path,
      headers,
      body: { kind: 'idea', title: 'Second', body: 'Two.' },
    });
    expect(reused.status).toBe(422);
    expect(reused.json.errors[0].path).toBe('headers.idempotency-key');
  });

  it('stores no answer for a refused request, so a retry is judged afresh', async () => {
    const { engagementId } = await openEngagement({
      opensAt: new Date(Date.now() + 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 7200_000).toISOString(),
    });
    const request = {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      headers: { 'Idempotency-Key': 'early-bird-0001' },
      body: { kind: 'idea', title: 'Early', body: 'Too early.' },
    };
    const idempotencyRecords = async () =>
      (await allItems()).filter((i) => String(i.pk).startsWith('IDEMPOTENCY#')).length;
    const before = await idempotencyRecords();
    const first = await call(handler, request);
    const again = await call(handler, request);
    expect(first.status).toBe(409);
    expect(again.status).toBe(409);
    expect(await idempotencyRecords()).toBe(before);
  });

  it('writes nothing twice under 20 concurrent retries with one key', async () => {
    const { engagementId } = await openEngagement();
    const request = {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      headers: { 'Idempotency-Key': 'storm-key-0001' },
      body: { kind: 'idea', title: 'Storm', body: 'Retried.' },
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(handler, request)));
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    const contributions = (await allItems()).filter(
      (i) => i.type === 'Contribution' && i.engagementId === engagementId,
    );
    expect(contributions).toHaveLength(1);
  });
});
