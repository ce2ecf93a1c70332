import { ConsentWithdrawn } from '../../events/privacy';
import { confirmationRoutes } from '../../shared/http/confirmation-routes';
import { defineRoute } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import type { ContextDeclaration } from '../context';
import {
  contribution,
  contributionInput,
  contributionListQuery,
  contributionPage,
  contributionParams,
  engagement,
  engagementInput,
  engagementListQuery,
  engagementPage,
  engagementParams,
  type Initiative,
  initiative,
  initiativeInput,
  initiativeListQuery,
  initiativePage,
  initiativeParams,
  moderationInput,
  moderationResult,
  participationPersonalData,
  voteAnswer,
  voteInput,
  voteParams,
  voteTally,
} from './schemas';

const tag = 'participation';
const coordinator = staffAccess.manage;

/** The route contracts; what each does is bound in `handler.ts`. */
export const participationRoutes = [
  defineRoute({
    operationId: 'createInitiative',
    method: 'POST',
    path: '/initiatives',
    summary: 'Create an initiative, the programme everything else links to',
    tag,
    auth: coordinator,
    request: { body: initiativeInput },
    response: { status: 201, description: 'The new initiative.', schema: initiative },
  }),
  defineRoute({
    operationId: 'listInitiatives',
    method: 'GET',
    path: '/initiatives',
    summary: 'List initiatives, oldest first',
    tag,
    auth: 'public',
    request: { query: initiativeListQuery },
    response: { status: 200, description: 'A page of initiatives.', schema: initiativePage },
  }),
  defineRoute({
    operationId: 'getInitiative',
    method: 'GET',
    path: '/initiatives/{initiativeId}',
    summary: 'Read one initiative',
    tag,
    auth: 'public',
    request: { params: initiativeParams },
    response: { status: 200, description: 'The initiative.', schema: initiative },
    errors: [404],
  }),
  defineRoute({
    operationId: 'createEngagement',
    method: 'POST',
    path: '/engagements',
    summary: 'Open an engagement (a consultation with a window and phases)',
    tag,
    auth: coordinator,
    request: { body: engagementInput },
    response: { status: 201, description: 'The new engagement.', schema: engagement },
  }),
  defineRoute({
    operationId: 'listEngagements',
    method: 'GET',
    path: '/engagements',
    summary: 'List engagements, optionally of one initiative',
    tag,
    auth: 'public',
    request: { query: engagementListQuery },
    response: { status: 200, description: 'A page of engagements.', schema: engagementPage },
  }),
  defineRoute({
    operationId: 'getEngagement',
    method: 'GET',
    path: '/engagements/{engagementId}',
    summary: 'Read one engagement, with its status now',
    tag,
    auth: 'public',
    request: { params: engagementParams },
    response: { status: 200, description: 'The engagement.', schema: engagement },
    errors: [404],
  }),
  defineRoute({
    operationId: 'submitContribution',
    method: 'POST',
    path: '/engagements/{engagementId}/contributions',
    summary: 'Post an idea, a proposal, or a comment on one',
    description:
      'Refused with 409 outside the engagement’s window or when the current phase does not allow it. With pre-moderation the contribution waits as `pending`.',
    tag,
    auth: 'public',
    acceptsForm: true,
    request: { params: engagementParams, body: contributionInput },
    response: {
      status: 201,
      description: 'The contribution as residents will see it.',
      schema: contribution,
    },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'listContributions',
    method: 'GET',
    path: '/engagements/{engagementId}/contributions',
    summary: 'List published contributions with their vote counts',
    tag,
    auth: 'public',
    request: { params: engagementParams, query: contributionListQuery },
    response: { status: 200, description: 'A page of contributions.', schema: contributionPage },
    errors: [404],
  }),
  defineRoute({
    operationId: 'castVote',
    method: 'POST',
    path: '/contributions/{contributionId}/votes',
    summary: 'Support a contribution; one vote per participant',
    description:
      'Counted as the engagement’s `voteAssurance` says. Under `email` (the default) the answer is always 202 `check-your-email`, whatever the address’s history: a new vote waits for its emailed link to be confirmed (`POST /votes/{voteId}/confirmation`), a repeated request gets a fresh link (only the latest works), and an address whose vote already counts is told so by mail. Under `open` the vote counts at once and the answer is `counted` for a first and a repeated vote alike (a repeat counts nothing). One participant is one canonical address: case, spaces and `+tags` do not make a second one.',
    tag,
    auth: 'public',
    acceptsForm: true,
    rateLimit: 'votes',
    request: { params: contributionParams, body: voteInput },
    response: {
      status: 202,
      description: '`check-your-email` under `email` assurance; `counted` under `open`.',
      schema: voteAnswer,
    },
    errors: [404, 409],
  }),
  ...confirmationRoutes({
    operationNoun: 'Vote',
    aNoun: 'a vote',
    path: '/votes/{voteId}',
    params: voteParams,
    tag,
    effect:
      'The vote counts, in one transaction with the contribution’s tally and the `VoteCast` event, if its link has not lapsed (`VOTE_CONFIRMATION_HOURS`, 24 by default) and is the latest one sent.',
  }),
  defineRoute({
    operationId: 'getVoteTally',
    method: 'GET',
    path: '/contributions/{contributionId}/vote-tally',
    summary: 'A contribution’s votes by state, for staff',
    description:
      'The counted votes (the public `voteCount`), how many of them were cast under `open` assurance and never confirmed, and the votes still awaiting confirmation, which do not count.',
    tag,
    auth: staffAccess.read,
    request: { params: contributionParams },
    response: { status: 200, description: 'The tally.', schema: voteTally },
    errors: [404],
  }),
  defineRoute({
    operationId: 'moderateContribution',
    method: 'POST',
    path: '/contributions/{contributionId}/moderation',
    summary: 'Hide, publish or flag a contribution, with a reason',
    description:
      'Every decision is kept as an audit record and published as a `ContributionModerated` event.',
    tag,
    auth: coordinator,
    request: { params: contributionParams, body: moderationInput },
    response: { status: 200, description: 'The contribution’s new status.', schema: moderationResult },
    errors: [404, 409],
  }),
];

/**
 * Initiatives, engagements, contributions, votes and moderation: one HTTP function, and the
 * consumer removing contact details when a resident withdraws their consent to be contacted.
 */
export const participation: ContextDeclaration = {
  name: 'participation',
  personalData: participationPersonalData,
  http: [
    {
      name: 'participation',
      entry: 'functions/participation/handler.ts',
      routes: participationRoutes,
      tableAccess: 'readWrite',
      hashesParticipants: true,
      // Votes arrive in bursts when a consultation is shared; the rest of the API keeps its own.
      reservedConcurrency: 50,
      // Vote confirmation links are mailed while the request runs.
      mails: true,
    },
  ],
  consumers: [
    {
      name: 'contact-consent',
      entry: 'functions/participation/contact-consent-consumer.ts',
      // Only withdrawals of the consent participation relies on (to contact a contribution's author).
      eventPattern: {
        source: [ConsentWithdrawn.source],
        'detail-type': [ConsentWithdrawn.detailType],
        detail: { purpose: ['contact'] },
      },
      tableAccess: 'readWrite',
    },
  ],
};

export type { Initiative };

/**
 * The reads participation publishes to other contexts (implemented in `published.ts`). Every
 * strand links its records to an initiative; a context checks that link, or shows an initiative's
 * title, through these, injected into its service, never by reading participation's items.
 */
export interface ParticipationReads {
  /** Whether an initiative with this ID exists. */
  initiativeExists(initiativeId: string): Promise<boolean>;
  /** The initiatives with these IDs, keyed by ID; IDs with no initiative are left out. */
  initiativesById(initiativeIds: readonly string[]): Promise<Map<string, Initiative>>;
}

/** Also published (`published.ts`): the initiative of an engagement, for feedback about it. */
export type EngagementInitiative = (engagementId: string) => Promise<string | undefined>;
