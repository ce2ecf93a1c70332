import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/participation/handler';
import { allItems, call } from '../support/api';
import { publishedIdea } from '../support/fixtures';

const vote = (contributionId: string, email: string, headers: Record<string, string> = {}) =>
  call(handler, {
    method: 'POST',
    path: `/contributions/${contributionId}/votes`,
    body: { participant: { email } },
    headers,
  });

const voteCount = async (engagementId: string, contributionId: string) => {
  const list = await call(handler, { method: 'GET', path: `/engagements/${engagementId}/contributions` });
  return list.json.items.find((c: { contributionId: string }) => c.contributionId === contributionId)
    .voteCount;
};

describe('votes', () => {
  it('counts one vote per participant and refuses the second with 409', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();

    // Act
    const first = await vote(contributionId, 'ana@example.org');
    const second = await vote(contributionId, '  ANA@example.org ');

    // Assess
    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
    expect(second.headers['content-type']).toBe('application/problem+json');
    expect(second.json.reason).toBe('already-voted');
    expect(await voteCount(engagementId, contributionId)).toBe(1);
  });

  it('counts x+1@, X@ and " x@ " as one person', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();

    // Act
    const answers = [];
    for (const email of ['x+1@example.org', 'X@example.org', ' x@example.org '])
      answers.push(await vote(contributionId, email));

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([201, 409, 409]);
    expect(await voteCount(engagementId, contributionId)).toBe(1);
  });

  it('counts exactly one of 50 parallel votes from the same participant', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();

    // Act
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => vote(contributionId, 'same@example.org')),
    );

    // Assess
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(49);
    expect(await voteCount(engagementId, contributionId)).toBe(1);
    const votes = (await allItems()).filter(
      (item) => item.pk === `CONTRIBUTION#${contributionId}` && String(item.sk).startsWith('VOTE#'),
    );
    expect(votes).toHaveLength(1);
  });

  it('counts all 50 parallel votes from distinct participants', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();

    // Act
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => vote(contributionId, `voter${i}@example.org`)),
    );

    // Assess
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    expect(await voteCount(engagementId, contributionId)).toBe(50);
    const events = (await allItems()).filter(
      (item) =>
        item.detailType === 'VoteCast' &&
        (item.detail as { contributionId: string }).contributionId === contributionId,
    );
    expect(events).toHaveLength(50);
  });

  it('returns 404 for a contribution that does not exist', async () => {
    // Act
    const answer = await vote('01ARZ3NDEKTSV4RRFFQ69G5FAV', 'ana@example.org');

    // Assess
    expect(answer.status).toBe(404);
  });
});
