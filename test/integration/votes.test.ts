import { describe, expect, it } from 'vitest';
import { dynamoParticipationStore } from '../../functions/participation/dynamo-store';
import { handler } from '../../functions/participation/handler';
import { participationService } from '../../functions/participation/service';
import { allItems, call, comparableAnswer } from '../support/api';
import { openEngagement, pendingVote, publishedIdea } from '../support/fixtures';
import { confirmationLinkIn, lastMailTo, sentMail } from '../support/mail';

const vote = (contributionId: string, email: string, headers: Record<string, string> = {}) =>
  call(handler, {
    method: 'POST',
    path: `/contributions/${contributionId}/votes`,
    body: { participant: { email } },
    headers,
  });

const confirm = (path: string, token: string) => call(handler, { method: 'POST', path, body: { token } });

const voteCount = async (engagementId: string, contributionId: string) => {
  const list = await call(handler, { method: 'GET', path: `/engagements/${engagementId}/contributions` });
  return list.json.items.find((c: { contributionId: string }) => c.contributionId === contributionId)
    .voteCount;
};

const tally = async (contributionId: string) =>
  (
    await call(handler, {
      method: 'GET',
      path: `/contributions/${contributionId}/vote-tally`,
      role: 'analyst',
    })
  ).json;

/** A published idea in an engagement whose votes count at once (`open` assurance). */
async function openlyVotedIdea() {
  const { engagementId } = await openEngagement({ voteAssurance: 'open' });
  const idea = await call(handler, {
    method: 'POST',
    path: `/engagements/${engagementId}/contributions`,
    body: { kind: 'idea', title: 'A splash pad', body: 'Children need somewhere cool in summer.' },
  });
  return { engagementId, contributionId: idea.json.contributionId as string };
}

describe('votes under email assurance (the default)', () => {
  it('counts a vote only once its emailed link is confirmed', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();

    // Act
    const answer = await vote(contributionId, 'ana@example.org');
    const countBefore = await voteCount(engagementId, contributionId);
    const link = confirmationLinkIn(await lastMailTo('ana@example.org'));
    const confirmed = await confirm(link.path, link.token);

    // Assess
    expect(answer.status).toBe(202);
    expect(answer.json.status).toBe('check-your-email');
    expect(countBefore).toBe(0);
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.status).toBe('confirmed');
    expect(await voteCount(engagementId, contributionId)).toBe(1);
    const events = (await allItems()).filter(
      (item) =>
        item.detailType === 'VoteCast' &&
        (item.detail as { contributionId: string }).contributionId === contributionId,
    );
    expect(events.map((event) => (event.detail as { assurance: string }).assurance)).toEqual(['email']);
  });

  it('keeps only the token’s hash and no address', async () => {
    // Prepare
    const { contributionId } = await publishedIdea();

    // Act
    const { token } = await pendingVote(contributionId, 'private@example.org');

    // Assess
    const stored = JSON.stringify(await allItems());
    expect(stored).not.toContain(token);
    expect(stored).not.toContain('private@example.org');
  });

  it('changes nothing when the link is opened (GET), in a browser or by a program', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();
    const link = await pendingVote(contributionId, 'scanner@example.org');
    const before = await allItems();

    // Act
    const page = await call(handler, {
      method: 'GET',
      path: link.path,
      query: { token: link.token },
      headers: { Accept: 'text/html' },
    });
    const json = await call(handler, { method: 'GET', path: link.path, query: { token: link.token } });

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<form method="post" action="confirmation">');
    expect(json.json.status).toBe('awaiting-confirmation');
    expect(await allItems()).toEqual(before);
    expect(await voteCount(engagementId, contributionId)).toBe(0);
  });

  it('confirms from the page’s button as a plain form and shows a thank-you page', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();
    const link = await pendingVote(contributionId, 'form@example.org');

    // Act
    const answer = await call(handler, {
      method: 'POST',
      path: link.path,
      rawBody: `token=${encodeURIComponent(link.token)}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('is confirmed');
    expect(await voteCount(engagementId, contributionId)).toBe(1);
  });

  it('counts a confirmation posted twice once, and answers both the same way', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();
    const link = await pendingVote(contributionId, 'twice@example.org');

    // Act
    const first = await confirm(link.path, link.token);
    const second = await confirm(link.path, link.token);

    // Assess
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.json).toEqual(first.json);
    expect(await voteCount(engagementId, contributionId)).toBe(1);
  });

  it('counts 20 concurrent confirmations of one token once', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();
    const link = await pendingVote(contributionId, 'crowd@example.org');

    // Act
    const answers = await Promise.all(Array.from({ length: 20 }, () => confirm(link.path, link.token)));

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(await voteCount(engagementId, contributionId)).toBe(1);
    const events = (await allItems()).filter(
      (item) =>
        item.detailType === 'VoteCast' &&
        (item.detail as { contributionId: string }).contributionId === contributionId,
    );
    expect(events).toHaveLength(1);
  });

  it('answers a wrong token as an unknown vote (404) and counts nothing', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();
    const link = await pendingVote(contributionId, 'guess@example.org');

    // Act
    const guessed = await confirm(link.path, `${link.token.slice(0, -2)}xx`);
    const viewed = await call(handler, { method: 'GET', path: link.path, query: { token: 'x'.repeat(43) } });

    // Assess
    expect(guessed.status).toBe(404);
    expect(viewed.status).toBe(404);
    expect(await voteCount(engagementId, contributionId)).toBe(0);
  });

  it('counts x+1@, X@ and " x@ " as one person: only the latest link works, and it counts once', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();

    // Act
    const links = [];
    for (const email of ['x+1@example.org', 'X@example.org', ' x@example.org ']) {
      expect((await vote(contributionId, email)).status).toBe(202);
      links.push(confirmationLinkIn(await lastMailTo(email.trim().toLowerCase())));
    }
    const latest = links[2] as { path: string; token: string };
    const older = links[0] as { path: string; token: string };
    const counted = await confirm(latest.path, latest.token);
    const superseded = await confirm(older.path, older.token);
    const again = await vote(contributionId, 'x+2@example.org');

    // Assess
    expect(counted.status).toBe(200);
    expect(superseded.status).toBe(409);
    expect(superseded.json.reason).toBe('confirmation-superseded');
    expect(again.status).toBe(202);
    expect((await lastMailTo('x+2@example.org')).subject).toBe('Your vote already counts');
    expect(await voteCount(engagementId, contributionId)).toBe(1);
  });

  it('gives a known and an unknown address byte-identical answers', async () => {
    // Prepare
    const { contributionId } = await publishedIdea();
    const link = await pendingVote(contributionId, 'known@example.org');
    await confirm(link.path, link.token);
    await vote(contributionId, 'pending@example.org');

    // Act
    const known = await vote(contributionId, 'known@example.org');
    const pending = await vote(contributionId, 'pending@example.org');
    const unknown = await vote(contributionId, 'unknown@example.org');

    // Assess
    expect(comparableAnswer(known)).toEqual(comparableAnswer(unknown));
    expect(comparableAnswer(pending)).toEqual(comparableAnswer(unknown));
    const subjects = [
      (await lastMailTo('known@example.org')).subject,
      (await lastMailTo('unknown@example.org')).subject,
    ];
    expect(subjects).toEqual(['Your vote already counts', 'Please confirm your vote']);
  });

  it('keeps resident text out of the mail’s headers and sends the link only in the body', async () => {
    // Prepare
    const { contributionId } = await publishedIdea();

    // Act
    await vote(contributionId, 'headers@example.org');

    // Assess
    const mail = await lastMailTo('headers@example.org');
    expect(mail.subject).toBe('Please confirm your vote');
    expect(mail.text).toContain('“What should the new park have?”');
    expect(mail.text).not.toContain('A splash pad');
    expect(mail.html).toContain('Confirm my vote');
  });

  it('shows staff the votes awaiting confirmation apart from those counted', async () => {
    // Prepare
    const { contributionId } = await publishedIdea();
    const link = await pendingVote(contributionId, 'one@example.org');
    await pendingVote(contributionId, 'two@example.org');

    // Act
    const before = await tally(contributionId);
    await confirm(link.path, link.token);
    const after = await tally(contributionId);

    // Assess
    expect(before).toMatchObject({ counted: 0, countedUnconfirmed: 0, awaitingConfirmation: 2 });
    expect(after).toMatchObject({ counted: 1, countedUnconfirmed: 0, awaitingConfirmation: 1 });
  });

  it('lets a link lapse: after its expiry it counts nothing and says so', async () => {
    // Prepare
    const { engagementId, contributionId } = await publishedIdea();
    const inADay = new Date(Date.now() + 25 * 3600_000);
    const later = participationService(dynamoParticipationStore, {
      mailer: {
        send: () => Promise.reject(new Error('Nothing is mailed when a link is opened or confirmed.')),
      },
      clock: () => inADay,
    });
    const link = await pendingVote(contributionId, 'late@example.org');
    const voteId = link.path.split('/')[2] as string;

    // Act
    const view = await later.viewVoteConfirmation(voteId, link.token);
    const refused = await later.confirmVote(voteId, link.token).catch((error: Error) => error);

    // Assess
    expect(view.status).toBe('expired');
    expect(refused).toMatchObject({ reason: 'confirmation-expired' });
    expect(await voteCount(engagementId, contributionId)).toBe(0);
    expect((await tally(contributionId)).awaitingConfirmation).toBe(1);
    await expect(later.voteTally(contributionId)).resolves.toMatchObject({ awaitingConfirmation: 0 });
  });

  it('refuses a vote for a contribution that does not exist (404) and mails nobody', async () => {
    // Prepare
    const mailsBefore = (await sentMail()).length;

    // Act
    const answer = await vote('01ARZ3NDEKTSV4RRFFQ69G5FAV', 'ana@example.org');

    // Assess
    expect(answer.status).toBe(404);
    expect((await sentMail()).length).toBe(mailsBefore);
  });
});

describe('votes under open assurance', () => {
  it('counts at once, and answers a repeated vote exactly like the first', async () => {
    // Prepare
    const { engagementId, contributionId } = await openlyVotedIdea();

    // Act
    const first = await vote(contributionId, 'ana@example.org');
    const second = await vote(contributionId, '  ANA+again@example.org ');

    // Assess
    expect(first.status).toBe(202);
    expect(first.json.status).toBe('counted');
    expect(comparableAnswer(second)).toEqual(comparableAnswer(first));
    expect(await voteCount(engagementId, contributionId)).toBe(1);
    expect(await tally(contributionId)).toMatchObject({ counted: 1, countedUnconfirmed: 1 });
  });

  it('counts exactly one of 50 parallel votes from the same participant', async () => {
    // Prepare
    const { engagementId, contributionId } = await openlyVotedIdea();

    // Act
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => vote(contributionId, 'same@example.org')),
    );

    // Assess
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    expect(await voteCount(engagementId, contributionId)).toBe(1);
    const votes = (await allItems()).filter(
      (item) => item.pk === `CONTRIBUTION#${contributionId}` && String(item.sk).startsWith('VOTE#'),
    );
    expect(votes).toHaveLength(1);
  });

  it('counts all 50 parallel votes from distinct participants', async () => {
    // Prepare
    const { engagementId, contributionId } = await openlyVotedIdea();

    // Act
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => vote(contributionId, `voter${i}@example.org`)),
    );

    // Assess
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    expect(await voteCount(engagementId, contributionId)).toBe(50);
    const events = (await allItems()).filter(
      (item) =>
        item.detailType === 'VoteCast' &&
        (item.detail as { contributionId: string }).contributionId === contributionId,
    );
    expect(events).toHaveLength(50);
  });
});
