import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/participation/handler';
import { documentClient } from '../../shared/db/client';
import { keys } from '../../shared/db/keys';
import { contributionContactConsentMigration } from '../../shared/db/migrations/contribution-contact-consent';
import { allItems, call } from '../support/api';
import { openEngagement, pendingVote, publishedIdea } from '../support/fixtures';

/** Every item of this file's table as one string, to look for a person's details anywhere in it. */
const wholeTable = async () => JSON.stringify(await allItems()).toLowerCase();

const contributionItem = async (contributionId: string) => {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: keys.contribution(contributionId) }),
  );
  return Item;
};

/** Posts an idea as the resident, through the public route, with the consent as given (or left out). */
async function postIdea(
  engagementId: string,
  participant: { email: string; name: string; consentToContact?: boolean },
) {
  const answer = await call(handler, {
    method: 'POST',
    path: `/engagements/${engagementId}/contributions`,
    headers: { 'Idempotency-Key': `minimise-${participant.email}` },
    body: { kind: 'idea', title: 'A shaded bench', body: 'By the pond, facing west.', participant },
  });
  if (answer.status !== 201) throw new Error(`idea: ${answer.body}`);
  return answer;
}

describe('contact details of contributions', () => {
  it.each([
    ['refused', false],
    ['left out', undefined],
  ])('stores neither address nor name anywhere when consent to contact is %s', async (_, consent) => {
    // Prepare
    const { engagementId } = await openEngagement();
    const resident = {
      email: `Quiet.Author.${String(consent)}@Example.org`,
      name: `Ottilie Vandermeer ${String(consent)}`,
    };

    // Act
    const answer = await postIdea(engagementId, {
      ...resident,
      ...(consent === undefined ? {} : { consentToContact: consent }),
    });

    // Assess
    const table = await wholeTable();
    expect(table).not.toContain(resident.email.toLowerCase());
    expect(table).not.toContain(resident.name.toLowerCase());
    const stored = await contributionItem(answer.json.contributionId);
    expect(stored).not.toHaveProperty('contact');
    expect(stored?.participantHash).toEqual(expect.any(String));
  });

  it('stores nothing of the author from a plain form without the consent box ticked', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const fields = new URLSearchParams({
      kind: 'idea',
      title: 'Drinking fountain',
      body: 'Near the playground.',
      'participant.email': 'form.author@example.org',
      'participant.name': 'Wilhelmina Form',
    });

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/contributions`,
      rawBody: fields.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(answer.status).toBe(201);
    const table = await wholeTable();
    expect(table).not.toContain('form.author@example.org');
    expect(table).not.toContain('wilhelmina form');
  });

  it('keeps the address and name of an author who consents, for moderators to reach them', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const resident = {
      email: 'Open.Author@Example.org',
      name: 'Bartholomew Consent',
      consentToContact: true,
    };

    // Act
    const answer = await postIdea(engagementId, resident);

    // Assess
    const stored = await contributionItem(answer.json.contributionId);
    expect(stored?.contact).toEqual({
      email: 'open.author@example.org',
      name: 'Bartholomew Consent',
      consentToContact: true,
    });
    expect(stored?.participantHash).toEqual(expect.any(String));
  });

  it('never shows a consenting author’s details on the public routes', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const resident = {
      email: 'shown.nowhere@example.org',
      name: 'Cornelius Private',
      consentToContact: true,
    };

    // Act
    const posted = await postIdea(engagementId, resident);
    const listed = await call(handler, { method: 'GET', path: `/engagements/${engagementId}/contributions` });

    // Assess
    expect(listed.status).toBe(200);
    expect(listed.json.items).toHaveLength(1);
    for (const body of [posted.body, listed.body]) {
      expect(body.toLowerCase()).not.toContain('shown.nowhere@example.org');
      expect(body).not.toContain('Cornelius Private');
      expect(body).not.toContain('participantHash');
    }
  });

  it('counts one author as one participant by the hash alone when no contact is kept', async () => {
    // Prepare
    const { engagementId } = await openEngagement();
    const first = await postIdea(engagementId, { email: 'same.person@example.org', name: 'Dagny One' });

    // Act
    const second = await postIdea(engagementId, {
      email: 'Same.Person+ideas@example.org',
      name: 'Dagny One',
    });

    // Assess
    const [a, b] = await Promise.all([
      contributionItem(first.json.contributionId),
      contributionItem(second.json.contributionId),
    ]);
    expect(a?.participantHash).toEqual(expect.any(String));
    expect(b?.participantHash).toBe(a?.participantHash);
  });
});

describe('contact details of votes', () => {
  it('keeps no address of a voter, pending or confirmed, only the keyed hash', async () => {
    // Prepare
    const { contributionId } = await publishedIdea();
    const { path, token } = await pendingVote(contributionId, 'secret.voter@example.org');

    // Act
    const confirmed = await call(handler, { method: 'POST', path, body: { token } });

    // Assess
    expect(confirmed.status).toBe(200);
    expect(await wholeTable()).not.toContain('secret.voter');
    const vote = (await allItems()).find(
      (item) => item.pk === `CONTRIBUTION#${contributionId}` && String(item.sk).startsWith('VOTE#'),
    );
    expect(vote).toMatchObject({ status: 'counted' });
  });
});

describe('migration 0002: contact details stored before consent decided', () => {
  it('removes the contact of contributions without consent, keeps the consenting ones, once', async () => {
    // Prepare: items as a release before minimisation wrote them.
    const { engagementId, initiativeId } = await openEngagement();
    const oldContribution = (contributionId: string, contact: Record<string, unknown>) =>
      documentClient.send(
        new PutCommand({
          TableName: process.env.TABLE_NAME,
          Item: {
            ...keys.contribution(contributionId),
            ...keys.contributionModerationQueue(engagementId, 'published', contributionId),
            ...keys.publishedContribution(engagementId, contributionId, undefined),
            type: 'Contribution',
            contributionId,
            engagementId,
            initiativeId,
            kind: 'idea',
            title: 'Old idea',
            body: 'Written before minimisation.',
            status: 'published',
            voteCount: 0,
            replyCount: 0,
            createdAt: '2026-01-05T10:00:00.000Z',
            participantHash: `hash-${contributionId}`,
            contact,
          },
        }),
      );
    await oldContribution('01J00000000000000000000OLD1', {
      email: 'legacy.refused@example.org',
      name: 'Ignatius Legacy',
      consentToContact: false,
    });
    await oldContribution('01J00000000000000000000OLD2', {
      email: 'legacy.agreed@example.org',
      consentToContact: true,
    });
    const lines: string[] = [];
    const options = {
      client: documentClient,
      tableName: process.env.TABLE_NAME as string,
      log: (line: string) => lines.push(line),
    };

    // Act
    await contributionContactConsentMigration.run(options);
    await contributionContactConsentMigration.run(options);

    // Assess
    const table = await wholeTable();
    expect(table).not.toContain('legacy.refused@example.org');
    expect(table).not.toContain('ignatius legacy');
    const refused = await contributionItem('01J00000000000000000000OLD1');
    expect(refused).not.toHaveProperty('contact');
    expect(refused?.participantHash).toBe('hash-01J00000000000000000000OLD1');
    expect((await contributionItem('01J00000000000000000000OLD2'))?.contact).toEqual({
      email: 'legacy.agreed@example.org',
      consentToContact: true,
    });
    expect(lines).toEqual([
      'removed the contact details of 1 contribution(s) without consent to contact',
      'removed the contact details of 0 contribution(s) without consent to contact',
    ]);
    const listed = await call(handler, { method: 'GET', path: `/engagements/${engagementId}/contributions` });
    expect(listed.json.items).toHaveLength(2);
  });
});
