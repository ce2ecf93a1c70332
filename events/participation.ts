import { z } from 'zod';
import { storedChannel } from '../shared/domain/channel';
import { assuranceLevel } from '../shared/domain/confirmation';
import { defineEvent, eventBase } from './define-event';

const source = 'civic.participation';

export const contributionKinds = ['idea', 'comment', 'proposal'] as const;
export const contributionStatuses = ['published', 'pending', 'hidden', 'flagged'] as const;

/** A resident posted an idea, comment or proposal. No personal data: the participant is a keyed hash. */
export const ContributionSubmitted = defineEvent({
  source,
  detailType: 'ContributionSubmitted',
  detail: z.object({
    ...eventBase,
    contributionId: z.string(),
    engagementId: z.string(),
    initiativeId: z.string(),
    kind: z.enum(contributionKinds),
    parentId: z.string().optional(),
    status: z.enum(contributionStatuses),
    participantHash: z.string().optional(),
    /** Where it came from; events from before channels have none (they were `web`). */
    channel: storedChannel,
  }),
});

/**
 * One participant's support for a contribution now counts (read the tally from the contribution:
 * votes may arrive out of order). Raised once per participant: at once under `open` assurance,
 * and when the emailed link is confirmed under `email` (the "vote confirmed" moment); a vote
 * awaiting confirmation raises nothing.
 */
export const VoteCast = defineEvent({
  source,
  detailType: 'VoteCast',
  detail: z.object({
    ...eventBase,
    contributionId: z.string(),
    engagementId: z.string(),
    initiativeId: z.string(),
    participantHash: z.string(),
    /** How the vote was counted; events from before assurance levels have none (they were `open`). */
    assurance: assuranceLevel.optional(),
    /** Where it came from; events from before channels have none (they were `web`). */
    channel: storedChannel,
  }),
});

/** Staff hid, published or flagged a contribution. */
export const ContributionModerated = defineEvent({
  source,
  detailType: 'ContributionModerated',
  detail: z.object({
    ...eventBase,
    contributionId: z.string(),
    engagementId: z.string(),
    initiativeId: z.string(),
    action: z.enum(['hide', 'publish', 'flag']),
    fromStatus: z.enum(contributionStatuses),
    toStatus: z.enum(contributionStatuses),
    moderatorId: z.string(),
  }),
});
