import { defineRoute } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import type { ContextDeclaration } from '../context';
import {
  contributionInput,
  contributionListQuery,
  contributionPage,
  directoryPage,
  directoryQuery,
  initiativeParams,
  initiativeTotals,
  organization,
  organizationDetail,
  organizationInput,
  organizationPage,
  organizationParams,
  organizationUpdate,
  partnerContribution,
  partnershipDetail,
  partnershipInput,
  partnershipListQuery,
  partnershipPage,
  partnershipParams,
  partnershipsPersonalData,
  partnershipUpdate,
} from './schemas';

const tag = 'partnerships';
const coordinator = staffAccess.manage;
const staffReaders = staffAccess.read;

const versionNote =
  'Send the `version` you read as `expectedVersion` (or an `If-Match: "<version>"` header); an edit based on a stale version is refused with 409 and changes nothing.';

/** The route contracts; what each does is bound in `handler.ts`. */
export const partnershipRoutes = [
  defineRoute({
    operationId: 'createOrganization',
    method: 'POST',
    path: '/organizations',
    summary: 'Register a partner organisation',
    description:
      'It appears in the public directory only with `publicDirectoryConsent: true`, and then without its contact.',
    tag,
    auth: coordinator,
    request: { body: organizationInput },
    response: { status: 201, description: 'The organisation.', schema: organization },
  }),
  defineRoute({
    operationId: 'listDirectory',
    method: 'GET',
    path: '/organizations',
    summary: 'The public partner directory',
    description:
      'Only organisations that consented, and only their public fields (never the contact), sorted by name. `name` matches names that begin with it, ignoring case, accents and repeated spaces. Staff see every organisation at `GET /organizations/all`.',
    tag,
    auth: 'public',
    request: { query: directoryQuery },
    response: { status: 200, description: 'A page of the directory.', schema: directoryPage },
  }),
  defineRoute({
    operationId: 'listOrganizations',
    method: 'GET',
    path: '/organizations/all',
    summary: 'Every partner organisation, consenting or not (staff)',
    description: 'The same filters as the public directory; each organisation with its contact and consent.',
    tag,
    auth: staffReaders,
    request: { query: directoryQuery },
    response: {
      status: 200,
      description: 'A page of organisations, sorted by name.',
      schema: organizationPage,
    },
  }),
  defineRoute({
    operationId: 'getOrganization',
    method: 'GET',
    path: '/organizations/{organizationId}',
    summary: 'One organisation with the totals of its contributions',
    tag,
    auth: staffReaders,
    request: { params: organizationParams },
    response: { status: 200, description: 'The organisation and its totals.', schema: organizationDetail },
    errors: [404],
  }),
  defineRoute({
    operationId: 'updateOrganization',
    method: 'PATCH',
    path: '/organizations/{organizationId}',
    summary: 'Edit an organisation, or record a change of directory consent',
    description: `Withdrawing \`publicDirectoryConsent\` removes it from the public directory in the same write. ${versionNote}`,
    tag,
    auth: coordinator,
    request: { params: organizationParams, body: organizationUpdate },
    response: { status: 200, description: 'The organisation, at its new version.', schema: organization },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'createPartnership',
    method: 'POST',
    path: '/partnerships',
    summary: 'Record a partnership (it starts as proposed)',
    tag,
    auth: coordinator,
    request: { body: partnershipInput },
    response: { status: 201, description: 'The partnership and its history.', schema: partnershipDetail },
  }),
  defineRoute({
    operationId: 'listPartnerships',
    method: 'GET',
    path: '/partnerships',
    summary: 'List partnerships, or those needing attention',
    description:
      'Oldest first, or filtered by one of `status`, `initiativeId`, `organizationId`, `attention`. With `attention=true`: open partnerships whose end date is within the renewal notice or past (`renewal-due`), or with no change or contribution for the stale period (`stale`); thresholds come from the deployment config. That list is filtered while read, so a page may hold fewer than `limit` while `nextCursor` is present.',
    tag,
    auth: staffReaders,
    request: { query: partnershipListQuery },
    response: {
      status: 200,
      description: 'A page of partnerships with their totals.',
      schema: partnershipPage,
    },
  }),
  defineRoute({
    operationId: 'getPartnership',
    method: 'GET',
    path: '/partnerships/{partnershipId}',
    summary: 'One partnership with its totals and its full history',
    tag,
    auth: staffReaders,
    request: { params: partnershipParams },
    response: { status: 200, description: 'The partnership.', schema: partnershipDetail },
    errors: [404],
  }),
  defineRoute({
    operationId: 'changePartnership',
    method: 'PATCH',
    path: '/partnerships/{partnershipId}',
    summary: 'Move a partnership along its lifecycle, or edit its goals, roles and dates',
    description: `proposed → active → (paused ⇄ active) → completed | ended; a proposal that does not go ahead is ended. Any other transition is 409. A status change needs a \`note\`. Every change is kept in the history (who, when, from, to, note). ${versionNote}`,
    tag,
    auth: coordinator,
    request: { params: partnershipParams, body: partnershipUpdate },
    response: { status: 200, description: 'The partnership at its new version.', schema: partnershipDetail },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'recordPartnerContribution',
    method: 'POST',
    path: '/partnerships/{partnershipId}/contributions',
    summary: 'Record money, goods in kind, staff hours, or the city’s own spend',
    description:
      'Values count in the city’s currency: another currency is converted at the configured rate, and refused (422) when none is configured. Staff hours count at the configured hourly value. `citySpend` is what the city itself spends; partner contributions ÷ city spend is the leveraged value. A proposed partnership takes no contributions (409).',
    tag,
    auth: coordinator,
    request: { params: partnershipParams, body: contributionInput },
    response: { status: 201, description: 'The contribution as counted.', schema: partnerContribution },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'listPartnerContributions',
    method: 'GET',
    path: '/partnerships/{partnershipId}/contributions',
    summary: 'The contributions of a partnership, oldest first',
    tag,
    auth: staffReaders,
    request: { params: partnershipParams, query: contributionListQuery },
    response: { status: 200, description: 'A page of contributions.', schema: contributionPage },
    errors: [404],
  }),
  defineRoute({
    operationId: 'getInitiativePartnershipTotals',
    method: 'GET',
    path: '/initiatives/{initiativeId}/partnership-totals',
    summary: 'Partner contributions, city spend and leveraged value of one initiative',
    tag,
    auth: staffReaders,
    request: { params: initiativeParams },
    response: { status: 200, description: 'The initiative’s totals.', schema: initiativeTotals },
    errors: [404],
  }),
];

/** Organisations, partnerships and partner contributions: one HTTP function (`handler.ts`); no consumers or jobs. */
export const partnerships: ContextDeclaration = {
  name: 'partnerships',
  personalData: partnershipsPersonalData,
  http: [
    {
      name: 'partnerships',
      entry: 'functions/partnerships/handler.ts',
      routes: partnershipRoutes,
      tableAccess: 'readWrite',
      publishedFrom: { participation: 'read' },
    },
  ],
};
