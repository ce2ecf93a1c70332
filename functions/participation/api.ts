import { defineRoute } from '../../shared/http/route';
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
  vote,
  voteInput,
} from './schemas';

const tag = 'participation';
const coordinator = { roles: ['coordinator'] } as const;

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
    description: 'A second vote from the same participant (same email, whatever its case) is 409.',
    tag,
    auth: 'public',
    acceptsForm: true,
    request: { params: contributionParams, body: voteInput },
    response: { status: 201, description: 'The vote was counted.', schema: vote },
    errors: [404, 409],
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

/** Initiatives, engagements, contributions, votes and moderation: one HTTP function; no consumers or jobs. */
export const participation: ContextDeclaration = {
  name: 'participation',
  http: [
    {
      name: 'participation',
      entry: 'functions/participation/handler.ts',
      routes: participationRoutes,
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
