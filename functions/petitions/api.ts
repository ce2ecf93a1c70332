import { PetitionAnswered, PetitionPublished, PetitionResponseDue } from '../../events/petitions';
import { checkYourEmail } from '../../shared/domain/confirmation';
import { confirmationRoutes } from '../../shared/http/confirmation-routes';
import { defineRoute } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import type { ContextDeclaration } from '../context';
import {
  signatureUnsubscribeBody,
  signatureUnsubscribePreview,
  signatureUnsubscribeQuery,
  signatureUnsubscribeResult,
} from './answer-mail-schemas';
import {
  invalidationHistory,
  invalidationHistoryQuery,
  invalidationInput,
  invalidationQuery,
  invalidationResult,
} from './invalidation-schemas';
import {
  moderationInput,
  moderationQueuePage,
  moderationQueueQuery,
  moderationResult,
  petitionInput,
  petitionListQuery,
  petitionPage,
  petitionParams,
  petitionsPersonalData,
  petitionView,
  responseInput,
  signatureInput,
  signatureParams,
} from './schemas';

const tag = 'petitions';

/** The route contracts; what each does is bound in `handler.ts`. */
export const petitionsRoutes = [
  defineRoute({
    operationId: 'draftPetition',
    method: 'POST',
    path: '/petitions',
    summary: 'Start a petition: the creator confirms their address by mail, then gathers sponsors',
    description:
      'The answer is always 202 `check-your-email`. The creator’s emailed link creates the petition, with their signature as its first, and the next mail gives them its link to pass to the sponsors the city asks for (`petitions.sponsorsNeeded`, default 5). With enough confirmed sponsors it waits for staff to publish or reject it. `petitionType` is one of the city’s petition types (`petitions.types`); `neighbourhood` one of its neighbourhoods.',
    tag,
    auth: 'public',
    acceptsForm: true,
    rateLimit: 'signatures',
    request: { body: petitionInput },
    response: {
      status: 202,
      description: '`check-your-email`, for every address alike.',
      schema: checkYourEmail,
      awaitsConfirmation: true,
    },
    errors: [404],
  }),
  defineRoute({
    operationId: 'listPetitions',
    method: 'GET',
    path: '/petitions',
    summary: 'List petitions, newest first: published (default), closed or rejected',
    description:
      'Open data: counts by channel and by neighbourhood (cells under the minimum size withheld), thresholds and the city’s answer; signers’ names are never shown. Filters: `initiativeId`, `neighbourhood`. A filtered page may hold fewer than `limit` items; follow `nextCursor`.',
    tag,
    auth: 'public',
    request: { query: petitionListQuery },
    response: { status: 200, description: 'A page of petitions.', schema: petitionPage },
  }),
  defineRoute({
    operationId: 'getPetition',
    method: 'GET',
    path: '/petitions/{petitionId}',
    summary: 'Read a petition with its counts, thresholds, deadline and the city’s answer',
    description:
      'A petition gathering sponsors or awaiting moderation is readable by its link (that is how sponsors find it) but not listed. Totals by neighbourhood withhold cells counting fewer people than the minimum cell size.',
    tag,
    auth: 'public',
    request: { params: petitionParams },
    response: { status: 200, description: 'The petition.', schema: petitionView },
    errors: [404],
  }),
  defineRoute({
    operationId: 'signPetition',
    method: 'POST',
    path: '/petitions/{petitionId}/signatures',
    summary: 'Sign a petition (or sponsor it, while it gathers sponsors); counted once confirmed by mail',
    description:
      'The answer is always 202 `check-your-email`, whatever the address’s history: a new signature waits for its emailed link (`POST /petition-signatures/{signatureId}/confirmation`); a repeated request gets a fresh link (only the latest works); an address that has signed is told so by mail. One signature per person: case, spaces and `+tags` do not make a second address. Where the city turns on the household rule (`petitions.household`), people sharing an address may each sign under their own name, up to its `maxNames`. A closed petition is 409 `petition-closed`.',
    tag,
    auth: 'public',
    acceptsForm: true,
    rateLimit: 'signatures',
    request: { params: petitionParams, body: signatureInput },
    response: {
      status: 202,
      description: '`check-your-email`, for every address alike.',
      schema: checkYourEmail,
      awaitsConfirmation: true,
    },
    errors: [404, 409],
  }),
  ...confirmationRoutes({
    operationNoun: 'Signature',
    aNoun: 'a petition signature',
    path: '/petition-signatures/{signatureId}',
    params: signatureParams,
    tag,
    effect:
      'The signature counts (the creator’s creates the petition); crossing a threshold is recorded once. A petition that stopped taking signatures meanwhile is 409 `petition-not-open`; a full household 409 `household-full`.',
  }),
  defineRoute({
    operationId: 'listPetitionsForModeration',
    method: 'GET',
    path: '/petitions/moderation-queue',
    summary: 'The petitions waiting for moderation, oldest first (or those still gathering sponsors)',
    description:
      'With their full text and counts, for the staff who publish or reject them (`POST /petitions/{petitionId}/moderation`). `submittedAt` says since when each has waited; the digest flags those waiting longer than `petitions.moderationOverdueDays`.',
    tag,
    // A queue of residents' submissions awaiting review: for the people who act on them.
    auth: staffAccess.personalData,
    request: { query: moderationQueueQuery },
    response: { status: 200, description: 'A page of petitions, oldest first.', schema: moderationQueuePage },
  }),
  defineRoute({
    operationId: 'moderatePetition',
    method: 'POST',
    path: '/petitions/{petitionId}/moderation',
    summary: 'Publish a petition that has its sponsors, or reject it with a reason',
    description:
      'Publishing fixes its thresholds from the configuration as it is now (a share of the population becomes a number) and its closing date (`petitions.openMonths`); later configuration changes never move them. A share with no population figure is 409 `no-population`. Rejecting needs a reason from the list (`other` needs a `note`). Not awaiting moderation: 409 `not-awaiting-moderation`.',
    tag,
    auth: staffAccess.manage,
    request: { params: petitionParams, body: moderationInput },
    response: { status: 200, description: 'The petition’s new status.', schema: moderationResult },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'answerPetition',
    method: 'PUT',
    path: '/petitions/{petitionId}/response',
    summary: 'Publish the city’s answer to a petition',
    description:
      'Public at once. The first answer is mailed to every signer who asked to hear it and ends the deadline’s reminders; answering again corrects the text without mailing again. `late` says whether it came after the deadline. Only published or closed petitions: otherwise 409 `not-answerable`.',
    tag,
    auth: staffAccess.manage,
    request: { params: petitionParams, body: responseInput },
    response: { status: 200, description: 'The petition with its answer.', schema: petitionView },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'invalidateSignatures',
    method: 'POST',
    path: '/petitions/{petitionId}/invalidations',
    summary: 'Invalidate confirmed signatures by criteria (count them first with `?dryRun=true`)',
    description:
      'Matches the petition’s confirmed signatures on every criterion given (at least one): `emailDomain`, the confirmation window `confirmedFrom` (included) to `confirmedTo` (excluded), `ipHash` or `sourceIp` (hashed, never kept), `batchId`. `?dryRun=true` only counts them (`matched`) and writes nothing. Otherwise each leaves the totals (by channel and neighbourhood too) in its own transaction, and the signer cannot sign this petition again; thresholds already reached stay reached. One call invalidates at most 2000 and answers `remaining`: call again until it is 0. Signatures invalidated meanwhile are skipped, so a repeated call invalidates none. The history keeps who, when, why, the criteria (an address only as its hash) and the count. Send a fresh `Idempotency-Key` for the real call, not the dry run’s.',
    tag,
    auth: staffAccess.administer,
    request: { params: petitionParams, query: invalidationQuery, body: invalidationInput },
    response: {
      status: 200,
      description: 'How many matched, how many this call invalidated and how many remain.',
      schema: invalidationResult,
    },
    errors: [404],
  }),
  defineRoute({
    operationId: 'listSignatureInvalidations',
    method: 'GET',
    path: '/petitions/{petitionId}/invalidations',
    summary: 'Read a petition’s invalidation history: who, when, why, by which criteria, how many',
    description:
      'Newest first. Readable by coordinators and admins: it names staff and holds source-address hashes.',
    tag,
    auth: staffAccess.personalData,
    request: { params: petitionParams, query: invalidationHistoryQuery },
    response: { status: 200, description: 'A page of the history.', schema: invalidationHistory },
    errors: [404],
  }),
  defineRoute({
    operationId: 'viewSignatureUnsubscribe',
    method: 'GET',
    path: '/petition-signatures/{signatureId}/unsubscribe',
    summary:
      'The page the answer mail’s unsubscribe link opens: one button that stops mail and forgets the address',
    description:
      'Opening the link changes nothing (mail scanners open every link); the page’s button posts the token in the body to `…/unsubscription`. Browsers get the HTML page, programs JSON. A wrong token is 404, like an unknown signature.',
    tag,
    auth: 'public',
    request: { params: signatureParams, query: signatureUnsubscribeQuery },
    response: {
      status: 200,
      description: 'The petition the signature is on, and whether it was unsubscribed already.',
      schema: signatureUnsubscribePreview,
    },
    errors: [404],
  }),
  defineRoute({
    operationId: 'unsubscribeSignature',
    method: 'POST',
    path: '/petition-signatures/{signatureId}/unsubscribe',
    summary: 'Stop mail about a petition and forget the signer’s name and address (one click)',
    description:
      'The target of the answer mail’s `List-Unsubscribe` header: RFC 8058 one-click posts the fixed body `List-Unsubscribe=One-Click` (any body is ignored), so the URL carries the token. The signature keeps counting; its consent to hear the answer is withdrawn and its name and address removed. Repeating it answers the same. A wrong token is 404, like an unknown signature.',
    tag,
    auth: 'public',
    acceptsForm: true,
    request: { params: signatureParams, query: signatureUnsubscribeQuery },
    response: { status: 200, description: 'Unsubscribed.', schema: signatureUnsubscribeResult },
    errors: [404],
  }),
  defineRoute({
    operationId: 'unsubscribeSignatureByForm',
    method: 'POST',
    path: '/petition-signatures/{signatureId}/unsubscription',
    summary: 'Stop mail about a petition from the page the link opens (the token in the body)',
    description:
      'As the one-click `POST …/unsubscribe`, for the page’s button: the token in the form’s body, so the URL of the request that acts carries none. Repeating it answers the same. A wrong token is 404.',
    tag,
    auth: 'public',
    acceptsForm: true,
    request: { params: signatureParams, body: signatureUnsubscribeBody },
    response: { status: 200, description: 'Unsubscribed.', schema: signatureUnsubscribeResult },
    errors: [404],
  }),
];

/** Petitions: one HTTP function (`handler.ts`). */
export const petitions: ContextDeclaration = {
  name: 'petitions',
  personalData: petitionsPersonalData,
  http: [
    {
      name: 'petitions',
      entry: 'functions/petitions/handler.ts',
      routes: petitionsRoutes,
      tableAccess: 'readWrite',
      publishedFrom: { participation: 'read' },
      hashesParticipants: true,
      // A viral petition is many confirmations at once; each is one short transaction.
      reservedConcurrency: 50,
      // Drafts and signatures mail their confirmation links while the request runs.
      mails: true,
    },
  ],
  consumers: [
    {
      name: 'petition-answer-mail',
      entry: 'functions/petitions/answer-mail-consumer.ts',
      // The city's first answer goes to every signer who asked for it, once each (a mark per signature).
      eventPattern: { source: [PetitionAnswered.source], 'detail-type': [PetitionAnswered.detailType] },
      tableAccess: 'readWrite',
      mails: true,
      // A popular petition is thousands of mails; the consumer keeps a margin and resumes on retry.
      timeoutSeconds: 900,
    },
    {
      name: 'petition-schedules',
      entry: 'functions/petitions/schedules-consumer.ts',
      // Published: the closing date; `response` reached: the reminder and the deadline; answered:
      // both cancelled. One-time schedules of `petition-deadline`, named per petition and step.
      eventPattern: {
        source: [PetitionPublished.source],
        'detail-type': [
          PetitionPublished.detailType,
          PetitionResponseDue.detailType,
          PetitionAnswered.detailType,
        ],
      },
      tableAccess: 'none',
      schedulesJobs: ['petition-deadline'],
    },
  ],
  jobs: [
    {
      name: 'petition-deadline',
      description:
        'One petition’s deadline step, when its one-time schedule fires: close it, remind the petitions team of the answer due, or mark the answer overdue',
      entry: 'functions/petitions/deadline-job.ts',
      input: 'once',
      tableAccess: 'readWrite',
      // The reminder goes to the petitions team (`petitions.staffEmails`).
      mails: true,
    },
  ],
};
