import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ConsentRecorded, PrivacyRequestConfirmed } from '../../events/privacy';
import { recordConsent } from '../../functions/privacy/consent-ledger';
import { dynamoPrivacyRequestStore } from '../../functions/privacy/dynamo-store';
import { handler } from '../../functions/privacy/handler';
import { isErased } from '../../functions/privacy/published';
import { handler as requestsConsumer } from '../../functions/privacy/requests-consumer';
import { requestRunner } from '../../functions/privacy/runner';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import { participantIdentity } from '../../shared/config/secrets';
import { newId } from '../../shared/domain/ids';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { consentWordingVersion } from '../../shared/privacy/consents';
import type { Erasure, Person, PersonalDataHolder } from '../../shared/privacy/person';
import { exportStorageFromEnvironment } from '../../shared/storage/export-storage';
import { allItems, call, comparableAnswer } from '../support/api';
import { createDelivery, outboxEvents } from '../support/events';
import { leaveAFootprint } from '../support/footprint';
import { confirmationLinkIn, lastMailTo, sentMail } from '../support/mail';

// Exports land in a folder of this file's own, as under `.civic/exports/` on the local stack.
const exportsDir = mkdtempSync(join(tmpdir(), 'civic-test-exports-'));
process.env.EXPORT_DIR = exportsDir;
resetRuntimeConfig();
afterAll(() => rmSync(exportsDir, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});

const ask = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call(handler, { method: 'POST', path: '/privacy/requests', body, headers });

const runConfirmed = createDelivery(async (event) => {
  if (event['detail-type'] === PrivacyRequestConfirmed.detailType) await requestsConsumer(event);
});

/** Asks, follows the mailed link and confirms: the request is then confirmed, not yet run. */
async function confirmedRequest(
  email: string,
  type: 'export' | 'erase' | 'withdraw-consent',
  purpose?: string,
) {
  await ask({ email, type, ...(purpose ? { purpose } : {}) });
  const { path, token } = confirmationLinkIn(await lastMailTo(email));
  const confirmed = await call(handler, { method: 'POST', path, body: { token } });
  expect(confirmed.status).toBe(200);
  return { requestId: path.split('/')[3] as string };
}

/** A consent in the ledger, as a context's `ConsentRecorded` event files it. */
async function consentOf(email: string, purpose: 'contact' | 'demographics') {
  await recordConsent({
    eventId: newId(),
    occurredAt: new Date().toISOString(),
    participantHash: await participantIdentity(email),
    purpose,
    wordingVersion: consentWordingVersion(purpose),
    channel: 'web',
    context: 'participation',
  });
}

/** The download links of the last export mail to `email`: the document's, and each entity's CSV. */
async function exportLinks(email: string) {
  const mail = await lastMailTo(email);
  const urls = [...(mail.text ?? '').matchAll(/https?:\/\/\S+\/privacy\/requests\/\S+\/export\?\S+/g)].map(
    (match) => new URL(match[0]),
  );
  const document = urls.find((url) => !url.searchParams.has('entity'));
  if (!document) throw new Error('No download link in the export mail.');
  return {
    requestId: document.pathname.split('/').at(-2) as string,
    token: document.searchParams.get('token') as string,
    entities: urls.flatMap((url) => url.searchParams.get('entity') ?? []),
  };
}

const download = (requestId: string, query: Record<string, string>, headers: Record<string, string> = {}) =>
  call(handler, { method: 'GET', path: `/privacy/requests/${requestId}/export`, query, headers });

describe('asking for a privacy request', () => {
  it('answers every address byte for byte the same, whatever the city holds about it', async () => {
    // Prepare
    await consentOf('known@example.org', 'contact');
    await confirmedRequest('known@example.org', 'export');

    // Act
    const known = await ask({ email: 'known@example.org', type: 'export' });
    const unknown = await ask({ email: 'unknown@example.org', type: 'export' });
    const knownForm = await call(handler, {
      method: 'POST',
      path: '/privacy/requests',
      rawBody: 'email=known%40example.org&type=erase',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const unknownForm = await call(handler, {
      method: 'POST',
      path: '/privacy/requests',
      rawBody: 'email=nobody%40example.org&type=erase',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(known.status).toBe(202);
    expect(known.json.status).toBe('check-your-email');
    expect(comparableAnswer(known)).toEqual(comparableAnswer(unknown));
    expect(knownForm.status).toBe(202);
    expect(comparableAnswer(knownForm)).toEqual(comparableAnswer(unknownForm));
  });

  it('runs nothing and emits nothing before the emailed link is confirmed', async () => {
    // Prepare
    const email = 'waits@example.org';

    // Act
    await ask({ email, type: 'erase' });
    await runConfirmed();

    // Assess
    const confirmations = await outboxEvents(
      (event) => event['detail-type'] === PrivacyRequestConfirmed.detailType,
    );
    const mine = await dynamoPrivacyRequestStore.listRequests({ limit: 100 });
    expect(mine.items.filter((request) => request.email === email).map((r) => r.status)).toEqual(['pending']);
    expect(confirmations.filter((event) => JSON.stringify(event).includes(email))).toEqual([]);
    expect((await sentMail(email)).map((mail) => mail.subject)).toEqual([
      'Please confirm your privacy request',
    ]);
    expect(await isErased(await participantIdentity(email))).toBe(false);
  });

  it('refuses bad input with 422 naming each field, and stores nothing', async () => {
    // Prepare
    const before = (await allItems()).length;

    // Act
    const answers = await Promise.all([
      ask({ type: 'export' }),
      ask({ email: 'not-an-address', type: 'forget-me' }),
      ask({ email: 'someone@example.org', type: 'withdraw-consent' }),
      ask({ email: 'someone@example.org', type: 'export', purpose: 'contact' }),
    ]);

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([422, 422, 422, 422]);
    expect(answers.map((answer) => answer.json.errors.map((e: { path: string }) => e.path).sort())).toEqual([
      ['body.email'],
      ['body.email', 'body.type'],
      ['body.purpose'],
      ['body.purpose'],
    ]);
    expect((await allItems()).length).toBe(before);
  });
});

describe('an export', () => {
  it('holds the person’s records and none of a second resident’s', async () => {
    // Prepare
    await consentOf('ana.export@example.org', 'contact');
    await consentOf('ana.export@example.org', 'demographics');
    await consentOf('ben.export@example.org', 'contact');
    await confirmedRequest('ana.export@example.org', 'export');

    // Act
    await runConfirmed();
    const links = await exportLinks('ana.export@example.org');
    const document = await download(links.requestId, { token: links.token });

    // Assess
    expect(document.status).toBe(200);
    expect(document.json.contexts.privacy).toEqual([
      {
        entity: 'ConsentRecord',
        records: [
          expect.objectContaining({ purpose: 'contact', kind: 'given' }),
          expect.objectContaining({ purpose: 'demographics', kind: 'given' }),
        ],
      },
    ]);
    const benHash = await participantIdentity('ben.export@example.org');
    expect(document.body).not.toContain('ben.export');
    expect(document.body).not.toContain(benHash);
    expect(document.body).not.toContain(await participantIdentity('ana.export@example.org'));
    expect(links.entities).toEqual(['ConsentRecord']);
  });

  it('holds what the person left in every context, and nothing of a second resident’s footprint', async () => {
    // Prepare
    const zelda = { name: 'Zelda Quartermain', email: 'zelda.q@example.org', phone: '+32 470 99 88 77' };
    const other = { name: 'Bartholomew Ostrander', email: 'bart.o@example.org', phone: '+32 470 11 22 33' };
    await leaveAFootprint(zelda);
    await leaveAFootprint(other, { asOrganizationContact: false });
    await confirmedRequest(zelda.email, 'export');

    // Act
    await runConfirmed();
    const links = await exportLinks(zelda.email);
    const document = await download(links.requestId, { token: links.token });

    // Assess
    expect(document.status).toBe(200);
    expect(Object.keys(document.json.contexts)).toEqual(
      expect.arrayContaining(['participation', 'surveys', 'volunteering']),
    );
    for (const trace of [other.email, other.name, other.phone, await participantIdentity(other.email)])
      expect(document.body).not.toContain(trace);
    expect(document.body).not.toContain(await participantIdentity(zelda.email));
  });

  it('gives each kind of record as CSV from the same link', async () => {
    // Prepare
    await consentOf('csv@example.org', 'contact');
    await confirmedRequest('csv@example.org', 'export');
    await runConfirmed();
    const links = await exportLinks('csv@example.org');

    // Act
    // As a browser opening the mailed link asks: it never prefers CSV.
    const csv = await download(
      links.requestId,
      { token: links.token, entity: 'ConsentRecord' },
      { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    );
    const unknownKind = await download(
      links.requestId,
      { token: links.token, entity: 'Spaceship' },
      { accept: 'text/csv' },
    );

    // Assess
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const [header, row] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe('purpose,kind,wordingVersion,channel,context,recordedAt');
    expect(row).toMatch(/^contact,given,/);
    expect(unknownKind.status).toBe(404);
  });

  it('works for 72 hours, then answers 410; a wrong token is 404', async () => {
    // Prepare
    await confirmedRequest('lapse@example.org', 'export');
    await runConfirmed();
    const links = await exportLinks('lapse@example.org');
    const mailedAt = Date.now();

    // Act
    const wrongToken = await download(links.requestId, { token: 'x'.repeat(43) });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(mailedAt + 71 * 3600 * 1000);
    const withinLink = await download(links.requestId, { token: links.token });
    vi.setSystemTime(mailedAt + 73 * 3600 * 1000);
    const afterLink = await download(links.requestId, { token: links.token });

    // Assess
    expect(wrongToken.status).toBe(404);
    expect(withinLink.status).toBe(200);
    expect(afterLink.status).toBe(410);
  });
});

describe('an erasure', () => {
  /** Holders that remember what they were asked, one of which fails the first time it erases. */
  function holdersFailingAt(failing: number) {
    const erasures: { context: string; erasure: Erasure; person: Person }[] = [];
    let failed = false;
    const holders: PersonalDataHolder[] = ['alpha', 'beta', 'gamma'].map((context, index) => ({
      context,
      personalDataOf: async () => [],
      async erasePerson(person, erasure) {
        if (index === failing && !failed) {
          failed = true;
          throw new Error(`${context} is down`);
        }
        erasures.push({ context, erasure, person });
      },
      applyRetention: async () => {},
    }));
    return { holders, erasures };
  }

  const runnerWith = (holders: readonly PersonalDataHolder[]) =>
    requestRunner({
      store: dynamoPrivacyRequestStore,
      holders,
      storage: exportStorageFromEnvironment,
      mailer: mailerFromEnvironment(),
      withdrawConsent: async () => true,
    });

  it.each([0, 1, 2])('resumes after the last step done when step %i fails', async (failing) => {
    // Prepare
    const email = `resume-${failing}@example.org`;
    const { requestId } = await confirmedRequest(email, 'erase');
    const { holders, erasures } = holdersFailingAt(failing);
    const runner = runnerWith(holders);

    // Act
    const firstRun = await runner.run(requestId).catch((error: Error) => error.message);
    const stepsAfterFailure = (await dynamoPrivacyRequestStore.getRequest(requestId))?.stepsDone;
    const retry = await runner.run(requestId);

    // Assess
    expect(firstRun).toMatch(/is down$/);
    expect(stepsAfterFailure).toEqual(['alpha', 'beta', 'gamma'].slice(0, failing));
    expect(retry).toBe('completed');
    expect(erasures.map((done) => done.context)).toEqual(['alpha', 'beta', 'gamma']);
    expect(new Set(erasures.map((done) => done.erasure.erasedAs)).size).toBe(1);
    const request = await dynamoPrivacyRequestStore.getRequest(requestId);
    expect(request).toMatchObject({ status: 'completed', stepsDone: ['alpha', 'beta', 'gamma'] });
    expect(request).not.toHaveProperty('email');
    expect(request).not.toHaveProperty('participantHash');
    expect(request).not.toHaveProperty('erasedAs');
    expect(await isErased(await participantIdentity(email))).toBe(true);
    expect(await runner.run(requestId)).toBe('skipped');
  });

  it('removes the consent ledger, leaves only a tombstone, and a second erasure finds nothing', async () => {
    // Prepare
    const email = 'erase.me@example.org';
    const hash = await participantIdentity(email);
    await consentOf(email, 'contact');
    const first = await confirmedRequest(email, 'erase');

    // Act
    await runConfirmed();
    const afterFirst = await allItems();
    const second = await confirmedRequest(email, 'erase');
    await runConfirmed();
    const afterSecond = await allItems();

    // Assess
    const traces = (items: Record<string, unknown>[]) =>
      items
        .filter((item) => JSON.stringify(item).includes(hash) || JSON.stringify(item).includes(email))
        .map((item) => item.type);
    expect(traces(afterFirst)).toEqual(['ErasureTombstone']);
    expect(traces(afterSecond)).toEqual(['ErasureTombstone']);
    const mine = [first.requestId, second.requestId];
    const erased = await outboxEvents(
      (event) =>
        event['detail-type'] === 'PersonErased' &&
        mine.includes((event.detail as { requestId: string }).requestId),
    );
    expect(erased).toHaveLength(2);
    expect(JSON.stringify(erased)).not.toContain(hash);
    const requests = await Promise.all(mine.map((id) => dynamoPrivacyRequestStore.getRequest(id)));
    expect(requests.map((request) => request?.status)).toEqual(['completed', 'completed']);
    expect((await sentMail(email)).map((mail) => mail.subject)).toContain('Your data has been erased');
  });
});

describe('withdrawing a consent', () => {
  it('records the withdrawal in the ledger, which raises ConsentWithdrawn', async () => {
    // Prepare
    const email = 'withdraw@example.org';
    await consentOf(email, 'contact');
    await confirmedRequest(email, 'withdraw-consent', 'contact');

    // Act
    await runConfirmed();
    await runConfirmed();

    // Assess
    const hash = await participantIdentity(email);
    const withdrawn = await outboxEvents(
      (event) =>
        event['detail-type'] === 'ConsentWithdrawn' &&
        (event.detail as { participantHash: string }).participantHash === hash,
    );
    expect(withdrawn).toHaveLength(1);
    expect((await lastMailTo(email)).subject).toBe('Your consent has been withdrawn');
    expect(ConsentRecorded.detailType).toBe('ConsentRecorded');
  });
});

describe('the data-protection officer’s list', () => {
  it('is for admins only and shows no address', async () => {
    // Prepare
    await confirmedRequest('listed@example.org', 'export');

    // Act
    const anonymous = await call(handler, { method: 'GET', path: '/privacy/requests' });
    const coordinator = await call(handler, {
      method: 'GET',
      path: '/privacy/requests',
      role: 'coordinator',
    });
    const analyst = await call(handler, { method: 'GET', path: '/privacy/requests', role: 'analyst' });
    const admin = await call(handler, {
      method: 'GET',
      path: '/privacy/requests',
      role: 'admin',
      query: { limit: '100' },
    });

    // Assess
    expect([anonymous.status, coordinator.status, analyst.status]).toEqual([401, 403, 403]);
    expect(admin.status).toBe(200);
    expect(admin.json.items.some((request: { status: string }) => request.status === 'confirmed')).toBe(true);
    expect(admin.body).not.toContain('@');
    expect(admin.body).not.toContain(await participantIdentity('listed@example.org'));
  });
});
