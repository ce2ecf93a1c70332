import type { z } from 'zod';
import { ContributionModerated, VoteCast } from '../../events/participation';
import { type RuntimeConfig, runtimeConfig } from '../../shared/config/runtime';
import { participantIdentity } from '../../shared/config/secrets';
import {
  checkYourEmailAnswer,
  confirmationExpired,
  confirmationSuperseded,
  hasLapsed,
  instantOfEpochSeconds,
  mintConfirmationToken,
  pendingUntil,
  tokenMatches,
} from '../../shared/domain/confirmation';
import { domainEvent } from '../../shared/domain/domain-event';
import { ConflictError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { PageRequest } from '../../shared/domain/page';
import { normalizeEmail } from '../../shared/domain/participant';
import type { ConfirmationResult, ConfirmationView } from '../../shared/http/confirmation-routes';
import { publicApiLink } from '../../shared/http/public-link';
import type { Principal } from '../../shared/http/route';
import type { Mailer } from '../../shared/mailer/port';
import { newContribution } from './new-contribution';
import { assertEngagementAllows, engagementState, isVisible, statusAfterModeration } from './rules';
import type {
  ContributionInput,
  Engagement,
  EngagementInput,
  Initiative,
  initiativeInput,
  StoredEngagement,
} from './schemas';
import { voteCountedAnswer } from './schemas';
import type { ParticipationStore, StoredContribution, VoteConfirmation } from './store';
import { confirmVoteMail, describeVote, voteAlreadyCountedMail } from './vote-mail';

/**
 * What the participation use cases need besides their store: a mailer for vote confirmations,
 * the runtime configuration (assurance windows, locales, time zone) and a clock.
 */
export interface ParticipationDeps {
  mailer: Mailer;
  config?: () => Pick<RuntimeConfig, 'VOTE_CONFIRMATION_HOURS' | 'LOCALES' | 'TIME_ZONE'>;
  clock?: () => Date;
}

const linkExpired = () => confirmationExpired('the vote was not counted', 'Vote again to get a new link.');

/** The participation use cases. Routes call these; they call the store. */
export function participationService(store: ParticipationStore, deps: ParticipationDeps) {
  const { mailer, config = runtimeConfig, clock = () => new Date() } = deps;
  const nowIso = () => clock().toISOString();

  /** A vote's confirmation, when the token is the one mailed for it; a wrong token reads as unknown. */
  async function requireVoteConfirmation(voteId: string, token: string): Promise<VoteConfirmation> {
    const confirmation = await store.getVoteConfirmation(voteId);
    if (!confirmation || !tokenMatches(token, confirmation.tokenHash))
      throw new NotFoundError('No vote awaits confirmation with this link.');
    return confirmation;
  }

  const voteSubject = (confirmation: VoteConfirmation) =>
    describeVote({
      kind: confirmation.contributionKind,
      engagementTitle: confirmation.engagementTitle,
      language: config().LOCALES[0] ?? 'en',
    });

  const withState = (engagement: StoredEngagement): Engagement => ({
    ...engagement,
    ...engagementState(engagement, clock()),
  });

  async function requireEngagement(engagementId: string): Promise<StoredEngagement> {
    const engagement = await store.getEngagement(engagementId);
    if (!engagement) throw new NotFoundError('No engagement with this ID.');
    return engagement;
  }

  async function requireContribution(contributionId: string): Promise<StoredContribution> {
    const contribution = await store.getContribution(contributionId);
    if (!contribution) throw new NotFoundError('No contribution with this ID.');
    return contribution;
  }

  return {
    async createInitiative(input: z.output<typeof initiativeInput>): Promise<Initiative> {
      const now = nowIso();
      const initiative: Initiative = { initiativeId: newId(), ...input, createdAt: now, updatedAt: now };
      await store.putInitiative(initiative);
      return initiative;
    },

    async getInitiative(initiativeId: string): Promise<Initiative> {
      const initiative = await store.getInitiative(initiativeId);
      if (!initiative) throw new NotFoundError('No initiative with this ID.');
      return initiative;
    },

    listInitiatives: (page: PageRequest) => store.listInitiatives(page),

    async createEngagement(input: EngagementInput): Promise<Engagement> {
      if (!(await store.getInitiative(input.initiativeId))) {
        throw new InvalidFieldError('body.initiativeId', 'No initiative with this ID.');
      }
      const engagement: StoredEngagement = { engagementId: newId(), ...input, createdAt: nowIso() };
      await store.putEngagement(engagement);
      return withState(engagement);
    },

    getEngagement: async (engagementId: string) => withState(await requireEngagement(engagementId)),

    async listEngagements(filter: { initiativeId?: string | undefined }, page: PageRequest) {
      const result = await store.listEngagements(filter, page);
      return { ...result, items: result.items.map(withState) };
    },

    async submitContribution(engagementId: string, input: ContributionInput) {
      const engagement = await requireEngagement(engagementId);
      assertEngagementAllows(engagement, input.kind === 'comment' ? 'comments' : 'contributions', clock());
      const participantHash = input.participant
        ? await participantIdentity(input.participant.email)
        : undefined;
      const { contribution, events } = newContribution({
        input,
        engagement,
        contributionId: newId(),
        createdAt: nowIso(),
        // A resident's own post: public routes never take the channel from the body.
        channel: 'web',
        participantHash,
      });
      const outcome = await store.addContribution(contribution, events);
      if (outcome === 'parent-gone') {
        throw new InvalidFieldError(
          'body.parentId',
          'No visible contribution with this ID in this engagement.',
        );
      }
      return contribution;
    },

    async listContributions(
      engagementId: string,
      filter: { parentId?: string | undefined; order: 'oldest' | 'newest' },
      page: PageRequest,
    ) {
      await requireEngagement(engagementId);
      return store.listPublishedContributions(
        { engagementId, parentId: filter.parentId, newestFirst: filter.order === 'newest' },
        page,
      );
    },

    /**
     * One participant's support, counted as the engagement's assurance level says. The answer is
     * the same whatever the address's history; under `email` what differs goes in the mail.
     */
    async castVote(contributionId: string, email: string) {
      const contribution = await requireContribution(contributionId);
      if (!isVisible(contribution.status)) throw new NotFoundError('No contribution with this ID.');
      const engagement = await requireEngagement(contribution.engagementId);
      assertEngagementAllows(engagement, 'votes', clock());
      const hash = await participantIdentity(email);
      const now = clock();
      const reference = {
        contributionId,
        engagementId: contribution.engagementId,
        initiativeId: contribution.initiativeId,
        participantHash: hash,
        // A resident's own vote: public routes never take the channel from the body.
        channel: 'web' as const,
      };
      if (engagement.voteAssurance === 'open') {
        const event = domainEvent(VoteCast, {
          eventId: newId(),
          occurredAt: now.toISOString(),
          ...reference,
          assurance: 'open',
        });
        const outcome = await store.countVote(
          contributionId,
          hash,
          now.toISOString(),
          reference.channel,
          event,
        );
        if (outcome === 'not-visible') throw new NotFoundError('No contribution with this ID.');
        return voteCountedAnswer;
      }

      const { token, tokenHash } = mintConfirmationToken();
      const { expiresAt, expiresAtIso } = pendingUntil(now, config().VOTE_CONFIRMATION_HOURS * 3600);
      const pending = {
        voteId: newId(),
        ...reference,
        contributionKind: contribution.kind,
        tokenHash,
        lapsesAt: expiresAt,
        requestedAt: now.toISOString(),
        engagementTitle: engagement.title,
      };
      const outcome = await store.requestVote(pending);
      const mailContext = {
        to: normalizeEmail(email),
        kind: contribution.kind,
        engagementTitle: engagement.title,
        language: config().LOCALES[0] ?? 'en',
      };
      await mailer.send(
        outcome === 'pending'
          ? confirmVoteMail(mailContext, {
              url: publicApiLink(`votes/${pending.voteId}/confirmation?token=${encodeURIComponent(token)}`),
              expiresAt: expiresAtIso,
              timeZone: config().TIME_ZONE,
            })
          : voteAlreadyCountedMail(mailContext),
      );
      return checkYourEmailAnswer;
    },

    /** What a vote's confirmation link confirms; changes nothing (mail scanners open links). */
    async viewVoteConfirmation(voteId: string, token: string): Promise<ConfirmationView> {
      const confirmation = await requireVoteConfirmation(voteId, token);
      const what = voteSubject(confirmation);
      if (confirmation.confirmedAt) return { status: 'confirmed', what };
      if (hasLapsed({ expiresAt: confirmation.lapsesAt }, clock())) return { status: 'expired', what };
      return {
        status: 'awaiting-confirmation',
        what,
        expiresAt: instantOfEpochSeconds(confirmation.lapsesAt),
      };
    },

    /** Counts the vote the link confirms: once, however often (or concurrently) it is posted. */
    async confirmVote(voteId: string, token: string): Promise<ConfirmationResult> {
      const confirmation = await requireVoteConfirmation(voteId, token);
      const what = voteSubject(confirmation);
      const answered = (confirmedAt: string) => ({ status: 'confirmed' as const, what, confirmedAt });
      if (confirmation.confirmedAt) return answered(confirmation.confirmedAt);
      const now = clock();
      if (hasLapsed({ expiresAt: confirmation.lapsesAt }, now)) throw linkExpired();
      const event = domainEvent(VoteCast, {
        eventId: newId(),
        occurredAt: now.toISOString(),
        contributionId: confirmation.contributionId,
        engagementId: confirmation.engagementId,
        initiativeId: confirmation.initiativeId,
        participantHash: confirmation.participantHash,
        assurance: 'email',
        channel: confirmation.channel,
      });
      const outcome = await store.confirmVote(confirmation, now.toISOString(), event);
      switch (outcome) {
        case 'counted':
          return answered(now.toISOString());
        case 'already-confirmed': {
          const current = await store.getVoteConfirmation(voteId);
          return answered(current?.confirmedAt ?? now.toISOString());
        }
        case 'lapsed':
          throw linkExpired();
        case 'superseded':
          throw confirmationSuperseded();
        case 'not-visible':
          throw new NotFoundError('This contribution is no longer shown, so its votes cannot change.');
      }
    },

    /** Counted votes, and those awaiting confirmation, for staff. */
    async voteTally(contributionId: string) {
      await requireContribution(contributionId);
      return { contributionId, ...(await store.tallyVotes(contributionId, clock())) };
    },

    async moderate(
      contributionId: string,
      input: { action: keyof typeof statusAfterModeration; reason: string },
      principal: Principal,
    ) {
      if (principal.kind !== 'staff') throw new Error('Moderation reached without a staff principal');
      const contribution = await requireContribution(contributionId);
      const at = nowIso();
      const record = {
        recordId: newId(),
        action: input.action,
        reason: input.reason,
        fromStatus: contribution.status,
        toStatus: statusAfterModeration[input.action],
        moderatorId: principal.userId,
        at,
      };
      const event = domainEvent(ContributionModerated, {
        eventId: newId(),
        occurredAt: at,
        contributionId,
        engagementId: contribution.engagementId,
        initiativeId: contribution.initiativeId,
        action: record.action,
        fromStatus: record.fromStatus,
        toStatus: record.toStatus,
        moderatorId: principal.userId,
      });
      const outcome = await store.moderate(contribution, record, event);
      if (outcome === 'changed-concurrently') {
        throw new ConflictError(
          'Someone else moderated this contribution at the same moment; reload and try again.',
          'changed-concurrently',
        );
      }
      return { contributionId, status: record.toStatus, channel: contribution.channel, moderatedAt: at };
    },
  };
}
