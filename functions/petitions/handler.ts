import {
  checkYourEmailPage,
  confirmationViewPage,
  confirmedPage,
} from '../../shared/http/confirmation-routes';
import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { initiativeExists } from '../participation/published';
import { answerMailing } from './answer-mail';
import { signatureUnsubscribedPage, signatureUnsubscribePage } from './answer-mail-pages';
import { petitionsRoutes } from './api';
import { dynamoAnswerMailStore } from './dynamo-answer-mail';
import { dynamoInvalidationStore } from './dynamo-invalidation';
import { dynamoPetitionsStore } from './dynamo-store';
import { invalidationService } from './invalidation';
import { petitionsService } from './service';

const service = petitionsService(dynamoPetitionsStore, {
  initiativeExists,
  // Resolved at the first mail, so importing this module needs no mail configuration.
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
});

const invalidations = invalidationService(dynamoInvalidationStore, {
  getPetition: dynamoPetitionsStore.getPetition,
});

// The answer's way out: the mailing itself runs in the `petition-answer-mail` consumer.
const answerMail = answerMailing(dynamoAnswerMailStore, {
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
});

/** The request's source for invalidation criteria; a direct call (tests, tools) has none. */
const originOf = (input: { sourceIp?: string }) => ({ sourceIp: input.sourceIp ?? 'unknown' });

/** Petitions: drafts, sponsors and signatures, moderation, counts and the city's answer. */
export const handler = createHttpHandler(
  bindRoutes(petitionsRoutes, {
    draftPetition: {
      handler: (input) => service.draft(input.body, originOf(input)),
      page: checkYourEmailPage,
    },
    listPetitions: ({ query }) => service.listPetitions(query, query),
    getPetition: ({ params }) => service.getPetition(params.petitionId),
    listPetitionsForModeration: ({ query }) => service.moderationQueue(query.status, query),
    signPetition: {
      handler: (input) => service.sign(input.params.petitionId, input.body, originOf(input)),
      page: checkYourEmailPage,
    },
    viewSignatureConfirmation: {
      handler: ({ params, query }) => service.viewConfirmation(params.signatureId, query.token),
      page: confirmationViewPage,
    },
    confirmSignature: {
      handler: ({ params, body }) => service.confirm(params.signatureId, body.token),
      page: confirmedPage,
    },
    moderatePetition: ({ params, body, principal }) => service.moderate(params.petitionId, body, principal),
    answerPetition: ({ params, body, principal }) => service.respond(params.petitionId, body, principal),
    invalidateSignatures: ({ params, query, body, principal }) =>
      invalidations.invalidate(params.petitionId, body, query, principal),
    listSignatureInvalidations: ({ params, query }) => invalidations.history(params.petitionId, query),
    viewSignatureUnsubscribe: {
      handler: ({ params, query }) => answerMail.unsubscribePreview(params.signatureId, query.token),
      page: signatureUnsubscribePage,
    },
    unsubscribeSignature: {
      handler: ({ params, query }) => answerMail.unsubscribe(params.signatureId, query.token),
      page: signatureUnsubscribedPage,
    },
    unsubscribeSignatureByForm: {
      handler: ({ params, body }) => answerMail.unsubscribe(params.signatureId, body.token),
      page: signatureUnsubscribedPage,
    },
  }),
);
