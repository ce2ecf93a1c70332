import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/petitions/handler';
import { allItems, call } from '../support/api';
import { outboxEvents } from '../support/events';
import { lastMailTo } from '../support/mail';
import {
  aDraft,
  aResident,
  confirmLinkMailedTo,
  draftedPetition,
  publishedPetition,
  readPetition,
  signedBy,
  usePetitionSettings,
} from '../support/petition-fixtures';

usePetitionSettings();

const eventsOf = async (petitionId: string, detailType: string) =>
  outboxEvents(
    (event) =>
      event['detail-type'] === detailType &&
      (event.detail as { petitionId: string }).petitionId === petitionId,
  );

describe('a petition’s lifecycle through the public API', () => {
  it('goes from draft through sponsors and moderation to thresholds and the city’s answer', async () => {
    // Prepare
    const draft = aDraft();

    // Act: the creator drafts and confirms
    const drafted = await call(handler, { method: 'POST', path: '/petitions', body: draft });
    const creatorConfirmed = await confirmLinkMailedTo(draft.creator.email);
    const sponsorMail = await lastMailTo(draft.creator.email);
    const petitionId = /petitions\/([0-9A-Z]{26})/.exec(sponsorMail.text ?? '')?.[1] as string;
    const gathering = await readPetition(petitionId);
    const listedWhileGathering = await call(handler, { method: 'GET', path: '/petitions' });

    // Act: two sponsors, then a coordinator publishes
    await signedBy(petitionId);
    await signedBy(petitionId);
    const awaiting = await readPetition(petitionId);
    const queue = await call(handler, {
      method: 'GET',
      path: '/petitions/moderation-queue',
      role: 'coordinator',
    });
    const published = await call(handler, {
      method: 'POST',
      path: `/petitions/${petitionId}/moderation`,
      body: { decision: 'publish' },
      role: 'coordinator',
    });
    const afterPublication = await readPetition(petitionId);

    // Act: two more signatures reach debate (5 with creator and sponsors)
    await signedBy(petitionId, { ...aResident(), neighbourhood: 'old town' });
    await signedBy(petitionId);
    const reached = await readPetition(petitionId);

    // Act: the city answers
    const answered = await call(handler, {
      method: 'PUT',
      path: `/petitions/${petitionId}/response`,
      body: {
        text: 'The library will open on Sundays from March, as a trial for six months.',
        outcome: 'accepted',
        link: 'https://www.example.gov/library-sundays',
      },
      role: 'coordinator',
    });

    // Assess
    expect(drafted.status).toBe(202);
    expect(drafted.json.status).toBe('check-your-email');
    expect(creatorConfirmed.status).toBe(200);
    expect(gathering.status).toBe('gathering-sponsors');
    expect(gathering.signatures.total).toBe(1);
    expect(listedWhileGathering.json.items.map((p: { petitionId: string }) => p.petitionId)).not.toContain(
      petitionId,
    );
    expect(awaiting.status).toBe('awaiting-moderation');
    const queued = queue.json.items.find((p: { petitionId: string }) => p.petitionId === petitionId);
    expect(queued).toMatchObject({ text: draft.text, signatures: { total: 3 } });
    expect(queued.submittedAt).toBeDefined();
    expect(published.status).toBe(200);
    expect(published.json.thresholds).toEqual({
      response: { signatures: 3, rule: '3 signatures' },
      debate: { signatures: 5, rule: '5 signatures' },
    });
    // The creator and sponsors count: 3 reaches `response` at publication.
    expect(afterPublication.status).toBe('published');
    expect(afterPublication.reached.response).toBeDefined();
    expect(afterPublication.responseDueAt).toBeDefined();
    expect(reached.signatures.total).toBe(5);
    expect(reached.reached.debate).toBeDefined();
    expect(reached.signatures.byChannel).toEqual({ web: 5 });
    expect(reached.signatures.byNeighbourhood).toEqual([
      { neighbourhood: 'Old Town', signatures: null, note: 'fewer than 5', suppressed: true },
      { neighbourhood: 'Riverside', signatures: null, note: 'fewer than 5', suppressed: true },
    ]);
    expect(JSON.stringify(reached)).not.toContain(draft.creator.name);
    expect(answered.status).toBe(200);
    expect(answered.json.response).toMatchObject({ outcome: 'accepted', late: false });
    expect((await eventsOf(petitionId, 'PetitionDrafted')).length).toBe(1);
    expect((await eventsOf(petitionId, 'PetitionPublished')).length).toBe(1);
    expect((await eventsOf(petitionId, 'SignatureConfirmed')).length).toBe(5);
    expect(
      (await eventsOf(petitionId, 'PetitionThresholdReached'))
        .map((e) => (e.detail as { level: string }).level)
        .sort(),
    ).toEqual(['debate', 'response']);
    expect((await eventsOf(petitionId, 'PetitionResponseDue')).length).toBe(1);
    expect((await eventsOf(petitionId, 'PetitionAnswered')).length).toBe(1);
    const listed = await call(handler, { method: 'GET', path: '/petitions' });
    expect(listed.json.items.map((p: { petitionId: string }) => p.petitionId)).toContain(petitionId);
  });

  it('treats `x+tag@` and case variants as one signer, and tells a repeat signer by mail only', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    const signer = aResident();
    await signedBy(petitionId, signer);
    const [local, domain] = signer.email.split('@');

    // Act
    const again = await call(handler, {
      method: 'POST',
      path: `/petitions/${petitionId}/signatures`,
      body: { ...signer, email: `${local?.toUpperCase()}+again@${domain}` },
    });

    // Assess
    expect(again.status).toBe(202);
    expect(again.json.status).toBe('check-your-email');
    expect((await lastMailTo(`${local?.toUpperCase()}+again@${domain}`)).subject).toBe(
      'You have already signed this petition',
    );
    expect((await readPetition(petitionId)).signatures.total).toBe(4);
  });

  it('changes nothing when the link is opened, and counts a second confirmation once', async () => {
    // Prepare
    const { petitionId } = await draftedPetition();
    const signer = aResident();
    await call(handler, { method: 'POST', path: `/petitions/${petitionId}/signatures`, body: signer });
    const { confirmationLinkIn } = await import('../support/mail');
    const link = confirmationLinkIn(await lastMailTo(signer.email));

    // Act
    const opened = await call(handler, { method: 'GET', path: link.path, query: { token: link.token } });
    const afterOpening = (await readPetition(petitionId)).signatures.total;
    const first = await call(handler, { method: 'POST', path: link.path, body: { token: link.token } });
    const second = await call(handler, { method: 'POST', path: link.path, body: { token: link.token } });

    // Assess
    expect(opened.status).toBe(200);
    expect(opened.json.status).toBe('awaiting-confirmation');
    expect(afterOpening).toBe(1);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.json.confirmedAt).toBe(first.json.confirmedAt);
    expect((await readPetition(petitionId)).signatures.total).toBe(2);
  });

  it('keeps published thresholds when the configuration changes afterwards', async () => {
    // Prepare
    const { petitionId } = await publishedPetition({
      petitionType: 'neighbourhood',
      neighbourhood: 'Riverside',
    });
    const before = (await readPetition(petitionId)).thresholds;

    // Act
    usePetitionSettings({
      types: { neighbourhood: { response: { signatures: 900 }, debate: { signatures: 9000 } } },
    });
    const after = (await readPetition(petitionId)).thresholds;
    usePetitionSettings();

    // Assess
    expect(before).toEqual({
      response: { signatures: 10, rule: '1% of Riverside’s 1000 residents' },
      debate: { signatures: 20, rule: '2% of Riverside’s 1000 residents' },
    });
    expect(after).toEqual(before);
  });

  it('keeps the creator’s and sponsors’ signatures until six months after the closing date fixed at publication', async () => {
    // Act
    const { petitionId } = await publishedPetition();
    const { closesAt } = await readPetition(petitionId);

    // Assess
    const items = await allItems();
    const early = items.filter(
      (item) =>
        item.type === 'PetitionSignature' && item.petitionId === petitionId && item.status === 'confirmed',
    );
    const retainedUntil = Math.floor(new Date(closesAt).getTime() / 1000) + 183 * 24 * 60 * 60;
    expect(early).toHaveLength(3);
    expect(early.map((item) => item.expiresAt)).toEqual([retainedUntil, retainedUntil, retainedUntil]);
    const signers = items.filter(
      (item) => item.type === 'PetitionSigner' && item.pk === `PETITION#${petitionId}`,
    );
    expect(signers.map((item) => item.expiresAt)).toEqual([retainedUntil, retainedUntil, retainedUntil]);
  });

  it('refuses a neighbourhood that is not the city’s, naming the field, and writes nothing', async () => {
    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: '/petitions',
      body: aDraft({ creator: { ...aResident(), neighbourhood: 'Atlantis' } }),
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.json)).toContain('creator.neighbourhood');
  });
});

describe('the household rule', () => {
  it('off (the default): one signature per address, whatever the name', async () => {
    // Prepare
    const { petitionId } = await publishedPetition();
    const shared = aResident();
    await signedBy(petitionId, shared);

    // Act
    await call(handler, {
      method: 'POST',
      path: `/petitions/${petitionId}/signatures`,
      body: { ...shared, name: 'Another Person' },
    });

    // Assess
    expect((await lastMailTo(shared.email)).subject).toBe('You have already signed this petition');
    expect((await readPetition(petitionId)).signatures.total).toBe(4);
  });

  it('on: people sharing an address sign under their own names, the same name once, up to the cap', async () => {
    // Prepare
    usePetitionSettings({ household: { enabled: true, maxNames: 2 } });
    const { petitionId } = await publishedPetition();
    const shared = aResident();

    // Act
    const first = await signedBy(petitionId, shared);
    const partner = await signedBy(petitionId, { ...shared, name: 'Partner Person' });
    await call(handler, {
      method: 'POST',
      path: `/petitions/${petitionId}/signatures`,
      body: { ...shared, name: shared.name.toUpperCase() },
    });
    const sameNameMail = await lastMailTo(shared.email);
    const third = await signedBy(petitionId, { ...shared, name: 'Third Person' });
    usePetitionSettings();

    // Assess
    expect(first.confirmed.status).toBe(200);
    expect(partner.confirmed.status).toBe(200);
    expect(sameNameMail.subject).toBe('You have already signed this petition');
    expect(third.confirmed.status).toBe(409);
    expect(third.confirmed.json.code ?? third.confirmed.json.type).toMatch(/household-full/);
    expect((await readPetition(petitionId)).signatures.total).toBe(5);
  });
});
