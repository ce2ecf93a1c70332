import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/petitions/handler';
import { call, giveFunctionsTime } from '../support/api';
import { outboxEvents } from '../support/events';
import {
  pendingSignatureLinks,
  publishedPetition,
  readPetition,
  usePetitionSettings,
} from '../support/petition-fixtures';

/**
 * A viral petition: 500 people confirm their signatures at the same moment. Every confirmation
 * must count exactly once (the counter is sharded, contention is retried), and each threshold the
 * crowd crosses must be recorded, with its event, exactly once, however many confirmations race
 * past it. Against DynamoDB Local; the file runs alone (vitest.config.ts) as it loads the machine.
 */

const crowd = 500;
usePetitionSettings({
  types: { city: { response: { signatures: 250 }, debate: { signatures: 400 } } },
});
// Here the 500 requests share one process, its 50 sockets and two cores with DynamoDB Local (in
// the cloud each is its own Lambda): most of their time is the wait for a socket, so they get
// time for it; the test is about every confirmation counting once, not about latency.
giveFunctionsTime(400_000);

describe('500 concurrent confirmations on one petition', () => {
  it('counts every one exactly, and records each threshold with its event once', async () => {
    // Prepare: creator and two sponsors count 3 already
    const { petitionId } = await publishedPetition();
    const links = await pendingSignatureLinks(petitionId, crowd);

    // Act
    const answers = await Promise.all(
      links.map((link) => call(handler, { method: 'POST', path: link.path, body: { token: link.token } })),
    );

    // Assess
    expect(answers.filter((answer) => answer.status !== 200).map((answer) => answer.body)).toEqual([]);
    const petition = await readPetition(petitionId);
    expect(petition.signatures.total).toBe(crowd + 3);
    expect(petition.signatures.byChannel).toEqual({ web: crowd + 3 });
    const confirmedEvents = await outboxEvents(
      (event) =>
        event['detail-type'] === 'SignatureConfirmed' &&
        (event.detail as { petitionId: string }).petitionId === petitionId,
    );
    expect(confirmedEvents).toHaveLength(crowd + 3);
    const reached = await outboxEvents(
      (event) =>
        event['detail-type'] === 'PetitionThresholdReached' &&
        (event.detail as { petitionId: string }).petitionId === petitionId,
    );
    expect(reached.map((event) => (event.detail as { level: string }).level).sort()).toEqual([
      'debate',
      'response',
    ]);
    expect(Object.keys(petition.reached).sort()).toEqual(['debate', 'response']);
  }, 600_000);
});
