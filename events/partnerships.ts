import { z } from 'zod';
import { defineEvent, eventBase } from './define-event';

const source = 'civic.partnerships';

/** proposed → active → (paused ↔ active) → completed | ended; a proposal that does not go ahead is ended. */
export const partnershipStatuses = ['proposed', 'active', 'paused', 'completed', 'ended'] as const;
export type PartnershipStatus = (typeof partnershipStatuses)[number];

/**
 * What a partner gives (money, goods or services in kind, its staff's time) and what the city
 * itself spends on the partnership (`citySpend`, the denominator of leveraged value).
 */
export const partnerContributionKinds = ['money', 'inKind', 'staffHours', 'citySpend'] as const;
export type PartnerContributionKind = (typeof partnerContributionKinds)[number];

const staffId = z.string().describe('The staff user ID (Cognito `sub`), never a name or email.');

/** A coordinator recorded a partnership (it starts as `proposed`); it counts as new in this period. */
export const PartnershipFormed = defineEvent({
  source,
  detailType: 'PartnershipFormed',
  detail: z.object({
    ...eventBase,
    partnershipId: z.string(),
    organizationIds: z.array(z.string()).min(1),
    initiativeIds: z.array(z.string()).min(1),
    status: z.enum(partnershipStatuses),
    formedBy: staffId,
  }),
});

/** A partnership moved along its lifecycle; `version` is the partnership's version after the change. */
export const PartnershipStatusChanged = defineEvent({
  source,
  detailType: 'PartnershipStatusChanged',
  detail: z.object({
    ...eventBase,
    partnershipId: z.string(),
    organizationIds: z.array(z.string()).min(1),
    initiativeIds: z.array(z.string()).min(1),
    fromStatus: z.enum(partnershipStatuses),
    toStatus: z.enum(partnershipStatuses),
    version: z.number().int().positive(),
    changedBy: staffId,
  }),
});

/**
 * A contribution to a partnership was recorded. `value` is in the city's currency (converted at
 * the configured rate when given in another); free-text descriptions stay out of the event.
 */
export const PartnerContributionRecorded = defineEvent({
  source,
  detailType: 'PartnerContributionRecorded',
  detail: z.object({
    ...eventBase,
    contributionId: z.string(),
    partnershipId: z.string(),
    kind: z.enum(partnerContributionKinds),
    organizationId: z.string().optional().describe('The contributing organisation; absent for `citySpend`.'),
    initiativeId: z.string(),
    date: z.iso.date().describe('The day the contribution was made, in the city’s time zone.'),
    value: z.object({ amount: z.number().int().nonnegative(), currency: z.string().length(3) }),
    staffHours: z.number().positive().optional(),
    recordedBy: staffId,
  }),
});
