import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/participation/handler';
import { allItems, call } from '../support/api';
import { openEngagement, publishedIdea } from '../support/fixtures';

const hour = 3600_000;
// Offsets from one instant, so that the same offset always names the same time (two `at(48)` a
// millisecond apart would put a phase's end after the engagement's close).
const startedAt = Date.now();
const at = (offsetHours: number) => new Date(startedAt + offsetHours * hour).toISOString();

describe('initiatives', () => {
  it('creates an initiative and serves it publicly', async () => {
    // Act
    const created = await call(handler, {
      method: 'POST',
      path: '/initiatives',
      role: 'coordinator',
      body: {
        title: { en: 'Youth employment 2027', es: 'Empleo juvenil 2027' },
        startsOn: '2027-01-01',
        endsOn: '2027-12-31',
      },
    });
    const read = await call(handler, { method: 'GET', path: `/initiatives/${created.json.initiativeId}` });

    // Assess
    expect(created.status).toBe(201);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      title: { es: 'Empleo juvenil 2027' },
      status: 'active',
      neighbourhoods: [],
    });
    expect(read.json.pk).toBeUndefined();
  });

  it('pages through initiatives with an opaque cursor', async () => {
    // Prepare
    for (let i = 0; i < 5; i++) {
      await call(handler, {
        method: 'POST',
        path: '/initiatives',
        role: 'admin',
        body: { title: { en: `Programme ${i}` } },
      });
    }

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(handler, {
        method: 'GET',
        path: '/initiatives',
        query: { limit: '2', ...(cursor ? { cursor } : {}) },
      });
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.items.map((i: { initiativeId: string }) => i.initiativeId));
      cursor = page.json.nextCursor;
    } while (cursor);

    // Assess
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });

  it('answers 422 for a cursor it did not issue', async () => {
    // Act
    const answer = await call(handler, {
      method: 'GET',
      path: '/initiatives',
      query: { cursor: 'bm90LWEtY3Vyc29y' },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors[0].path).toBe('query.cursor');
  });

  it('refuses an end date before the start date, naming the field', async () => {
    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: '/initiatives',
      role: 'coordinator',
      body: { title: { en: 'Backwards' }, startsOn: '2027-02-01', endsOn: '2027-01-01' },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors).toEqual([{ path: 'body.endsOn', message: expect.any(String) }]);
  });

  it('returns 404 for an initiative that does not exist', async () => {
    const answer = await call(handler, { method: 'GET', path: '/initiatives/01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(answer.status).toBe(404);
  });
});

describe('engagements', () => {
  it('lists the engagements of one initiative with their status now', async () => {
    // Prepare
    const { initiativeId, engagementId } = await openEngagement();
    await openEngagement();

    // Act
    const list = await call(handler, { method: 'GET', path: '/engagements', query: { initiativeId } });

    // Assess
    expect(list.json.items).toHaveLength(1);
    expect(list.json.items[0]).toMatchObject({ engagementId, status: 'open', moderation: 'post' });
  });

  it('refuses an engagement for an initiative that does not exist', async () => {
    const answer = await call(handler, {
      method: 'POST',
      path: '/engagements',
      role: 'coordinator',
      body: {
        initiativeId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
        title: { en: 'x' },
        opensAt: at(0),
        closesAt: at(1),
      },
    });
    expect(answer.status).toBe(422);
    expect(answer.json.errors[0].path).toBe('body.initiativeId');
  });

  it('refuses overlapping phases and a window that closes before it opens', async () => {
    // Prepare
    const { initiativeId } = await openEngagement();

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: '/engagements',
      role: 'coordinator',
      body: {
        initiativeId,
        title: { en: 'x' },
        opensAt: at(10),
        closesAt: at(5),
        phases: [{ name: { en: 'Ideas' }, startsAt: at(10), endsAt: at(9) }],
      },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.closesAt', 'body.phases.0.endsAt']),
    );
  });
});

describe('contributions', () => {
  it('publishes an idea, threads a comment under it and counts the reply', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();

    // Act
    const comment = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      body: {
        kind: 'comment',
        body: 'Yes, with shade please.',
        parentId: contributionId,
        participant: { email: 'ben@example.org', consentToContact: true },
      },
    });
    const topLevel = await call(handler, {
      method: 'GET',
      path: `/engagements/${engagementId}/contributions`,
    });
    const replies = await call(handler, {
      method: 'GET',
      path: `/engagements/${engagementId}/contributions`,
      query: { parentId: contributionId },
    });

    // Assess
    expect(comment.status).toBe(201);
    expect(comment.json.participant).toBeUndefined();
    expect(topLevel.json.items).toHaveLength(1);
    expect(topLevel.json.items[0]).toMatchObject({ contributionId, replyCount: 1, voteCount: 0 });
    expect(replies.json.items.map((c: { body: string }) => c.body)).toEqual(['Yes, with shade please.']);
    expect(JSON.stringify(replies.json)).not.toContain('ben@example.org');
  });

  it('keeps only a keyed hash of a participant who did not consent to contact, and emits a ContributionSubmitted event', async () => {
    // Prepare
    const { engagementId } = await openEngagement();

    // Act
    const idea = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      body: {
        kind: 'proposal',
        title: 'Bike lanes',
        body: 'On River Street.',
        participant: { email: 'Cleo@Example.org' },
      },
    });

    // Assess
    const items = await allItems();
    const stored = items.find((i) => i.pk === `CONTRIBUTION#${idea.json.contributionId}` && i.sk === '#META');
    expect(stored).not.toHaveProperty('contact');
    expect(stored?.participantHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const event = items.find(
      (i) =>
        i.detailType === 'ContributionSubmitted' &&
        (i.detail as { contributionId: string }).contributionId === idea.json.contributionId,
    );
    expect(event?.detail).toMatchObject({
      engagementId,
      kind: 'proposal',
      participantHash: stored?.participantHash,
    });
    expect(JSON.stringify(event)).not.toContain('cleo@example.org');
  });

  it('returns 409 when the engagement is closed, and writes nothing', async () => {
    // Prepare
    const { engagementId } = await openEngagement({ opensAt: at(-48), closesAt: at(-24) });
    const before = (await allItems()).length;

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      body: { kind: 'idea', title: 'Too late', body: 'Still posting.' },
    });

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.json.reason).toBe('engagement-closed');
    expect((await allItems()).length).toBe(before);
  });

  it('returns 409 when the current phase does not accept contributions', async () => {
    // Prepare
    const { engagementId } = await openEngagement({
      opensAt: at(-2),
      closesAt: at(48),
      phases: [
        { name: { en: 'Voting' }, startsAt: at(-2), endsAt: at(24), allows: ['votes'] },
        { name: { en: 'Ideas' }, startsAt: at(24), endsAt: at(48), allows: ['contributions', 'comments'] },
      ],
    });

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      body: { kind: 'idea', title: 'Out of phase', body: 'Text.' },
    });
    const engagement = await call(handler, { method: 'GET', path: `/engagements/${engagementId}` });

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.json.reason).toBe('phase-does-not-allow');
    expect(engagement.json.currentPhase).toBe(0);
  });

  it('keeps contributions to a pre-moderated engagement out of the public list until published', async () => {
    // Prepare
    const { engagementId } = await openEngagement({ moderation: 'pre' });
    const idea = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      body: { kind: 'idea', title: 'Quiet idea', body: 'Needs review.' },
    });
    const listed = () => call(handler, { method: 'GET', path: `/engagements/${engagementId}/contributions` });
    expect(idea.json.status).toBe('pending');
    expect((await listed()).json.items).toHaveLength(0);

    // Act
    const moderation = await call(handler, {
      method: 'POST',
      path: `/contributions/${idea.json.contributionId}/moderation`,
      role: 'coordinator',
      body: { action: 'publish', reason: 'On topic.' },
    });

    // Assess
    expect(moderation.json.status).toBe('published');
    expect((await listed()).json.items).toHaveLength(1);
  });

  it('refuses a comment whose parent is in another engagement', async () => {
    // Prepare
    const first = await publishedIdea();
    const other = await openEngagement();

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/engagements/${other.engagementId}/contributions`,
      body: { kind: 'comment', body: 'Lost.', parentId: first.contributionId },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.json.errors[0].path).toBe('body.parentId');
  });
});

describe('moderation', () => {
  it('hides a contribution with a reason, keeps an audit record and refuses votes on it', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();

    // Act
    const hidden = await call(handler, {
      method: 'POST',
      path: `/contributions/${contributionId}/moderation`,
      role: 'coordinator',
      body: { action: 'hide', reason: 'Personal attack.' },
    });
    const list = await call(handler, { method: 'GET', path: `/engagements/${engagementId}/contributions` });
    const voteOnHidden = await call(handler, {
      method: 'POST',
      path: `/contributions/${contributionId}/votes`,
      body: { participant: { email: 'dan@example.org' } },
    });

    // Assess
    expect(hidden.status).toBe(200);
    expect(hidden.json.status).toBe('hidden');
    expect(list.json.items).toHaveLength(0);
    expect(voteOnHidden.status).toBe(404);
    const audit = (await allItems()).filter(
      (i) => i.pk === `CONTRIBUTION#${contributionId}` && String(i.sk).startsWith('MODERATION#'),
    );
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'hide',
        reason: 'Personal attack.',
        fromStatus: 'published',
        toStatus: 'hidden',
        moderatorId: 'staff-coordinator',
      }),
    ]);
  });

  it('keeps a flagged contribution visible', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();

    // Act
    await call(handler, {
      method: 'POST',
      path: `/contributions/${contributionId}/moderation`,
      role: 'coordinator',
      body: { action: 'flag', reason: 'Check facts.' },
    });
    const list = await call(handler, { method: 'GET', path: `/engagements/${engagementId}/contributions` });

    // Assess
    expect(list.json.items[0]).toMatchObject({ contributionId, status: 'flagged' });
  });

  it('answers 401 without a staff token and 403 for an analyst', async () => {
    // Prepare
    const { contributionId } = await publishedIdea();
    const request = {
      method: 'POST',
      path: `/contributions/${contributionId}/moderation`,
      body: { action: 'hide', reason: 'Spam here.' },
    };

    // Act
    const anonymous = await call(handler, request);
    const analyst = await call(handler, { ...request, role: 'analyst' });

    // Assess
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect(analyst.status).toBe(403);
  });
});
