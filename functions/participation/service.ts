import type { z } from 'zod';
import { ContributionModerated, ContributionSubmitted, VoteCast } from '../../events/participation';
import { participantIdentity } from '../../shared/config/secrets';
import { domainEvent } from '../../shared/domain/domain-event';
import { ConflictError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { PageRequest } from '../../shared/domain/page';
import { normalizeEmail } from '../../shared/domain/participant';
import type { Principal } from '../../shared/http/route';
import { assertEngagementAllows, engagementState, statusAfterModeration } from './rules';
import type {
  ContributionInput,
  Engagement,
  EngagementInput,
  Initiative,
  initiativeInput,
  StoredEngagement,
} from './schemas';
import type { ParticipationStore, StoredContribution } from './store';

/** The participation use cases. Routes call these; they call the store. */
export function participationService(store: ParticipationStore, clock: () => Date = () => new Date()) {
  const nowIso = () => clock().toISOString();

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
      const { participant, ...content } = input;
      const hash = participant ? await participantIdentity(participant.email) : undefined;
      const contribution: StoredContribution = {
        ...content,
        contributionId: newId(),
        engagementId,
        initiativeId: engagement.initiativeId,
        status: engagement.moderation === 'pre' ? 'pending' : 'published',
        voteCount: 0,
        replyCount: 0,
        createdAt: nowIso(),
        ...(hash ? { participantHash: hash } : {}),
        ...(participant
          ? {
              contact: {
                email: normalizeEmail(participant.email),
                consentToContact: participant.consentToContact,
                ...(participant.name ? { name: participant.name } : {}),
              },
            }
          : {}),
      };
      const event = domainEvent(ContributionSubmitted, {
        eventId: newId(),
        occurredAt: contribution.createdAt,
        contributionId: contribution.contributionId,
        engagementId,
        initiativeId: engagement.initiativeId,
        kind: contribution.kind,
        status: contribution.status,
        ...(contribution.parentId ? { parentId: contribution.parentId } : {}),
        ...(hash ? { participantHash: hash } : {}),
      });
      const outcome = await store.addContribution(contribution, event);
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

    async castVote(contributionId: string, email: string) {
      const contribution = await requireContribution(contributionId);
      const engagement = await requireEngagement(contribution.engagementId);
      assertEngagementAllows(engagement, 'votes', clock());
      const hash = await participantIdentity(email);
      const castAt = nowIso();
      const event = domainEvent(VoteCast, {
        eventId: newId(),
        occurredAt: castAt,
        contributionId,
        engagementId: contribution.engagementId,
        initiativeId: contribution.initiativeId,
        participantHash: hash,
      });
      const outcome = await store.castVote(contributionId, hash, castAt, event);
      if (outcome === 'already-voted')
        throw new ConflictError('This participant has already supported this contribution.', 'already-voted');
      if (outcome === 'not-visible') throw new NotFoundError('No contribution with this ID.');
      return { contributionId, castAt };
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
      return { contributionId, status: record.toStatus, moderatedAt: at };
    },
  };
}
