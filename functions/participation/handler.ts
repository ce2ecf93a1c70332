import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { participationRoutes } from './api';
import { dynamoParticipationStore } from './dynamo-store';
import { participationService } from './service';

const service = participationService(dynamoParticipationStore);

/** Initiatives, engagements, contributions, votes and moderation: one function, routing inside. */
export const handler = createHttpHandler(
  bindRoutes(participationRoutes, {
    createInitiative: ({ body }) => service.createInitiative(body),
    listInitiatives: ({ query }) => service.listInitiatives(query),
    getInitiative: ({ params }) => service.getInitiative(params.initiativeId),
    createEngagement: ({ body }) => service.createEngagement(body),
    listEngagements: ({ query }) => service.listEngagements({ initiativeId: query.initiativeId }, query),
    getEngagement: ({ params }) => service.getEngagement(params.engagementId),
    submitContribution: ({ params, body }) => service.submitContribution(params.engagementId, body),
    listContributions: ({ params, query }) => service.listContributions(params.engagementId, query, query),
    castVote: ({ params, body }) => service.castVote(params.contributionId, body.participant.email),
    moderateContribution: ({ params, body, principal }) =>
      service.moderate(params.contributionId, body, principal),
  }),
);
