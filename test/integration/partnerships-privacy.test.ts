import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { personalDataHolder } from '../../functions/partnerships/published';
import { includingExpired } from '../../shared/db/retention-filter';
import type { RetentionDue } from '../../shared/privacy/person';
import { isPastRetention } from '../../shared/privacy/retention';
import { allItems } from '../support/api';
import { createOrganization, partnershipsApi } from '../support/partnership-fixtures';
import { asRetentionDue } from '../support/retention';

const day = 24 * 60 * 60 * 1000;
const start = new Date('2026-03-01T09:00:00Z');

/** Every item of one organisation, expired ones too (tests only: the application never scans). */
const itemsOf = (organizationId: string) =>
  includingExpired(async () =>
    (await allItems()).filter((item) => item.pk === `ORGANIZATION#${organizationId}`),
  );
const holderItems = async (organizationId: string) =>
  (await itemsOf(organizationId)).filter((item) =>
    ['Organization', 'OrganizationListEntry'].includes(String(item.type)),
  );

const dueOf = async (organizationId: string, now: Date): Promise<RetentionDue[]> =>
  (await itemsOf(organizationId)).filter((item) => isPastRetention(item, now)).map(asRetentionDue);

const edit = (organizationId: string, body: Record<string, unknown>) =>
  partnershipsApi('PATCH', `/organizations/${organizationId}`, { body });
const read = (organizationId: string) => partnershipsApi('GET', `/organizations/${organizationId}`);

afterEach(() => {
  vi.useRealTimers();
});

describe('partnerships’ personal data holder', () => {
  it('gives an organisation’s contact five years from when it was last edited, not from other edits', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const { organizationId } = await createOrganization({ neighbourhoods: [`Hood ${randomUUID()}`] });
    const created = Math.floor(start.getTime() / 1000) + 1825 * 24 * 60 * 60;

    // Act
    vi.setSystemTime(new Date(start.getTime() + 100 * day));
    await edit(organizationId, { expectedVersion: 1, website: 'https://bank.example.org' });
    const afterOtherEdit = (await holderItems(organizationId)).map((item) => item.expiresAt);
    const contactEditedAt = new Date(start.getTime() + 200 * day);
    vi.setSystemTime(contactEditedAt);
    await edit(organizationId, {
      expectedVersion: 2,
      contact: { name: 'Sam Ortiz', email: 'sam@bank.example.org' },
    });
    const afterContactEdit = (await holderItems(organizationId)).map((item) => item.expiresAt);

    // Assess
    expect(afterOtherEdit).toEqual([created, created]);
    const restarted = Math.floor(contactEditedAt.getTime() / 1000) + 1825 * 24 * 60 * 60;
    expect(afterContactEdit).toEqual([restarted, restarted]);
  });

  it('removes an expired contact from the organisation and its list entries, and keeps the organisation', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const neighbourhoods = [`Hood ${randomUUID()}`, `Hood ${randomUUID()}`];
    const { organizationId } = await createOrganization({ neighbourhoods });
    const past = new Date(start.getTime() + 1826 * day);
    vi.setSystemTime(past);

    // Act
    const whenDue = await read(organizationId);
    const due = await dueOf(organizationId, past);
    await personalDataHolder.applyRetention(due, past);
    const afterRetention = await read(organizationId);
    const afterFirst = await itemsOf(organizationId);
    await personalDataHolder.applyRetention(due, past);

    // Assess
    expect(whenDue.status).toBe(404);
    expect(due.map((item) => item.type).sort()).toEqual([
      'Organization',
      'OrganizationListEntry',
      'OrganizationListEntry',
    ]);
    expect(afterRetention.status).toBe(200);
    expect(afterRetention.json).toMatchObject({ organizationId, name: 'Riverside Food Bank', version: 1 });
    expect(afterRetention.json.contact).toBeUndefined();
    const left = JSON.stringify(afterFirst);
    for (const personal of ['Dana Reyes', 'dana@foodbank.example.org', '+44 20 7946 0001'])
      expect(left).not.toContain(personal);
    expect(afterFirst.some((item) => 'expiresAt' in item || 'retention' in item)).toBe(false);
    expect(await itemsOf(organizationId)).toEqual(afterFirst);
  });

  it('leaves a contact edited after the job found it due', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const { organizationId } = await createOrganization({ neighbourhoods: [`Hood ${randomUUID()}`] });
    const past = new Date(start.getTime() + 1826 * day);
    const due = await dueOf(organizationId, past);
    vi.setSystemTime(new Date(past.getTime() - 2 * day));
    await edit(organizationId, { expectedVersion: 1, contact: { name: 'Sam Ortiz' } });

    // Act
    await personalDataHolder.applyRetention(due, past);

    // Assess
    expect((await holderItems(organizationId)).map((item) => item.contact)).toEqual([
      { name: 'Sam Ortiz' },
      { name: 'Sam Ortiz' },
    ]);
  });

  it('finds nothing by person: the contact is the organisation’s record, not a resident’s', async () => {
    // Prepare
    const { organizationId } = await createOrganization({ neighbourhoods: [`Hood ${randomUUID()}`] });
    const before = await itemsOf(organizationId);
    const dana = { email: 'dana@foodbank.example.org', participantHash: 'dana-hash' };

    // Act
    const exported = await personalDataHolder.personalDataOf(dana);
    await personalDataHolder.erasePerson(dana, { erasedAs: 'E1', now: new Date() });

    // Assess
    expect(exported).toEqual([]);
    expect(await itemsOf(organizationId)).toEqual(before);
  });
});
