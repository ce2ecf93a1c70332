import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contexts } from '../../functions/contexts';
import { handler as ledger } from '../../functions/impact/ledger-consumer';
import { handler } from '../../functions/participation/handler';
import { handler as consentLedger } from '../../functions/privacy/consent-ledger-consumer';
import { dynamoRetentionScan } from '../../functions/privacy/dynamo-retention-scan';
import { runRetention } from '../../functions/privacy/retention';
import { handler as retentionJob } from '../../functions/privacy/retention-job';
import { handler as surveys } from '../../functions/surveys/handler';
import { participantIdentity } from '../../shared/config/secrets';
import { documentClient } from '../../shared/db/client';
import { includingExpired } from '../../shared/db/retention-filter';
import type { PersonalDataHolder, RetentionDue } from '../../shared/privacy/person';
import { allItems, call } from '../support/api';
import { createDelivery } from '../support/events';
import { pendingVote, publishedIdea } from '../support/fixtures';
import { leaveAFootprint } from '../support/footprint';

const day = 24 * 60 * 60;
const silent = { info: () => {}, error: () => {} };

/** A holder that only records what it is handed (and fails when told to). */
function recordingHolder(context: string, fails = false) {
  const handed: RetentionDue[] = [];
  const holder: PersonalDataHolder = {
    context,
    personalDataOf: async () => [],
    erasePerson: async () => {},
    applyRetention: async (due) => {
      if (fails) throw new Error('the context is down');
      handed.push(...due);
    },
  };
  return { holder, handed };
}

const put = (item: Record<string, unknown>) =>
  documentClient.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: item }));

const voteCount = async (engagementId: string, contributionId: string) => {
  const list = await call(handler, { method: 'GET', path: `/engagements/${engagementId}/contributions` });
  return list.json.items.find((c: { contributionId: string }) => c.contributionId === contributionId)
    ?.voteCount;
};

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Items the first tests put by hand lie in 2041, far past the clock of the last test, so only the
 * vote it makes is due when it runs the real job.
 */
describe('the retention job', () => {
  it('hands each due item to its owning context, those to anonymise two days early', async () => {
    // Prepare
    const now = new Date('2041-03-01T00:00:00.000Z');
    const at = Math.floor(now.getTime() / 1000);
    const scope = 'SCOPE1';
    await put({
      pk: `CONTRIBUTION#${scope}a`,
      sk: 'META',
      type: 'Contribution',
      expiresAt: at + day,
      retention: 'anonymise',
    });
    await put({
      pk: `CONTRIBUTION#${scope}b`,
      sk: 'META',
      type: 'Contribution',
      expiresAt: at + 3 * day,
      retention: 'anonymise',
    });
    await put({
      pk: `PRIVACY#PERSON#${scope}`,
      sk: 'CONSENT#a',
      type: 'ConsentRecord',
      expiresAt: at - 1,
      retention: 'delete',
    });
    await put({
      pk: `PRIVACY#PERSON#${scope}`,
      sk: 'CONSENT#b',
      type: 'ConsentRecord',
      expiresAt: at + day,
      retention: 'delete',
    });
    // A lapse deadline carries no `retention`: never the job's, though past its `expiresAt`.
    await put({ pk: `VOTE#${scope}`, sk: 'CONFIRMATION', type: 'VoteConfirmation', expiresAt: at - day });
    const participation = recordingHolder('participation');
    const privacy = recordingHolder('privacy');

    // Act
    const run = await runRetention(
      { scan: dynamoRetentionScan, holders: [participation.holder, privacy.holder], log: silent },
      now,
    );

    // Assess
    expect(participation.handed.filter((item) => item.pk.includes(scope))).toEqual([
      {
        pk: `CONTRIBUTION#${scope}a`,
        sk: 'META',
        type: 'Contribution',
        expiresAt: at + day,
        retention: 'anonymise',
      },
    ]);
    expect(privacy.handed.filter((item) => item.pk.includes(scope))).toEqual([
      {
        pk: `PRIVACY#PERSON#${scope}`,
        sk: 'CONSENT#a',
        type: 'ConsentRecord',
        expiresAt: at - 1,
        retention: 'delete',
      },
    ]);
    expect(run.scanned).toBeGreaterThanOrEqual(5);
  });

  it('goes on past a failing context, then fails naming it', async () => {
    // Prepare
    const now = new Date('2041-04-01T00:00:00.000Z');
    const at = Math.floor(now.getTime() / 1000);
    await put({
      pk: 'CONTRIBUTION#FAILS',
      sk: 'META',
      type: 'Contribution',
      expiresAt: at - day,
      retention: 'anonymise',
    });
    await put({
      pk: 'PRIVACY#PERSON#FAILS',
      sk: 'CONSENT#a',
      type: 'ConsentRecord',
      expiresAt: at - day,
      retention: 'delete',
    });
    const participation = recordingHolder('participation', true);
    const privacy = recordingHolder('privacy');

    // Act
    const run = runRetention(
      { scan: dynamoRetentionScan, holders: [participation.holder, privacy.holder], log: silent },
      now,
    );

    // Assess
    await expect(run).rejects.toThrow('Retention failed in: participation');
    expect(privacy.handed.map((item) => item.pk)).toContain('PRIVACY#PERSON#FAILS');
  });

  it('counts items no context takes apart, and hands them to no one', async () => {
    // Prepare
    const now = new Date('2041-05-01T00:00:00.000Z');
    const at = Math.floor(now.getTime() / 1000);
    await put({ pk: 'NOBODY#1', sk: 'META', type: 'Stray', expiresAt: at - day, retention: 'delete' });
    const privacy = recordingHolder('privacy');

    // Act
    const run = await runRetention(
      { scan: dynamoRetentionScan, holders: [privacy.holder], log: silent },
      now,
    );

    // Assess
    expect(run.unowned).toBeGreaterThanOrEqual(1);
    expect(privacy.handed.map((item) => item.pk)).not.toContain('NOBODY#1');
  });

  it('anonymises a counted vote past its retention: hidden from reads first, then kept without its voter', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();
    const link = await pendingVote(contributionId, 'ana@example.org');
    await call(handler, { method: 'POST', path: link.path, body: { token: link.token } });
    const counted = await voteCount(engagementId, contributionId);
    const hash = await participantIdentity('ana@example.org');
    const votesOf = (items: Record<string, unknown>[]) =>
      items.filter((item) => item.type === 'Vote' && item.pk === `CONTRIBUTION#${contributionId}`);
    vi.useFakeTimers({ toFake: ['Date'] });
    // Past the vote's two years (730 days, and the contribution's).
    const now = new Date(Date.now() + 731 * day * 1000);
    vi.setSystemTime(now);

    // Act
    const whileDue = votesOf(await allItems());
    await retentionJob({ now: now.toISOString() });
    await retentionJob({ now: now.toISOString() });

    // Assess
    expect(counted).toBe(1);
    expect(whileDue).toEqual([]);
    const kept = votesOf(await includingExpired(allItems));
    expect(kept).toHaveLength(1);
    expect(kept[0]).not.toHaveProperty('retention');
    expect(kept[0]).not.toHaveProperty('gsi3pk');
    // The outbox's own TTL (7 days) removes its events in the cloud; DynamoDB Local keeps them.
    const table = (await includingExpired(allItems)).filter((item) => !String(item.pk).startsWith('OUTBOX#'));
    expect(JSON.stringify(table)).not.toContain(hash);
    expect(await voteCount(engagementId, contributionId)).toBe(1);
  });
});

describe('the retention job over a whole footprint', () => {
  it('leaves nothing of a resident once every retention has ended, and every count as it was', async () => {
    // Prepare
    const ana = {
      name: 'Ana Retention-Tester',
      email: 'ana.retention@example.org',
      phone: '+44 20 7946 0111',
    };
    const footprint = await leaveAFootprint(ana);
    await createDelivery(ledger)();
    // As the bus routes them: only consents reach the ledger.
    await createDelivery(async (event) => {
      if (event['detail-type'] === 'ConsentRecorded') await consentLedger(event);
    })();
    const hash = await participantIdentity(ana.email);
    const totalResponses = async () =>
      (await call(surveys, { method: 'GET', path: `/surveys/${footprint.surveyId}/results`, role: 'admin' }))
        .json.totalResponses;
    const before = {
      votes: await voteCount(footprint.engagementId, footprint.contributionId),
      responses: await totalResponses(),
    };
    const heldBefore = (await includingExpired(allItems)).filter(
      (item) => !String(item.pk).startsWith('OUTBOX#'),
    );
    vi.useFakeTimers({ toFake: ['Date'] });
    // Past the longest retention any entity declares.
    const longest = Math.max(
      ...contexts.flatMap((context) => (context.personalData ?? []).map((entity) => entity.retentionDays)),
    );
    const now = new Date(Date.now() + (longest + 3) * day * 1000);
    vi.setSystemTime(now);

    // Act
    await retentionJob({ now: now.toISOString() });

    // Assess
    expect(JSON.stringify(heldBefore)).toContain(hash);
    expect(heldBefore.filter((item) => item.type === 'ConsentRecord').length).toBeGreaterThan(0);
    expect(before).toEqual({ votes: 1, responses: 1 });
    // The outbox's own TTL (7 days) removes its events in the cloud; DynamoDB Local keeps them.
    const table = (await includingExpired(allItems)).filter((item) => !String(item.pk).startsWith('OUTBOX#'));
    const text = JSON.stringify(table);
    expect(text).not.toContain(ana.email);
    expect(text).not.toContain(ana.phone);
    expect(text).not.toContain(hash);
    // A contribution's text is the consultation's public record once nothing links it to its author.
    const named = table.filter((item) => JSON.stringify(item).includes(ana.name));
    expect(named.map((item) => item.type)).toEqual(['Contribution']);
    expect(named[0]).not.toHaveProperty('contact');
    expect({
      votes: await voteCount(footprint.engagementId, footprint.contributionId),
      responses: await totalResponses(),
    }).toEqual(before);
  });
});
