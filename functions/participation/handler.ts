import {
  checkYourEmailPage,
  confirmationViewPage,
  confirmedPage,
} from '../../shared/http/confirmation-routes';
import { thankYouPage } from '../../shared/http/html';
import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { type MessageLanguage, messagesFor } from '../../shared/messages';
import { participationRoutes } from './api';
import { dynamoParticipationStore } from './dynamo-store';
import { participationService } from './service';

const service = participationService(dynamoParticipationStore, {
  // Resolved at the first vote, so importing this module needs no mail configuration.
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
});

/** A vote posted from a plain form that named no thank-you page ends here. */
const checkYourEmailOrCountedPage = (
  answer: { status: string; message: string },
  input: unknown,
  language: MessageLanguage,
) =>
  answer.status === 'check-your-email'
    ? checkYourEmailPage(answer, input, language)
    : thankYouPage(language, messagesFor(language).page.thankYou.voteCounted);

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
    castVote: {
      handler: ({ params, body }) => service.castVote(params.contributionId, body.participant.email),
      page: checkYourEmailOrCountedPage,
    },
    viewVoteConfirmation: {
      handler: ({ params, query }) => service.viewVoteConfirmation(params.voteId, query.token),
      page: confirmationViewPage,
    },
    confirmVote: {
      handler: ({ params, body }) => service.confirmVote(params.voteId, body.token),
      page: confirmedPage,
    },
    getVoteTally: ({ params }) => service.voteTally(params.contributionId),
    moderateContribution: ({ params, body, principal }) =>
      service.moderate(params.contributionId, body, principal),
  }),
);
