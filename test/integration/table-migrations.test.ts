import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/db/client';
import { keys } from '../../shared/db/keys';
import { runTableMigrations, type TableMigration } from '../../shared/db/migrations/run';
import { allItems } from '../support/api';

const tableName = () => process.env.TABLE_NAME as string;
const put = (item: Record<string, unknown>) =>
  documentClient.send(new PutCommand({ TableName: tableName(), Item: item }));
const get = async (pk: string, sk: string) =>
  (await documentClient.send(new GetCommand({ TableName: tableName(), Key: { pk, sk } }))).Item;
const quiet = { client: documentClient, tableName: tableName(), log: () => undefined };

/** Items as a release before the context key spaces wrote them, all under participation's initiative. */
async function writeOldShapes(initiativeId: string) {
  const old = `INITIATIVE#${initiativeId}`;
  await put({ ...keys.initiative(initiativeId), ...keys.initiativeList(initiativeId), type: 'Initiative' });
  await put({ pk: 'ENGAGEMENT#E1', sk: '#META', gsi2pk: old, gsi2sk: 'ENGAGEMENT#E1', type: 'Engagement' });
  await put({ pk: 'SURVEY#S1', sk: '#META', gsi2pk: old, gsi2sk: 'SURVEY#S1', type: 'Survey' });
  await put({ pk: 'NEED#N1', sk: '#META', gsi2pk: old, gsi2sk: 'NEED#N1', type: 'Need' });
  await put({ pk: 'PARTNERSHIP#P1', sk: old, gsi2pk: old, gsi2sk: 'PARTNERSHIP#P1', type: 'Link' });
  await put({
    pk: 'OPPORTUNITY#O1',
    sk: '#META',
    gsi2pk: old,
    gsi2sk: 'OPPORTUNITY#O1',
    type: 'Opportunity',
  });
  await put({ pk: 'INDICATOR#I1', sk: '#META', gsi2pk: old, gsi2sk: 'INDICATOR#I1', type: 'Indicator' });
  await put({ pk: old, sk: 'PARTNER_TOTALS', currency: 'EUR', cashMinor: 1200, volunteerHours: 3 });
  await put({ pk: old, sk: 'LOGIC_MODEL', version: 2, inputs: ['staff time'] });
  await put({ pk: old, sk: 'REFLECTION#R1', whatWorked: 'Evening meetings' });
}

describe('table migrations', () => {
  it('moves other contexts’ records out of participation’s initiative partitions, once', async () => {
    // Prepare
    const initiativeId = '01J0000000000000000000INI1';
    await writeOldShapes(initiativeId);

    // Act
    const first = await runTableMigrations(quiet);
    const second = await runTableMigrations(quiet);

    // Assess
    expect(first).toEqual([
      '0001-context-key-spaces',
      '0002-contribution-contact-consent',
      '0003-person-index-retention',
    ]);
    expect(second).toEqual([]);
    expect((await get('ENGAGEMENT#E1', '#META'))?.gsi2pk).toBe(`INITIATIVE#${initiativeId}`);
    expect((await get('SURVEY#S1', '#META'))?.gsi2pk).toBe(`SURVEYS#INITIATIVE#${initiativeId}`);
    expect((await get('NEED#N1', '#META'))?.gsi2pk).toBe(`SURVEYS#INITIATIVE#${initiativeId}`);
    expect((await get('PARTNERSHIP#P1', `INITIATIVE#${initiativeId}`))?.gsi2pk).toBe(
      `PARTNERSHIPS#INITIATIVE#${initiativeId}`,
    );
    expect((await get('OPPORTUNITY#O1', '#META'))?.gsi2pk).toBe(`VOLUNTEERING#INITIATIVE#${initiativeId}`);
    expect((await get('INDICATOR#I1', '#META'))?.gsi2pk).toBe(`EVALUATION#INITIATIVE#${initiativeId}`);
    expect(await get(`PARTNERSHIPS#INITIATIVE#${initiativeId}`, 'PARTNER_TOTALS')).toMatchObject({
      cashMinor: 1200,
      volunteerHours: 3,
    });
    expect(await get(`EVALUATION#INITIATIVE#${initiativeId}`, 'LOGIC_MODEL')).toMatchObject({ version: 2 });
    expect(await get(`EVALUATION#INITIATIVE#${initiativeId}`, 'REFLECTION#R1')).toBeDefined();
    const leftInInitiative = (await allItems()).filter((item) => item.pk === `INITIATIVE#${initiativeId}`);
    expect(leftInInitiative.map((item) => item.sk)).toEqual(['#META']);
  });

  it('adds old partner totals to the ones new code already wrote under the new key', async () => {
    // Prepare
    const initiativeId = '01J0000000000000000000INI2';
    await put({ ...keys.initiative(initiativeId), ...keys.initiativeList(initiativeId), type: 'Initiative' });
    await put({ pk: `INITIATIVE#${initiativeId}`, sk: 'PARTNER_TOTALS', currency: 'EUR', cashMinor: 500 });
    await put({ ...keys.initiativePartnerTotals(initiativeId), currency: 'EUR', cashMinor: 70 });
    const migration = (await import('../../shared/db/migrations/context-key-spaces'))
      .contextKeySpacesMigration;

    // Act
    await migration.run(quiet);

    // Assess
    expect(await get(keys.initiativePartnerTotals(initiativeId).pk, 'PARTNER_TOTALS')).toMatchObject({
      cashMinor: 570,
    });
    expect(await get(`INITIATIVE#${initiativeId}`, 'PARTNER_TOTALS')).toBeUndefined();
  });

  it('records no marker for a migration that fails, so the next run tries it again', async () => {
    // Prepare
    let attempts = 0;
    const flaky: TableMigration = {
      id: '9999-flaky',
      description: 'fails the first time',
      run: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('throttled');
      },
    };

    // Act
    await expect(runTableMigrations(quiet, [flaky])).rejects.toThrow('throttled');
    const retried = await runTableMigrations(quiet, [flaky]);

    // Assess
    expect(retried).toEqual(['9999-flaky']);
    expect(attempts).toBe(2);
  });

  it('runs from the deployment trigger’s function with the environment CDK gives it', async () => {
    // Prepare: every migration has finished on this table.
    await runTableMigrations(quiet);
    const { handler } = await import('../../functions/platform/dynamo-table-migrations');

    // Act
    const result = await handler();

    // Assess
    expect(result).toEqual({ ran: [] });
  });
});
