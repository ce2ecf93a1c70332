import type { EventBridgeEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { participation } from '../../functions/participation/api';
import { handler as contactConsent } from '../../functions/participation/contact-consent-consumer';
import { dynamoParticipationStore } from '../../functions/participation/dynamo-store';
import { handler } from '../../functions/participation/handler';
import { personalDataHolder } from '../../functions/participation/published';
import { matchesPattern } from '../../infra/local/event-pattern';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import { participantIdentity } from '../../shared/config/secrets';
import { includingExpired } from '../../shared/db/retention-filter';
import { newId } from '../../shared/domain/ids';
import { canonicalEmail } from '../../shared/domain/participant';
import { consentWordingVersion } from '../../shared/privacy/consents';
import type { Person, RetentionDue } from '../../shared/privacy/person';
import { allItems, call } from '../support/api';
import { outboxEvents } from '../support/events';
import { openEngagement, pendingVote } from '../support/fixtures';
import { asRetentionDue } from '../support/retention';

/**
 * Participation's part in residents' privacy (`personalDataHolder` in published.ts and the
 * `contact-consent` consumer): export, erasure, retention and the withdrawal of the consent to be
 * contacted, each checked against the table itself.
 */

const day = 24 * 3600_000;
const participationTypes = ['Contribution', 'Vote', 'VoteConfirmation', 'ModerationRecord'];

const resident = (name: string) => {
  const tag = newId().slice(-8).toLowerCase();
  return { name: `${name} Q${tag}`, email: `${name.toLowerCase()}.${tag}@example.org` };
};

async function personOf(who: { email: string }): Promise<Person> {
  return { email: canonicalEmail(who.email), participantHash: await participantIdentity(who.email) };
}

async function contribute(engagementId: string, body: Record<string, unknown>): Promise<string> {
  const answer = await call(handler, {
    method: 'POST',
    path: `/engagements/${engagementId}/contributions`,
    body,
  });
  if (answer.status !== 201) throw new Error(`contribution: ${answer.body}`);
  return answer.json.contributionId as string;
}

async function confirmedVote(contributionId: string, email: string): Promise<void> {
  const link = await pendingVote(contributionId, email);
  const confirmed = await call(handler, { method: 'POST', path: link.path, body: { token: link.token } });
  if (confirmed.status !== 200) throw new Error(`confirmation: ${confirmed.body}`);
}

/**
 * Two residents' footprints in one engagement: Alice's idea (with contact consent), her comment on
 * Bob's idea, her counted vote for it, her pending vote for an anonymous idea, and her vote under
 * `open` assurance in a second engagement; Bob's idea (with contact consent) and his vote for Alice's.
 */
async function twoFootprints() {
  const alice = resident('Alice');
  const bob = resident('Bob');
  const { engagementId } = await openEngagement();
  const aliceIdea = await contribute(engagementId, {
    kind: 'idea',
    title: `A reading garden for ${alice.name}`,
    body: `Quiet benches under the limes, says ${alice.name}.`,
    participant: { ...alice, consentToContact: true },
  });
  const bobIdea = await contribute(engagementId, {
    kind: 'idea',
    title: 'A skate park',
    body: `Ramps and a bowl, says ${bob.name}.`,
    participant: { ...bob, consentToContact: true },
  });
  const aliceComment = await contribute(engagementId, {
    kind: 'comment',
    parentId: bobIdea,
    body: `Agreed, and lights too. ${alice.name}`,
    participant: { email: alice.email },
  });
  const spareIdea = await contribute(engagementId, { kind: 'idea', title: 'More trees', body: 'Shade.' });
  await confirmedVote(bobIdea, alice.email);
  await confirmedVote(aliceIdea, bob.email);
  await pendingVote(spareIdea, alice.email);
  const open = await openEngagement({ voteAssurance: 'open' });
  const openIdea = await contribute(open.engagementId, {
    kind: 'idea',
    title: 'A night market',
    body: 'Stalls.',
  });
  const counted = await call(handler, {
    method: 'POST',
    path: `/contributions/${openIdea}/votes`,
    body: { participant: { email: alice.email } },
  });
  if (counted.status !== 202) throw new Error(`open vote: ${counted.body}`);
  return {
    alice,
    bob,
    engagementId,
    ideas: { aliceIdea, bobIdea, aliceComment, spareIdea, openIdea },
  };
}

/** Every count participation shows of these contributions: vote and reply counts, and the staff tally. */
async function countsOf(contributionIds: readonly string[]) {
  return includingExpired(() =>
    Promise.all(
      contributionIds.map(async (contributionId) => {
        const contribution = await dynamoParticipationStore.getContribution(contributionId);
        const { counted, countedUnconfirmed } = await dynamoParticipationStore.tallyVotes(
          contributionId,
          new Date(),
        );
        return {
          contributionId,
          voteCount: contribution?.voteCount,
          replyCount: contribution?.replyCount,
          counted,
          countedUnconfirmed,
        };
      }),
    ),
  );
}

/** The participation items holding any of these strings anywhere (case-insensitive), as `type pk sk`. */
async function itemsHolding(traces: readonly string[]): Promise<Record<string, unknown>[]> {
  const wanted = traces.map((trace) => trace.toLowerCase());
  return (await includingExpired(allItems)).filter(
    (item) =>
      participationTypes.includes(String(item.type)) &&
      wanted.some((trace) => JSON.stringify(item).toLowerCase().includes(trace)),
  );
}

/** Every item of the table, expired ones too, as sorted JSON. */
const snapshot = async () =>
  (await includingExpired(allItems)).map((item) => JSON.stringify(item)).sort((a, b) => a.localeCompare(b));

async function publicList(engagementId: string, parentId?: string) {
  const answer = await call(handler, {
    method: 'GET',
    path: `/engagements/${engagementId}/contributions`,
    query: parentId ? { parentId } : {},
  });
  expect(answer.status, answer.body).toBe(200);
  return answer.json.items as Record<string, unknown>[];
}

afterEach(() => {
  vi.useRealTimers();
  delete process.env.ERASED_CONTRIBUTIONS;
  resetRuntimeConfig();
});

describe('a resident’s participation data, exported', () => {
  it('holds their contributions, votes and vote confirmations, and nothing of another resident', async () => {
    // Prepare
    const { alice, bob, ideas } = await twoFootprints();
    const bobHash = await participantIdentity(bob.email);

    // Act
    const exported = await personalDataHolder.personalDataOf(await personOf(alice));

    // Assess
    const records = Object.fromEntries(exported.map(({ entity, records }) => [entity, records]));
    expect(Object.keys(records).sort()).toEqual(['Contribution', 'Vote', 'VoteConfirmation']);
    expect(records.Contribution).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          contributionId: ideas.aliceIdea,
          kind: 'idea',
          title: `A reading garden for ${alice.name}`,
          engagementTitle: 'What should the new park have?',
          status: 'published',
          voteCount: 1,
          contactEmail: canonicalEmail(alice.email),
          contactName: alice.name,
          consentToContact: true,
        }),
        expect.objectContaining({
          contributionId: ideas.aliceComment,
          kind: 'comment',
          parentId: ideas.bobIdea,
        }),
      ]),
    );
    expect(records.Contribution).toHaveLength(2);
    expect(
      (records.Vote ?? []).map(({ contributionId, contributionTitle, status }) => ({
        contributionId,
        contributionTitle,
        status,
      })),
    ).toEqual(
      expect.arrayContaining([
        { contributionId: ideas.bobIdea, contributionTitle: 'A skate park', status: 'counted' },
        { contributionId: ideas.spareIdea, contributionTitle: 'More trees', status: 'pending' },
        { contributionId: ideas.openIdea, contributionTitle: 'A night market', status: 'counted' },
      ]),
    );
    expect(records.Vote).toHaveLength(3);
    expect(records.VoteConfirmation).toHaveLength(2);
    const text = JSON.stringify(exported).toLowerCase();
    for (const trace of [bob.email, bob.name, bobHash, 'Ramps and a bowl', 'tokenHash', 'gsi3'])
      expect(text).not.toContain(trace.toLowerCase());
  });
});

describe('a resident’s participation data, erased', () => {
  it('takes out their text, contact and identity while their contributions and votes still count', async () => {
    // Prepare
    const { alice, bob, engagementId, ideas } = await twoFootprints();
    const person = await personOf(alice);
    const counts = await countsOf(Object.values(ideas));
    const bobExport = await personalDataHolder.personalDataOf(await personOf(bob));

    // Act
    await personalDataHolder.erasePerson(person, { erasedAs: newId(), now: new Date() });

    // Assess
    // Her name is in her titles and bodies, so they count as traces too.
    const left = await itemsHolding([alice.email, alice.name, person.participantHash]);
    expect(left).toEqual([]);
    expect(await countsOf(Object.values(ideas))).toEqual(counts);
    const listed = await publicList(engagementId);
    const removed = listed.find((item) => item.contributionId === ideas.aliceIdea);
    expect(removed).toMatchObject({ removed: 'author-request', body: '', voteCount: 1 });
    expect(removed).not.toHaveProperty('title');
    expect(listed.find((item) => item.contributionId === ideas.bobIdea)).toMatchObject({
      title: 'A skate park',
      replyCount: 1,
      voteCount: 1,
    });
    expect(await publicList(engagementId, ideas.bobIdea)).toEqual([
      expect.objectContaining({ contributionId: ideas.aliceComment, removed: 'author-request', body: '' }),
    ]);
    expect(await personalDataHolder.personalDataOf(person)).toEqual([]);
    const bobAfter = await personalDataHolder.personalDataOf(await personOf(bob));
    expect(bobAfter.find((entity) => entity.entity === 'Contribution')).toEqual(
      bobExport.find((entity) => entity.entity === 'Contribution'),
    );
  });

  it('writes nothing when the same resident is erased again', async () => {
    // Prepare
    const { alice } = await twoFootprints();
    const person = await personOf(alice);
    await personalDataHolder.erasePerson(person, { erasedAs: newId(), now: new Date() });
    const before = await snapshot();

    // Act
    await personalDataHolder.erasePerson(person, { erasedAs: newId(), now: new Date() });

    // Assess
    expect(await snapshot()).toEqual(before);
  });

  it('drops their contributions from the public lists when erased contributions are hidden', async () => {
    // Prepare
    process.env.ERASED_CONTRIBUTIONS = 'hidden';
    resetRuntimeConfig();
    const { alice, engagementId, ideas } = await twoFootprints();
    const counts = await countsOf(Object.values(ideas));

    // Act
    await personalDataHolder.erasePerson(await personOf(alice), { erasedAs: newId(), now: new Date() });
    const republished = await call(handler, {
      method: 'POST',
      path: `/contributions/${ideas.aliceIdea}/moderation`,
      role: 'coordinator',
      body: { action: 'publish', reason: 'Published again by mistake.' },
    });

    // Assess
    expect(republished.status, republished.body).toBe(200);
    const listed = (await publicList(engagementId)).map((item) => item.contributionId);
    expect(listed).toContain(ideas.bobIdea);
    expect(listed).not.toContain(ideas.aliceIdea);
    expect(await publicList(engagementId, ideas.bobIdea)).toEqual([]);
    expect(await countsOf(Object.values(ideas))).toEqual(counts);
  });
});

describe('participation data past its retention', () => {
  /** What the `retention` job would hand participation: its items whose retention has ended. */
  async function dueItems(now: Date): Promise<RetentionDue[]> {
    return (await includingExpired(allItems))
      .filter(
        (item) =>
          participationTypes.includes(String(item.type)) &&
          typeof item.retention === 'string' &&
          Number(item.expiresAt) * 1000 <= now.getTime(),
      )
      .map(asRetentionDue);
  }

  it('reads as absent, then stays anonymously with every count unchanged', async () => {
    // Prepare
    const { alice, engagementId, ideas } = await twoFootprints();
    const person = await personOf(alice);
    const counts = await countsOf(Object.values(ideas));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 731 * day);
    const now = new Date();

    // Act
    const listedWhileDue = await publicList(engagementId);
    const exportedWhileDue = await personalDataHolder.personalDataOf(person);
    const due = await dueItems(now);
    await personalDataHolder.applyRetention(due, now);

    // Assess
    expect(listedWhileDue).toEqual([]);
    expect(
      exportedWhileDue.map(({ entity, records }) => [entity, records.map((r) => r.status ?? 'link')]),
    ).toEqual(
      // Only the vote still awaiting its (long lapsed) link, which lapses rather than expires.
      [
        ['Vote', ['pending']],
        ['VoteConfirmation', ['link']],
      ],
    );
    expect(new Set(due.map((item) => item.type))).toEqual(
      new Set(['Contribution', 'Vote', 'VoteConfirmation']),
    );
    expect(await dueItems(now)).toEqual([]);
    expect(await countsOf(Object.values(ideas))).toEqual(counts);
    const listed = await publicList(engagementId);
    expect(listed.find((item) => item.contributionId === ideas.aliceIdea)).toMatchObject({
      title: `A reading garden for ${alice.name}`,
      voteCount: 1,
    });
    // What still names Alice is the pending vote and its unused link (kept until their TTL, and
    // erasure deletes them); nothing that retention ended.
    const left = await itemsHolding([alice.email, person.participantHash]);
    expect(
      left.map((item) => `${item.type} ${item.status ?? ''}${item.confirmedAt ? 'used' : ''}`).sort(),
    ).toEqual(['Vote pending', 'VoteConfirmation ']);
    expect(
      (await allItems()).filter((item) => item.type === 'VoteConfirmation' && item.confirmedAt !== undefined),
    ).toEqual([]);
  });

  it('changes nothing when the same items are handed over again', async () => {
    // Prepare
    await twoFootprints();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 731 * day);
    const now = new Date();
    const due = await dueItems(now);
    await personalDataHolder.applyRetention(due, now);
    const before = await snapshot();

    // Act
    await personalDataHolder.applyRetention(due, now);

    // Assess
    expect(due.length).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
  });
});

describe('the consent to be contacted', () => {
  const withdrawal = (participantHash: string, purpose: string, occurredAt: string) =>
    ({
      version: '0',
      id: newId(),
      'detail-type': 'ConsentWithdrawn',
      source: 'civic.privacy',
      account: '123456789012',
      time: occurredAt,
      region: 'eu-west-1',
      resources: [],
      detail: {
        eventId: newId(),
        occurredAt,
        participantHash,
        purpose,
        wordingVersion: consentWordingVersion('contact'),
        channel: 'web',
        context: 'privacy',
      },
    }) as EventBridgeEvent<string, unknown>;

  const contactOf = async (contributionId: string) => {
    const stored = await dynamoParticipationStore.getContribution(contributionId);
    return { contact: stored?.contact, consentToContact: stored?.consentToContact };
  };

  it('goes to the consent ledger with the contribution that gave it, once', async () => {
    // Prepare
    const alice = resident('Alice');
    const hash = await participantIdentity(alice.email);
    const { engagementId } = await openEngagement();

    // Act
    await contribute(engagementId, {
      kind: 'idea',
      title: 'Water fountains',
      body: 'By the playground.',
      participant: { ...alice, consentToContact: true },
    });
    await contribute(engagementId, {
      kind: 'idea',
      title: 'Bike racks',
      body: 'By the gate.',
      participant: { email: alice.email },
    });

    // Assess
    const consents = await outboxEvents(
      (event) =>
        event['detail-type'] === 'ConsentRecorded' &&
        (event.detail as { participantHash?: string }).participantHash === hash,
    );
    expect(consents.map((event) => event.detail)).toEqual([
      expect.objectContaining({
        purpose: 'contact',
        wordingVersion: consentWordingVersion('contact'),
        channel: 'web',
        context: 'participation',
      }),
    ]);
  });

  it('routes only withdrawals of the consent to be contacted to the contact-consent consumer', async () => {
    // Prepare
    const consumer = participation.consumers?.find((candidate) => candidate.name === 'contact-consent');
    const hash = await participantIdentity(resident('Alice').email);
    const at = new Date().toISOString();

    // Act
    const routed = ['contact', 'demographics'].map((purpose) =>
      matchesPattern(consumer?.eventPattern ?? {}, withdrawal(hash, purpose, at)),
    );

    // Assess
    expect(consumer?.entry).toBe('functions/participation/contact-consent-consumer.ts');
    expect(routed).toEqual([true, false]);
  });

  it('is withdrawn from every earlier contribution of the person, once, keeping a consent given since', async () => {
    // Prepare
    const { alice, ideas } = await twoFootprints();
    const hash = await participantIdentity(alice.email);
    const withdrawnAt = new Date().toISOString();
    const { engagementId } = await openEngagement();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    const later = await contribute(engagementId, {
      kind: 'idea',
      title: 'A book swap',
      body: 'In the old kiosk.',
      participant: { ...alice, consentToContact: true },
    });
    await contactConsent(withdrawal(hash, 'demographics', withdrawnAt));
    const untouchedByOtherPurpose = await contactOf(ideas.aliceIdea);

    // Act
    const event = withdrawal(hash, 'contact', withdrawnAt);
    await contactConsent(event);
    const afterFirst = await snapshot();
    await contactConsent(event);

    // Assess
    expect(untouchedByOtherPurpose.contact?.email).toBe(canonicalEmail(alice.email));
    expect(await contactOf(ideas.aliceIdea)).toEqual({ contact: undefined, consentToContact: false });
    expect((await contactOf(ideas.bobIdea)).contact?.consentToContact).toBe(true);
    expect((await contactOf(later)).contact?.email).toBe(canonicalEmail(alice.email));
    expect(await snapshot()).toEqual(afterFirst);
  });
});
