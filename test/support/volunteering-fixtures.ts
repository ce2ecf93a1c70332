import { afterAll, beforeAll } from 'vitest';
import { handler as participation } from '../../functions/participation/handler';
import { handler } from '../../functions/volunteering/handler';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import { type ApiResponse, call, giveFunctionsTime } from './api';

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

/** A shift of `capacity` seats on the opportunity; by default tomorrow, 09:00–13:00 UTC-ish. */
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
        ...fields,
      },
    }),
    201,
    'shift',
  );
  return shift.json as { shiftId: string; startsAt: string; endsAt: string; capacity: number };
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

export const cancel = (signupId: string, token: string) =>
  call(handler, { method: 'DELETE', path: `/signups/${signupId}`, query: { token } });

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
