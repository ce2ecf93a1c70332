import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll } from 'vitest';
import { handler as participation } from '../../functions/participation/handler';
import { initiativeExists } from '../../functions/participation/published';
import { dynamoVolunteeringStore } from '../../functions/volunteering/dynamo-store';
import { handler } from '../../functions/volunteering/handler';
import { volunteeringService } from '../../functions/volunteering/service';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { type ApiResponse, allItems, call, giveFunctionsTime } from './api';

const hour = 3_600_000;

/** A UTC instant `hours` from now, to the second (shifts in tests start in the future). */
export const hoursFromNow = (hours: number) =>
  new Date(Math.floor((Date.now() + hours * hour) / 1000) * 1000).toISOString();

function expectStatus(response: ApiResponse, status: number, what: string): ApiResponse {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${response.body}`);
  return response;
}

/** An initiative and an opportunity under it, made through the API. */
export async function anOpportunity(overrides: Record<string, unknown> = {}) {
  const initiative = expectStatus(
    await call(participation, {
      method: 'POST',
      path: '/initiatives',
      role: 'coordinator',
      body: { title: { en: 'Riverside park renewal' } },
    }),
    201,
    'initiative',
  );
  const opportunity = expectStatus(
    await call(handler, {
      method: 'POST',
      path: '/opportunities',
      role: 'coordinator',
      body: {
        initiativeId: initiative.json.initiativeId,
        title: { en: 'Tree planting', es: 'Plantación de árboles' },
        skills: ['gardening', 'first aid'],
        location: { name: 'Riverside park, north gate' },
        ...overrides,
      },
    }),
    201,
    'opportunity',
  );
  return {
    initiativeId: initiative.json.initiativeId as string,
    opportunityId: opportunity.json.opportunityId as string,
  };
}

/**
 * A training session of 5 seats in the initiative, two days ahead, `open` unless `fields` say
 * otherwise (as for `aShift`), made through the API.
 */
export async function aTrainingSession(initiativeId: string, fields: Record<string, unknown> = {}) {
  const session = expectStatus(
    await call(handler, {
      method: 'POST',
      path: '/training-sessions',
      role: 'coordinator',
      body: {
        initiativeId,
        title: { en: 'First aid' },
        startsAt: hoursFromNow(50),
        endsAt: hoursFromNow(52),
        timeZone: 'UTC',
        capacity: 5,
        skillsGained: ['first aid'],
        assurance: 'open',
        ...fields,
      },
    }),
    201,
    'training session',
  );
  return { sessionId: session.json.sessionId as string };
}

/**
 * A shift of `capacity` seats on the opportunity; by default tomorrow, 09:00–13:00 UTC-ish, and
 * `open` (counted at once), since most tests are about seats and waitlists, not about proving an
 * address: the tests of `email` shifts (the API's default) say `assurance: 'email'`.
 */
export async function aShift(opportunityId: string, fields: Record<string, unknown> = {}) {
  const shift = expectStatus(
    await call(handler, {
      method: 'POST',
      path: `/opportunities/${opportunityId}/shifts`,
      role: 'coordinator',
      body: {
        startsAt: hoursFromNow(24),
        endsAt: hoursFromNow(28),
        timeZone: 'Europe/Brussels',
        capacity: 10,
        assurance: 'open',
        ...fields,
      },
    }),
    201,
    'shift',
  );
  return shift.json as {
    shiftId: string;
    startsAt: string;
    endsAt: string;
    capacity: number;
    assurance: 'open' | 'email';
  };
}

/** A shift on a fresh opportunity. */
export async function aShiftToFill(fields: Record<string, unknown> = {}) {
  const { initiativeId, opportunityId } = await anOpportunity();
  const shift = await aShift(opportunityId, fields);
  return { initiativeId, opportunityId, ...shift };
}

export const person = (n: number | string) => ({
  name: `Volunteer ${n}`,
  email: `volunteer${n}@example.org`,
  consentToContact: true,
});

export const signUp = (
  shiftId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) => call(handler, { method: 'POST', path: `/shifts/${shiftId}/signups`, body, headers });

/** A program cancelling: `DELETE` with the token in the `X-Cancel-Token` header, never the URL. */
export const cancel = (signupId: string, token: string) =>
  call(handler, { method: 'DELETE', path: `/signups/${signupId}`, headers: { 'X-Cancel-Token': token } });

/**
 * What the handler module wires into the service (the mail goes to this test file's outbox, as
 * the handler's does); tests that build a service with their own clock use the same.
 */
export const ports = {
  initiativeExists,
  mailer: {
    send: (message: Parameters<ReturnType<typeof mailerFromEnvironment>['send']>[0]) =>
      mailerFromEnvironment().send(message),
  },
};

/** The volunteering service as the handler builds it, reading `clock` (a moved clock: holds lapse). */
export const serviceAt = (clock: () => Date) => volunteeringService(dynamoVolunteeringStore, clock, ports);

export const shiftNow = async (shiftId: string) =>
  expectStatus(await call(handler, { method: 'GET', path: `/shifts/${shiftId}` }), 200, 'shift').json as {
    capacity: number;
    seatsLeft: number;
    waiting: number;
  };

/**
 * For a file whose tests put many seat claims through at once. On a loaded machine a long line
 * takes longer than the 25 s a deployed claim waits its turn, or the function's 30 s: the file
 * gives both room by configuration (patience and function timeout), never by luck.
 */
export function giveSeatClaimsTime(seconds = 280): void {
  beforeAll(() => {
    process.env.SEAT_CLAIM_PATIENCE_SECONDS = String(seconds);
    resetRuntimeConfig();
    giveFunctionsTime((seconds + 20) * 1000);
  });
  afterAll(() => {
    delete process.env.SEAT_CLAIM_PATIENCE_SECONDS;
    resetRuntimeConfig();
  });
}

/** The EventBridge event the outbox publisher would deliver for an outbox item about this claim. */
export async function deliveredEvent(
  detailType: string,
  claimId: string,
): Promise<EventBridgeEvent<string, unknown>> {
  const item = (await allItems()).find((i) => {
    const detail = i.detail as { signupId?: string; enrolmentId?: string } | undefined;
    return i.detailType === detailType && (detail?.signupId ?? detail?.enrolmentId) === claimId;
  });
  if (!item) throw new Error(`No ${detailType} event for ${claimId}`);
  return {
    version: '0',
    id: 'test-event',
    'detail-type': detailType,
    source: item.source as string,
    account: '123456789012',
    time: item.occurredAt as string,
    region: 'eu-west-1',
    resources: [],
    detail: item.detail,
  };
}

/**
 * The seats of an activity as its item and its claims say, for the invariant every step keeps:
 * confirmed + held never above capacity, and the counters agreeing with the claims.
 */
export async function seatLedger(kind: 'shift' | 'training', activityId: string) {
  const items = await allItems();
  const activity = items.find(
    (i) => i.type === (kind === 'shift' ? 'Shift' : 'TrainingSession') && i.activityId === activityId,
  );
  const claims = items.filter(
    (i) => i.type === (kind === 'shift' ? 'Signup' : 'Enrolment') && i.activityId === activityId,
  );
  const count = (status: string) => claims.filter((c) => c.status === status).length;
  return {
    capacity: Number(activity?.capacity),
    taken: Number(activity?.taken),
    confirmedCounter: Number(activity?.confirmed),
    holdsCounter: Object.keys((activity?.holds as Record<string, number>) ?? {}).length,
    confirmed: count('confirmed'),
    held: count('held'),
    waitlisted: count('waitlisted'),
    expired: count('expired'),
  };
}

/** Fails unless confirmed + held is within capacity and the activity's counters agree with its claims. */
export async function expectSeatsWithinCapacity(kind: 'shift' | 'training', activityId: string) {
  const seats = await seatLedger(kind, activityId);
  if (seats.confirmed + seats.held > seats.capacity)
    throw new Error(`Over capacity: ${JSON.stringify(seats)}`);
  if (seats.confirmedCounter !== seats.confirmed || seats.holdsCounter !== seats.held)
    throw new Error(`Counters disagree with the claims: ${JSON.stringify(seats)}`);
  if (seats.taken !== seats.confirmed + seats.held) throw new Error(`taken is off: ${JSON.stringify(seats)}`);
  return seats;
}
