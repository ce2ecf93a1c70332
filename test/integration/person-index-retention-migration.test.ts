import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { contexts } from '../../functions/contexts';
import { documentClient } from '../../shared/db/client';
import { personIndexRetentionMigration } from '../../shared/db/migrations/person-index-retention';
import { runTableMigrations } from '../../shared/db/migrations/run';
import { includingExpired } from '../../shared/db/retention-filter';
import { retentionAttributes } from '../../shared/privacy/retention';
import { allItems } from '../support/api';

const tableName = () => process.env.TABLE_NAME as string;
const put = (item: Record<string, unknown>) =>
  documentClient.send(new PutCommand({ TableName: tableName(), Item: item }));
const get = async (pk: string, sk: string) =>
  (
    await includingExpired(() =>
      documentClient.send(new GetCommand({ TableName: tableName(), Key: { pk, sk } })),
    )
  ).Item;
const lines: string[] = [];
const options = { client: documentClient, tableName: tableName(), log: (line: string) => lines.push(line) };

/** The retention an entity's item written at `at` must carry, by its context's declaration. */
const retentionOf = (entity: string, at: string) => {
  const declaration = contexts
    .flatMap((context) => context.personalData ?? [])
    .find((d) => d.entity === entity);
  if (!declaration) throw new Error(`undeclared ${entity}`);
  return retentionAttributes(declaration, new Date(at));
};

const ana = 'anaHashAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const ben = 'benHashBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

/** Items as releases before issue 13 wrote them: no retention, no person index. */
async function writeOldShapes() {
  await put({
    pk: 'CONTRIBUTION#C1',
    sk: '#META',
    type: 'Contribution',
    status: 'published',
    title: 'Splash pad',
    participantHash: ana,
    createdAt: '2025-01-10T10:00:00.000Z',
  });
  // Awaiting moderation: kept like any contribution, nothing lapses.
  await put({
    pk: 'CONTRIBUTION#C2',
    sk: '#META',
    type: 'Contribution',
    status: 'pending',
    title: 'Benches',
    participantHash: ben,
    createdAt: '2025-02-10T10:00:00.000Z',
  });
  await put({
    pk: 'CONTRIBUTION#C1',
    sk: `VOTE#${ana}`,
    type: 'Vote',
    status: 'counted',
    castAt: '2025-03-01T08:00:00.000Z',
  });
  // A vote awaiting its confirmation: its expiresAt is the link's lapse deadline.
  await put({
    pk: 'CONTRIBUTION#C1',
    sk: `VOTE#${ben}`,
    type: 'Vote',
    status: 'pending',
    lapsesAt: 1_740_000_000,
    expiresAt: 1_740_600_000,
  });
  await put({
    pk: 'FEEDBACK#F1',
    sk: '#META',
    type: 'Feedback',
    rating: 4,
    givenAt: '2025-04-01T00:00:00.000Z',
  });
  await put({
    pk: 'FEEDBACK#F2',
    sk: '#META',
    type: 'Feedback',
    rating: 2,
    comment: 'Too loud',
    givenAt: '2025-04-02T00:00:00.000Z',
  });
  await put({
    pk: 'DIGEST_SUBSCRIPTION#D1',
    sk: '#META',
    type: 'DigestSubscription',
    email: 'reader@city.example.gov',
    status: 'active',
    createdAt: '2024-01-01T00:00:00.000Z',
    unsubscribeTokens: [
      { hash: 'h2', issuedAt: '2025-06-02T07:00:00.000Z' },
      { hash: 'h1', issuedAt: '2025-05-26T07:00:00.000Z' },
    ],
  });
  await put({
    pk: 'OUTBOX#E1',
    sk: 'EVENT',
    type: 'OutboxEvent',
    detail: { participantHash: ana },
    expiresAt: 1_750_000_000,
  });
  await put({ pk: 'ENGAGEMENT#E1', sk: '#META', type: 'Engagement', createdAt: '2025-01-01T00:00:00.000Z' });
}

describe('migration 0003: retention and the person index for old items', () => {
  it('gives personal items their retention from when they were written and indexes keyed identities by person', async () => {
    // Prepare
    await writeOldShapes();

    // Act
    await personIndexRetentionMigration.run(options);

    // Assess
    expect(await get('CONTRIBUTION#C1', '#META')).toMatchObject({
      ...retentionOf('Contribution', '2025-01-10T10:00:00.000Z'),
      gsi3pk: `PARTICIPATION#PERSON#${ana}`,
      gsi3sk: 'Contribution#CONTRIBUTION#C1##META',
    });
    expect(await get('CONTRIBUTION#C2', '#META')).toMatchObject({
      ...retentionOf('Contribution', '2025-02-10T10:00:00.000Z'),
      gsi3pk: `PARTICIPATION#PERSON#${ben}`,
    });
    expect(await get('CONTRIBUTION#C1', `VOTE#${ana}`)).toMatchObject({
      ...retentionOf('Vote', '2025-03-01T08:00:00.000Z'),
      participantHash: ana,
      gsi3pk: `PARTICIPATION#PERSON#${ana}`,
      gsi3sk: `Vote#CONTRIBUTION#C1#VOTE#${ana}`,
    });
    const pendingVote = await get('CONTRIBUTION#C1', `VOTE#${ben}`);
    expect(pendingVote).toMatchObject({ expiresAt: 1_740_600_000, gsi3pk: `PARTICIPATION#PERSON#${ben}` });
    expect(pendingVote?.retention).toBeUndefined();
    expect(await get('FEEDBACK#F1', '#META')).not.toHaveProperty('expiresAt');
    expect(await get('FEEDBACK#F2', '#META')).toMatchObject(
      retentionOf('Feedback', '2025-04-02T00:00:00.000Z'),
    );
    // A year from its last digest, not from its creation.
    expect(await get('DIGEST_SUBSCRIPTION#D1', '#META')).toMatchObject(
      retentionOf('DigestSubscription', '2025-06-02T07:00:00.000Z'),
    );
    expect(await get('OUTBOX#E1', 'EVENT')).toMatchObject({ expiresAt: 1_750_000_000 });
    expect(await get('OUTBOX#E1', 'EVENT')).not.toHaveProperty('retention');
    expect(await get('ENGAGEMENT#E1', '#META')).not.toHaveProperty('expiresAt');
    expect(lines.at(-1)).toMatch(/^scanned \d+ item\(s\): 5 given retention, 4 indexed by person/);
    expect(lines.join('\n')).not.toContain(ana);
  });

  it('changes nothing on a second run, nor what new code already wrote', async () => {
    // Prepare
    await runTableMigrations(options);
    const written = retentionOf('Contribution', '2026-01-01T00:00:00.000Z');
    await put({
      pk: 'CONTRIBUTION#C9',
      sk: '#META',
      type: 'Contribution',
      status: 'published',
      title: 'Library hours',
      participantHash: ana,
      createdAt: '2024-01-01T00:00:00.000Z',
      ...written,
      gsi3pk: `PARTICIPATION#PERSON#${ana}`,
      gsi3sk: 'Contribution#CONTRIBUTION#C9##META',
    });
    const before = await includingExpired(() => allItems());

    // Act
    await personIndexRetentionMigration.run(options);

    // Assess
    expect(await includingExpired(() => allItems())).toEqual(before);
    expect(await get('CONTRIBUTION#C9', '#META')).toMatchObject(written);
  });

  it('never indexes an erased key’s pseudonym as a person', async () => {
    // Prepare
    await put({ pk: 'CONTRIBUTION#C3', sk: 'VOTE#ERASED#pseudonym1', type: 'Vote', status: 'counted' });

    // Act
    await personIndexRetentionMigration.run(options);

    // Assess
    const erased = await get('CONTRIBUTION#C3', 'VOTE#ERASED#pseudonym1');
    expect(erased).not.toHaveProperty('gsi3pk');
    expect(erased).not.toHaveProperty('participantHash');
    expect(erased).not.toHaveProperty('retention');
  });
});
