import { handler as participation } from '../../functions/participation/handler';
import { handler } from '../../functions/partnerships/handler';
import type { StaffRole } from '../../shared/http/route';
import { type ApiResponse, call } from './api';

/** Calls the partnerships function, as a coordinator unless told otherwise. */
export const partnershipsApi = (
  method: string,
  path: string,
  options: {
    body?: unknown;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    role?: StaffRole | 'anonymous';
  } = {},
): Promise<ApiResponse> => {
  const { role = 'coordinator', ...rest } = options;
  return call(handler, { method, path, ...rest, ...(role === 'anonymous' ? {} : { role }) });
};

function expectStatus(answer: ApiResponse, status: number, what: string): void {
  if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${answer.body}`);
}

/** An initiative made through the participation API. */
export async function createInitiative(title = 'Riverside park renewal'): Promise<string> {
  const answer = await call(participation, {
    method: 'POST',
    path: '/initiatives',
    role: 'coordinator',
    body: { title: { en: title } },
  });
  expectStatus(answer, 201, 'initiative');
  return answer.json.initiativeId as string;
}

export const organizationBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Riverside Food Bank',
  type: 'non-profit',
  contact: { name: 'Dana Reyes', email: 'dana@foodbank.example.org', phone: '+44 20 7946 0001' },
  website: 'https://foodbank.example.org',
  neighbourhoods: ['Riverside'],
  description: { en: 'Food parcels and a community kitchen.' },
  publicDirectoryConsent: true,
  ...overrides,
});

export async function createOrganization(overrides: Record<string, unknown> = {}) {
  const answer = await partnershipsApi('POST', '/organizations', { body: organizationBody(overrides) });
  expectStatus(answer, 201, 'organisation');
  return answer.json as { organizationId: string; version: number };
}

/** A proposed partnership between fresh organisations (or the ones given) on a fresh initiative. */
export async function createPartnership(overrides: Record<string, unknown> = {}) {
  const organizationIds = (overrides.organizationIds as string[] | undefined) ?? [
    (await createOrganization()).organizationId,
  ];
  const initiativeIds = (overrides.initiativeIds as string[] | undefined) ?? [await createInitiative()];
  const answer = await partnershipsApi('POST', '/partnerships', {
    body: {
      name: 'Riverside summer meals',
      organizationIds,
      initiativeIds,
      goals: ['Serve 2,000 summer meals'],
      roles: [{ party: organizationIds[0], description: 'Runs the kitchen' }],
      ...overrides,
    },
  });
  expectStatus(answer, 201, 'partnership');
  return answer.json as {
    partnershipId: string;
    version: number;
    status: string;
    organizationIds: string[];
    initiativeIds: string[];
  };
}

/** PATCHes a partnership's status, based on `version`. */
export const changeStatus = (
  partnershipId: string,
  version: number,
  status: string,
  note = 'Agreed at the steering group.',
) =>
  partnershipsApi('PATCH', `/partnerships/${partnershipId}`, {
    body: { expectedVersion: version, status, note },
  });

/** An active partnership (proposed, then activated): contributions can be recorded on it. */
export async function activePartnership(overrides: Record<string, unknown> = {}) {
  const created = await createPartnership(overrides);
  const activated = await changeStatus(created.partnershipId, created.version, 'active');
  expectStatus(activated, 200, 'activation');
  return activated.json as typeof created;
}
