import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/db/client';
import { tableName } from '../../shared/db/items';
import { volunteeringKeys } from '../../shared/db/keys';
import { allItems } from '../support/api';
import { aShiftToFill, cancel, person, signUp } from '../support/volunteering-fixtures';

const seatEventsOf = async (shiftId: string) =>
  (await allItems()).filter(
    (item) => item.type === 'OutboxEvent' && (item.detail as { shiftId?: string }).shiftId === shiftId,
  );

describe('the channel of a seat claim', () => {
  it('stores `web` on a public sign-up, on its waitlist entry and on every seat event it raises', async () => {
    // Prepare
    const { shiftId } = await aShiftToFill({ capacity: 1 });
    const first = await signUp(shiftId, person('channel-1'));
    const second = await signUp(shiftId, person('channel-2'));

    // Act
    const waiting = (await allItems()).find(
      (item) => item.type === 'WaitlistEntry' && item.claimId === second.json.signupId,
    );
    await cancel(first.json.signupId as string, first.json.cancelToken as string);

    // Assess
    const claims = (await allItems()).filter((item) => item.type === 'Signup' && item.activityId === shiftId);
    expect(claims.map((claim) => claim.channel)).toEqual(['web', 'web']);
    expect(waiting).toMatchObject({ channel: 'web', volunteerId: expect.any(String) });
    const events = await seatEventsOf(shiftId);
    expect(events.map((event) => event.detailType).sort()).toEqual([
      'SignupCancelled',
      'VolunteerPromoted',
      'VolunteerSignedUp',
      'VolunteerWaitlisted',
    ]);
    for (const event of events) expect(event.detail).toMatchObject({ channel: 'web' });
  });

  it('reads a claim stored before channels as `web`, and cancels it with a `web` event', async () => {
    // Prepare
    const { shiftId } = await aShiftToFill({ capacity: 2 });
    const claim = await signUp(shiftId, person('channel-old'));
    const signupId = claim.json.signupId as string;
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: volunteeringKeys.claim('shift', signupId),
        UpdateExpression: 'REMOVE channel',
      }),
    );

    // Act
    const cancelled = await cancel(signupId, claim.json.cancelToken as string);

    // Assess
    expect(cancelled.status).toBe(200);
    const stored = (await allItems()).find((item) => item.type === 'Signup' && item.claimId === signupId);
    expect(stored?.channel).toBeUndefined();
    const events = await seatEventsOf(shiftId);
    expect(events.find((event) => event.detailType === 'SignupCancelled')?.detail).toMatchObject({
      signupId,
      channel: 'web',
    });
  });
});
