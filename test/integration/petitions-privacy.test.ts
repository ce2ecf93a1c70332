import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PrivacyRequestConfirmed } from '../../events/privacy';
import { handler } from '../../functions/petitions/handler';
import { personalDataHolder } from '../../functions/petitions/published';
import { handler as privacy } from '../../functions/privacy/handler';
import { personalDataHolders } from '../../functions/privacy/holders';
import { handler as requestsConsumer } from '../../functions/privacy/requests-consumer';
import { handler as retentionJob } from '../../functions/privacy/retention-job';
import { participantIdentity } from '../../shared/config/secrets';
import { includingExpired } from '../../shared/db/retention-filter';
import { allItems, call } from '../support/api';
import { createDelivery } from '../support/events';
import { confirmationLinkIn, lastMailTo } from '../support/mail';
import {
  aResident,
  draftedPetition,
  publishedPetition,
  readPetition,
  signedBy,
  usePetitionSettings,
} from '../support/petition-fixtures';

/**
 * Petitions' part in residents' privacy (issue 15): a signer's signatures are in their export; an
 * erasure takes them out of every signature while each counted one keeps counting; and six months
 * after a petition closes its signature and signer items are deleted, its totals unchanged.
 */

const exportsDir = mkdtempSync(join(tmpdir(), 'civic-test-exports-'));
process.env.EXPORT_DIR = exportsDir;
usePetitionSettings();
afterAll(() => rmSync(exportsDir, { recursive: true, force: true }));

const day = 24 * 60 * 60 * 1000;
const petitionEntities = ['PetitionSignature', 'PetitionSigner', 'PetitionHousehold'];

// The privacy consumer as the bus runs it: confirmed requests only.
const runRequests = createDelivery(async (event) => {
  if (event['detail-type'] === PrivacyRequestConfirmed.detailType) await requestsConsumer(event);
});

/** Asks for a privacy request and follows the mailed link, as the resident would; then the bus runs it. */
async function requestAndConfirm(email: string, type: 'export' | 'erase') {
  const asked = await call(privacy, { method: 'POST', path: '/privacy/requests', body: { email, type } });
  expect(asked.status, asked.body).toBe(202);
  const { path, token } = confirmationLinkIn(await lastMailTo(email));
  const confirmed = await call(privacy, { method: 'POST', path, body: { token } });
  expect(confirmed.status, confirmed.body).toBe(200);
  await runRequests();
}

/** The whole export document, from the link in the export mail. */
async function downloadExport(email: string) {
  const mail = await lastMailTo(email);
  const link = [...(mail.text ?? '').matchAll(/https?:\/\/\S+\/privacy\/requests\/\S+\/export\?\S+/g)]
    .map((match) => new URL(match[0]))
    .find((url) => !url.searchParams.has('entity'));
  if (!link) throw new Error('No download link in the export mail.');
  const answer = await call(privacy, {
    method: 'GET',
    path: link.pathname.replace(/^.*(\/privacy\/)/, '$1'),
    query: { token: link.searchParams.get('token') as string },
  });
  expect(answer.status, answer.body).toBe(200);
  return answer;
}

/** Every item holding one of these strings anywhere, as `type: attribute`. */
async function itemsHolding(traces: readonly string[]) {
  const lowered = traces.map((trace) => trace.toLowerCase());
  return (await allItems()).flatMap((item) =>
    Object.entries(item)
      .filter(([, value]) => lowered.some((trace) => JSON.stringify(value).toLowerCase().includes(trace)))
      .map(([attribute]) => `${String(item.type ?? item.pk)}: ${attribute}`),
  );
}

/** The petition's signature, signer and household items, expired ones too. */
const petitionItemsOf = async (petitionId: string) =>
  (await includingExpired(allItems)).filter(
    (item) =>
      petitionEntities.includes(String(item.type)) &&
      (item.petitionId === petitionId || item.pk === `PETITION#${petitionId}`),
  );

describe('a signer’s petition data', () => {
  it('is reached by the privacy context: petitions are one of its holders', () => {
    expect(personalDataHolders.filter((holder) => holder.context === 'petitions')).toEqual([
      personalDataHolder,
    ]);
  });

  it('exports each of the signer’s signatures with its petition, role, status, channel, neighbourhood, times and consent', async () => {
    // Prepare: the signer drafts one petition and signs another, without asking for its answer
    const signer = aResident('Exporting');
    const other = aResident('Someone Else');
    const drafted = await draftedPetition({
      title: 'Plant trees along the canal path',
      creator: { ...signer, consentToHearAboutResponse: true },
    });
    const { petitionId } = await publishedPetition({ title: 'Light the Old Town underpass at night' });
    const withoutConsent = { ...signer, neighbourhood: 'Old Town', consentToHearAboutResponse: false };
    await signedBy(petitionId, withoutConsent);
    await signedBy(petitionId, other);

    // Act
    await requestAndConfirm(signer.email, 'export');
    const document = await downloadExport(signer.email);

    // Assess
    const groups = document.json.contexts.petitions as {
      entity: string;
      records: Record<string, unknown>[];
    }[];
    expect(groups.map((group) => group.entity)).toEqual(['PetitionSignature']);
    const records = [...(groups[0]?.records ?? [])].sort((a, b) =>
      String(a.role).localeCompare(String(b.role)),
    );
    expect(records).toEqual([
      {
        signatureId: expect.any(String),
        petitionId: drafted.petitionId,
        petitionTitle: 'Plant trees along the canal path',
        role: 'creator',
        status: 'confirmed',
        channel: 'web',
        neighbourhood: 'Riverside',
        name: signer.name,
        email: signer.email,
        consentToHearAboutResponse: true,
        requestedAt: expect.any(String),
        confirmedAt: expect.any(String),
        invalidatedAt: null,
      },
      {
        signatureId: expect.any(String),
        petitionId,
        petitionTitle: 'Light the Old Town underpass at night',
        role: 'signer',
        status: 'confirmed',
        channel: 'web',
        neighbourhood: 'Old Town',
        // Without consent to hear the answer, the name and address were never kept.
        name: null,
        email: null,
        consentToHearAboutResponse: false,
        requestedAt: expect.any(String),
        confirmedAt: expect.any(String),
        invalidatedAt: null,
      },
    ]);
    for (const trace of [other.email, other.name, await participantIdentity(signer.email)])
      expect(document.body).not.toContain(trace);
  });

  it('erases the signer: nothing names them, counted signatures keep counting, a pending one goes, a second erasure changes nothing', async () => {
    // Prepare: a counted signature with consent to hear the answer, and one never confirmed
    const signer = aResident('Erasing');
    const { petitionId } = await publishedPetition();
    const withConsent = { ...signer, consentToHearAboutResponse: true };
    await signedBy(petitionId, withConsent);
    const elsewhere = await publishedPetition();
    const pending = await call(handler, {
      method: 'POST',
      path: `/petitions/${elsewhere.petitionId}/signatures`,
      body: signer,
    });
    expect(pending.status, pending.body).toBe(202);
    const hash = await participantIdentity(signer.email);
    const traces = [signer.email, encodeURIComponent(signer.email), signer.name, hash];
    const before = {
      counted: (await readPetition(petitionId)).signatures,
      other: (await readPetition(elsewhere.petitionId)).signatures,
    };
    expect((await itemsHolding(traces)).length).toBeGreaterThan(4);

    // Act
    await requestAndConfirm(signer.email, 'erase');
    const left = await itemsHolding(traces);
    const afterFirst = await allItems();
    await personalDataHolder.erasePerson(
      { email: signer.email, participantHash: hash },
      { erasedAs: 'second-run', now: new Date() },
    );
    const afterSecond = await allItems();

    // Assess: only the privacy context's tombstone is keyed by them; every count as it was
    expect(left).toEqual(['ErasureTombstone: pk']);
    expect({
      counted: (await readPetition(petitionId)).signatures,
      other: (await readPetition(elsewhere.petitionId)).signatures,
    }).toEqual(before);
    const signatures = afterFirst.filter((item) => item.type === 'PetitionSignature' && item.erasedAt);
    expect(signatures).toHaveLength(1);
    const [erased] = signatures;
    expect(erased).toMatchObject({
      petitionId,
      status: 'confirmed',
      channel: 'web',
      neighbourhood: 'Riverside',
      consentToHearAboutResponse: false,
      signerKey: expect.stringMatching(/^ERASED#/),
      retention: 'delete',
    });
    for (const attribute of ['name', 'email', 'emailDomain', 'ipHash', 'participantHash', 'gsi3pk'])
      expect(erased).not.toHaveProperty(attribute);
    // "One each" still holds for the counted signature, under a key that names no one.
    const signerItem = afterFirst.find((item) => item.sk === `SIGNER#${String(erased?.signerKey)}`);
    expect(signerItem).toMatchObject({
      type: 'PetitionSigner',
      signatureId: erased?.signatureId,
      status: 'confirmed',
      retention: 'delete',
    });
    expect(signerItem).not.toHaveProperty('gsi3pk');
    // The pending signature never counted: it and its signer item are gone.
    expect(await petitionItemsOf(elsewhere.petitionId)).not.toContainEqual(
      expect.objectContaining({ role: 'signer', status: 'pending' }),
    );
    const sorted = (items: Record<string, unknown>[]) => items.map((item) => JSON.stringify(item)).sort();
    expect(sorted(afterSecond)).toEqual(sorted(afterFirst));
    expect(await personalDataHolder.personalDataOf({ email: signer.email, participantHash: hash })).toEqual(
      [],
    );
  });
});

describe('an erased signature', () => {
  it('can still be invalidated by staff: the total drops by one, and its signer item with it', async () => {
    // Prepare: the erased signer is the only one confirmed in the window
    const { petitionId } = await publishedPetition();
    const from = new Date().toISOString();
    const signer = aResident('Erased Then Invalidated');
    await signedBy(petitionId, signer);
    const to = new Date(Date.now() + 1000).toISOString();
    await personalDataHolder.erasePerson(
      { email: signer.email, participantHash: await participantIdentity(signer.email) },
      { erasedAs: 'invalidated-later', now: new Date() },
    );
    const before = (await readPetition(petitionId)).signatures.total;

    // Act
    const invalidated = await call(handler, {
      method: 'POST',
      path: `/petitions/${petitionId}/invalidations`,
      role: 'admin',
      body: {
        reason: 'A burst of signatures from one source',
        criteria: { confirmedFrom: from, confirmedTo: to },
      },
    });

    // Assess
    expect(invalidated.status, invalidated.body).toBe(200);
    expect(invalidated.json).toMatchObject({ matched: 1, invalidated: 1 });
    expect((await readPetition(petitionId)).signatures.total).toBe(before - 1);
    const signerItem = (await allItems()).find((item) =>
      String(item.sk).startsWith('SIGNER#ERASED#invalidated-later#'),
    );
    expect(signerItem?.status).toBe('invalidated');
  });
});

describe('the retention of signer data', () => {
  it('deletes a petition’s signatures, signer items and household tallies six months after it closes; its totals stay', async () => {
    // Prepare: a household sharing one address signs under two names
    usePetitionSettings({ household: { enabled: true, maxNames: 3 } });
    const { petitionId } = await publishedPetition();
    const household = aResident('Household');
    await signedBy(petitionId, household);
    await signedBy(petitionId, { ...household, name: 'Partner Person' });
    await signedBy(petitionId, aResident());
    usePetitionSettings();
    const petition = await readPetition(petitionId);
    const closesAt = Date.parse(petition.closesAt);
    const held = await petitionItemsOf(petitionId);

    // Act
    await retentionJob({ now: new Date(closesAt + 100 * day).toISOString() });
    const heldWithinRetention = await petitionItemsOf(petitionId);
    await retentionJob({ now: new Date(closesAt + 184 * day).toISOString() });

    // Assess
    expect(petition.signatures.total).toBe(6);
    expect(new Set(held.map((item) => item.type))).toEqual(new Set(petitionEntities));
    // Retention runs from the close, not from the day each signature was given.
    expect(heldWithinRetention).toHaveLength(held.length);
    expect(await petitionItemsOf(petitionId)).toEqual([]);
    expect((await readPetition(petitionId)).signatures).toEqual(petition.signatures);
  });
});
