import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler as consentConsumer } from '../../functions/impact/consent-consumer';
import { dynamoLedgerStore } from '../../functions/impact/dynamo-ledger-store';
import { computeFigures } from '../../functions/impact/figures';
import { activityLedger } from '../../functions/impact/ledger';
import { personalDataHolder } from '../../functions/impact/published';
import { participantIdentity } from '../../shared/config/secrets';
import { includingExpired } from '../../shared/db/retention-filter';
import { newId } from '../../shared/domain/ids';
import { consentWordingVersion } from '../../shared/privacy/consents';
import type { Person } from '../../shared/privacy/person';
import { allItems } from '../support/api';
import { itemsPastRetention } from '../support/retention';

/**
 * Impact's part in residents' privacy: a person's activity records and first-seen items read out
 * (and nobody else's), erased and ended by retention under a pseudonym so every figure stays, and
 * their shared profile removed when they withdraw consent to share demographics.
 */

const ledger = activityLedger(dynamoLedgerStore);
const timeZone = 'UTC';

const personOf = async (email: string): Promise<Person> => ({
  email,
  participantHash: await participantIdentity(email),
});

/** A vote by `person` in `initiativeId` on `day`, through the ledger as its consumer files it. */
async function vote(person: Person, initiativeId: string, day: string) {
  await ledger.recordActivity(
    'VoteCast',
    {
      eventId: newId(),
      occurredAt: `${day}T10:00:00.000Z`,
      contributionId: newId(),
      engagementId: newId(),
      initiativeId,
      participantHash: person.participantHash,
    },
    timeZone,
  );
}

/** Two residents active on two days of a period (its own days, so tests do not see each other's). */
async function twoResidents(days: readonly [string, string]) {
  const alice = await personOf(`alice.${newId().toLowerCase()}@example.org`);
  const bob = await personOf(`bob.${newId().toLowerCase()}@example.org`);
  const initiative = newId();
  const bobsInitiative = newId();
  await vote(alice, initiative, days[0]);
  await vote(alice, initiative, days[1]);
  await vote(bob, bobsInitiative, days[1]);
  return { alice, bob, initiative, bobsInitiative };
}

/** The city's figures of these days, as the summary job compiles them from the ledger. */
async function figures(days: readonly string[]) {
  const records = await dynamoLedgerStore.activityOfDays(days);
  const hashes = [...new Set(records.flatMap((record) => record.participantHash ?? []))];
  const firstSeen = await dynamoLedgerStore.firstSeen(hashes, undefined);
  const { uniqueParticipants, newParticipants, returningParticipants, votes } = computeFigures(
    records,
    { firstSeen, shiftSeats: { confirmed: 0, capacity: 0 }, partnershipsActive: 0 },
    new Date(`${days[0]}T00:00:00.000Z`),
  );
  return { uniqueParticipants, newParticipants, returningParticipants, votes };
}

/** Impact's items, expired ones included, as JSON: what a scan for a person's traces reads. */
const impactItems = async () =>
  JSON.stringify(
    (await includingExpired(() => allItems())).filter((item) =>
      /^(ACTIVITY|PARTICIPANT|SUMMARY|IMPACT)#/.test(String(item.pk)),
    ),
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('a participant’s activity records', () => {
  it('exports what a person did and when they were first seen, and nothing of anyone else', async () => {
    // Prepare
    const { alice, initiative, bobsInitiative } = await twoResidents(['2026-03-02', '2026-03-03']);

    // Act
    const records = await personalDataHolder.personalDataOf(alice);

    // Assess
    expect(records).toEqual([
      {
        entity: 'Activity',
        records: [
          {
            kind: 'vote',
            at: '2026-03-02T10:00:00.000Z',
            initiativeId: initiative,
            neighbourhood: null,
            ageBand: null,
          },
          {
            kind: 'vote',
            at: '2026-03-03T10:00:00.000Z',
            initiativeId: initiative,
            neighbourhood: null,
            ageBand: null,
          },
        ],
      },
      {
        entity: 'ParticipantFirstSeen',
        records: expect.arrayContaining([
          { scope: 'city', firstSeenAt: '2026-03-02T10:00:00.000Z' },
          { scope: initiative, firstSeenAt: '2026-03-02T10:00:00.000Z' },
        ]),
      },
    ]);
    expect(records[1]?.records).toHaveLength(2);
    expect(JSON.stringify(records)).not.toContain(bobsInitiative);
    expect(JSON.stringify(records)).not.toContain(alice.participantHash);
  });

  it('erases a person under a pseudonym: every figure stays, and a second erasure writes nothing', async () => {
    // Prepare
    const days = ['2026-04-06', '2026-04-07'] as const;
    const { alice, bob } = await twoResidents(days);
    const before = await figures(days);

    // Act
    await personalDataHolder.erasePerson(alice, { erasedAs: 'pseudonym-1', now: new Date() });

    // Assess
    const after = await impactItems();
    expect(after).not.toContain(alice.participantHash);
    expect(after).toContain(bob.participantHash);
    expect(after).toContain('PARTICIPANT#ERASED#pseudonym-1');
    expect(await figures(days)).toEqual(before);
    expect(before).toMatchObject({ uniqueParticipants: 2, votes: 3 });
    expect(await personalDataHolder.personalDataOf(alice)).toEqual([]);

    // Act: again
    await personalDataHolder.erasePerson(alice, { erasedAs: 'pseudonym-2', now: new Date() });

    // Assess: nothing changed
    expect(await impactItems()).toBe(after);
  });

  it('hides records past their retention, then anonymises them without changing the figures', async () => {
    // Prepare
    const days = ['2026-05-04', '2026-05-05'] as const;
    const { alice } = await twoResidents(days);
    const before = await figures(days);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.now() + 1096 * 24 * 3600 * 1000));
    const now = new Date();
    const due = () => itemsPastRetention(now, (item) => /^(ACTIVITY|PARTICIPANT)#/.test(String(item.pk)));

    // Act
    const hidden = await figures(days);
    const exportedWhileDue = await personalDataHolder.personalDataOf(alice);
    await personalDataHolder.applyRetention(await due(), now);

    // Assess
    expect(hidden.votes).toBe(0);
    expect(exportedWhileDue).toEqual([]);
    expect(await figures(days)).toEqual(before);
    expect(await impactItems()).not.toContain(alice.participantHash);
    expect(await due()).toEqual([]);
  });

  it('removes a person’s shared profile from their records when they withdraw consent to share demographics', async () => {
    // Prepare
    const alice = await personOf('alice.profile@example.org');
    const bob = await personOf('bob.profile@example.org');
    const profile = { neighbourhood: 'Riverside', ageBand: '25-34' };
    const file = (person: Person) =>
      dynamoLedgerStore.fileActivity('2026-06-01', 0, {
        eventId: newId(),
        kind: 'survey-response',
        at: '2026-06-01T10:00:00.000Z',
        initiativeId: 'initiative-1',
        participantHash: person.participantHash,
        ...profile,
      });
    await file(alice);
    await file(bob);
    const withdrawal = (person: Person, purpose: 'demographics' | 'contact') => ({
      version: '0',
      id: newId(),
      'detail-type': 'ConsentWithdrawn',
      source: 'civic.privacy',
      account: '123456789012',
      time: '2026-06-02T10:00:00Z',
      region: 'eu-west-1',
      resources: [],
      detail: {
        eventId: newId(),
        occurredAt: '2026-06-02T10:00:00.000Z',
        participantHash: person.participantHash,
        purpose,
        wordingVersion: consentWordingVersion(purpose),
        channel: 'web',
        context: 'privacy',
      },
    });
    const recordsOf = async (person: Person) =>
      (await personalDataHolder.personalDataOf(person)).find((entity) => entity.entity === 'Activity')
        ?.records;

    // Act
    await consentConsumer(withdrawal(bob, 'contact'));
    await consentConsumer(withdrawal(alice, 'demographics'));

    // Assess
    expect(await recordsOf(alice)).toEqual([expect.objectContaining({ neighbourhood: null, ageBand: null })]);
    expect(await recordsOf(bob)).toEqual([expect.objectContaining(profile)]);
  });
});
