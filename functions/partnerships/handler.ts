import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { initiativeExists } from '../participation/published';
import { partnershipRoutes } from './api';
import { dynamoPartnershipStore } from './dynamo-store';
import { organizationService } from './organization-service';
import { partnershipService } from './service';

const organizations = organizationService(dynamoPartnershipStore);
const partnerships = partnershipService(dynamoPartnershipStore, () => new Date(), { initiativeExists });

/** Organisations, partnerships and partner contributions. One function, routing inside. */
export const handler = createHttpHandler(
  bindRoutes(partnershipRoutes, {
    createOrganization: ({ body, principal }) => organizations.createOrganization(body, principal),
    listDirectory: ({ query }) => organizations.listDirectory(query, query),
    listOrganizations: ({ query }) => organizations.listOrganizations(query, query),
    getOrganization: ({ params }) => organizations.getOrganization(params.organizationId),
    updateOrganization: ({ params, body, headers, principal }) =>
      organizations.updateOrganization(params.organizationId, body, headers['if-match'], principal),
    createPartnership: ({ body, principal }) => partnerships.createPartnership(body, principal),
    listPartnerships: ({ query }) => partnerships.listPartnerships(query, query),
    getPartnership: ({ params }) => partnerships.getPartnership(params.partnershipId),
    changePartnership: ({ params, body, headers, principal }) =>
      partnerships.changePartnership(params.partnershipId, body, headers['if-match'], principal),
    recordPartnerContribution: ({ params, body, principal }) =>
      partnerships.recordContribution(params.partnershipId, body, principal),
    listPartnerContributions: ({ params, query }) =>
      partnerships.listContributions(params.partnershipId, query),
    getInitiativePartnershipTotals: ({ params }) => partnerships.initiativeTotals(params.initiativeId),
  }),
);
