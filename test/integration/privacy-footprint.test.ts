import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsentRecorded, PrivacyRequestConfirmed } from '../../events/privacy';
import { handler as impact } from '../../functions/impact/handler';
import { handler as ledger } from '../../functions/impact/ledger-consumer';
import { handler as summaryJob } from '../../functions/impact/summary-job';
import { handler as participation } from '../../functions/participation/handler';
import { handler as consentLedger } from '../../functions/privacy/consent-ledger-consumer';
import { handler as privacy } from '../../functions/privacy/handler';
import { isErased } from '../../functions/privacy/published';
import { handler as requestsConsumer } from '../../functions/privacy/requests-consumer';
import { handler as surveys } from '../../functions/surveys/handler';
import { handler as volunteering } from '../../functions/volunteering/handler';
import { volunteerIdFor } from '../../functions/volunteering/identity';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import { participantIdentity } from '../../shared/config/secrets';
import { allItems, call } from '../support/api';
import { createDelivery } from '../support/events';
import { type Footprint, leaveAFootprint, type Resident } from '../support/footprint';
import { confirmationLinkIn, lastMailTo } from '../support/mail';

/**
 * The two promises end to end, through the public API and the consumers as the bus
 * would run them: a resident who took part in every strand gets everything held about them and
 * nothing of anyone else; once erased, nothing in the whole table names them but the tombstone of
 * their keyed identity, and every count and summary figure is what it was.
 */

const exportsDir = mkdtempSync(join(tmpdir(), 'civic-test-exports-'));
process.env.EXPORT_DIR = exportsDir;
resetRuntimeConfig();
afterAll(() => rmSync(exportsDir, { recursive: true, force: true }));

const zelda: Resident = {
  name: 'Zelda Quartermain',
  email: 'zelda.q@example.org',
  phone: '+32 470 99 88 77',
};
const bart: Resident = {
  name: 'Bartholomew Ostrander',
  email: 'bart.o@example.org',
  phone: '+32 470 11 22 33',
};

// What the bus would deliver: the ledger and the consent ledger see every event; the privacy
// consumer sees confirmed requests.
const feedLedger = createDelivery(ledger);
const feedConsents = createDelivery(async (event) => {
  if (event['detail-type'] === ConsentRecorded.detailType) await consentLedger(event);
});
const runRequests = createDelivery(async (event) => {
  if (event['detail-type'] === PrivacyRequestConfirmed.detailType) await requestsConsumer(event);
});
const deliverEverything = async () => {
  await feedLedger();
  await feedConsents();
  await runRequests();
};

/** Asks for a request and follows the mailed link, as the resident would; then the bus runs it. */
async function requestAndConfirm(email: string, type: 'export' | 'erase') {
  const asked = await call(privacy, { method: 'POST', path: '/privacy/requests', body: { email, type } });
  expect(asked.status, asked.body).toBe(202);
  const { path, token } = confirmationLinkIn(await lastMailTo(email));
  const confirmed = await call(privacy, { method: 'POST', path, body: { token } });
  expect(confirmed.status, confirmed.body).toBe(200);
  await deliverEverything();
}

/** The export mail's document link, downloaded. */
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

/** Every figure the city publishes or reads from this footprint, as staff would read it. */
async function figures(footprint: Footprint) {
  const read = async (handler: typeof impact, path: string) => {
    const answer = await call(handler, { method: 'GET', path, role: 'admin' });
    expect(answer.status, `${path}: ${answer.body}`).toBe(200);
    return answer.json;
  };
  await summaryJob({ period: '2026-12' });
  const summary = await read(impact, '/impact/summaries/2026-12');
  const shift = await read(volunteering, `/shifts/${footprint.shiftId}`);
  const session = await read(volunteering, `/training-sessions/${footprint.sessionId}`);
  return {
    votes: await read(participation, `/contributions/${footprint.contributionId}/vote-tally`),
    contributions: (await read(participation, `/engagements/${footprint.engagementId}/contributions`)).items
      .length,
    survey: (await read(surveys, `/surveys/${footprint.surveyId}/results`)).questions,
    shiftSeats: [shift.capacity, shift.confirmed, shift.attended, shift.verifiedMinutes],
    sessionSeats: [session.capacity, session.confirmed],
    summary: summary.figures,
  };
}

/** Every item holding one of these strings anywhere, as `type: attribute path`. */
async function itemsHolding(traces: readonly string[]) {
  const lowered = traces.map((trace) => trace.toLowerCase());
  return (await allItems()).flatMap((item) =>
    Object.entries(item)
      .filter(([, value]) => lowered.some((trace) => JSON.stringify(value).toLowerCase().includes(trace)))
      .map(([attribute]) => `${String(item.type ?? item.pk)}: ${attribute}`),
  );
}

describe('a resident’s data, exported and erased by themselves', () => {
  let footprint: Footprint;
  let zeldaHash: string;

  beforeAll(async () => {
    footprint = await leaveAFootprint(zelda, { asOrganizationContact: false });
    await leaveAFootprint(bart, { asOrganizationContact: false });
    await deliverEverything();
    zeldaHash = await participantIdentity(zelda.email);
  });

  it('exports every item held about the resident, in every context, and nothing of another resident', async () => {
    // Act
    await requestAndConfirm(zelda.email, 'export');
    const document = await downloadExport(zelda.email);

    // Assess
    const entities = Object.fromEntries(
      Object.entries(document.json.contexts as Record<string, { entity: string; records: unknown[] }[]>).map(
        ([context, groups]) => [context, groups.map((group) => `${group.entity}:${group.records.length}`)],
      ),
    );
    expect(entities).toMatchObject({
      participation: expect.arrayContaining(['Contribution:1', 'Vote:1']),
      surveys: expect.arrayContaining([expect.stringMatching(/^SurveyResponse:1$/)]),
      volunteering: expect.arrayContaining([
        'Signup:1',
        'Enrolment:1',
        expect.stringMatching(/^HoursEntry:/),
      ]),
      impact: expect.arrayContaining([expect.stringMatching(/^Activity:[1-9]/)]),
      evaluation: expect.arrayContaining(['DigestSubscription:1']),
      privacy: expect.arrayContaining([expect.stringMatching(/^ConsentRecord:[1-9]/)]),
      batches: ['BatchRow:1'],
    });
    expect(document.headers).toMatchObject({
      'content-disposition': expect.stringMatching(/^attachment; filename="civic-export-\w+\.json"$/),
      'cache-control': 'no-store',
    });
    expect(document.body).toContain('Benches along the river');
    expect(document.body).toContain(zelda.phone);
    for (const trace of [bart.email, bart.name, bart.phone, await participantIdentity(bart.email)])
      expect(document.body).not.toContain(trace);
  });

  it('erases the resident: no trace but the tombstone, every figure unchanged, a second erasure a no-op', async () => {
    // Prepare
    const before = await figures(footprint);
    const traces = [
      zelda.email,
      encodeURIComponent(zelda.email),
      zelda.name,
      zelda.phone,
      zeldaHash,
      volunteerIdFor(zeldaHash),
    ];
    expect((await itemsHolding(traces)).length).toBeGreaterThan(10);

    // Act
    await requestAndConfirm(zelda.email, 'erase');
    const left = await itemsHolding(traces);
    const afterFirst = await allItems();
    await requestAndConfirm(zelda.email, 'erase');
    const afterSecond = await allItems();

    // Assess: only the tombstone (its key is the keyed identity); every figure as it was
    expect(left).toEqual(['ErasureTombstone: pk']);
    expect(await figures(footprint)).toEqual(before);
    // The second erasure wrote its own request and events, and changed nothing else.
    const untouched = (items: Record<string, unknown>[]) =>
      items
        .filter((item) => !/^(PRIVACY#REQUEST|OUTBOX|IDEMPOTENCY|SUMMARY)#/.test(String(item.pk)))
        .map((item) => JSON.stringify(item))
        .sort();
    expect(untouched(afterSecond)).toEqual(untouched(afterFirst));
    // A later batch (paper forms, issue 14) asks before it imports the address, and is refused.
    expect(await isErased(zeldaHash)).toBe(true);
    expect(await isErased(await participantIdentity(bart.email))).toBe(false);
  });
});
