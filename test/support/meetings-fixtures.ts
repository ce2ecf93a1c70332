import { handler } from '../../functions/meetings/handler';
import { type ApiResponse, call } from './api';
import { openEngagement } from './fixtures';

const hour = 3_600_000;

/** A UTC instant `hours` from now, to the second. */
export const hoursFromNow = (hours: number) =>
  new Date(Math.floor((Date.now() + hours * hour) / 1000) * 1000).toISOString();

function expectStatus(response: ApiResponse, status: number, what: string): ApiResponse {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${response.body}`);
  return response;
}

/**
 * A meeting under a fresh engagement, two days ahead, in person with 30 seats and `open` (most
 * tests are about seats, not about proving an address), unless `fields` say otherwise.
 */
export async function aMeeting(fields: Record<string, unknown> = {}, engagement?: { engagementId: string }) {
  const { engagementId, initiativeId } = engagement
    ? { ...engagement, initiativeId: undefined }
    : await openEngagement();
  const meeting = expectStatus(
    await call(handler, {
      method: 'POST',
      path: `/engagements/${engagementId}/meetings`,
      role: 'coordinator',
      body: {
        title: { en: 'Riverside park: open meeting', es: 'Parque ribereño: reunión abierta' },
        description: { en: 'What should the park have?' },
        startsAt: hoursFromNow(48),
        endsAt: hoursFromNow(50),
        timeZone: 'Europe/Madrid',
        format: 'in-person',
        place: { address: 'Library hall, 1 River St', point: { lat: 40.41, lon: -3.7 } },
        capacity: 30,
        accessibility: ['step-free-access', 'hearing-loop'],
        languages: ['en', 'es'],
        assurance: 'open',
        ...fields,
      },
    }),
    201,
    'meeting',
  );
  return {
    ...(meeting.json as { meetingId: string; initiativeId: string; engagementId: string }),
    initiativeIdOfFixture: initiativeId,
  };
}

export const registrant = (n: number | string, extra: Record<string, unknown> = {}) => ({
  name: `Resident ${n}`,
  email: `resident${n}@example.org`,
  consentToContact: false,
  ...extra,
});

export const register = (
  meetingId: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) => call(handler, { method: 'POST', path: `/meetings/${meetingId}/registrations`, body, headers });

export const meetingNow = async (meetingId: string) =>
  expectStatus(await call(handler, { method: 'GET', path: `/meetings/${meetingId}` }), 200, 'meeting')
    .json as {
    capacity?: number;
    seatsLeft?: number;
    waiting: number;
  };
