import { z } from 'zod';
import { channelSchema, defaultChannel } from '../shared/domain/channel';
import { defineEvent, eventBase } from './define-event';

const source = 'civic.petitions';

/**
 * Petition events name signers by `participantHash` (the keyed email hash) where the impact
 * ledger counts unique people; never by name, email or address. Petition-level events carry the
 * initiative (when linked) so impact rolls up per initiative.
 */
const petition = {
  ...eventBase,
  petitionId: z.string(),
  initiativeId: z.string().optional(),
};

const instant = z.iso.datetime({ offset: true });
export const thresholdLevels = ['response', 'debate'] as const;
export type ThresholdLevel = (typeof thresholdLevels)[number];
export const responseOutcomes = ['accepted', 'partly-accepted', 'rejected', 'referred-to-debate'] as const;

/** The creator confirmed their address: the petition exists and gathers sponsors. */
export const PetitionDrafted = defineEvent({
  source,
  detailType: 'PetitionDrafted',
  detail: z.object({ ...petition, sponsorsNeeded: z.number().int().nonnegative() }),
});

/** Staff published the petition: it collects signatures until `closesAt`, against the thresholds fixed now. */
export const PetitionPublished = defineEvent({
  source,
  detailType: 'PetitionPublished',
  detail: z.object({
    ...petition,
    closesAt: instant,
    thresholds: z.object({ response: z.number().int().positive(), debate: z.number().int().positive() }),
  }),
});

/** A signature counts: confirmed through its emailed link, or committed from a paper batch. */
export const SignatureConfirmed = defineEvent({
  source,
  detailType: 'SignatureConfirmed',
  detail: z.object({
    ...petition,
    signatureId: z.string(),
    /** Absent for a paper signature given without an address: it counts, but not as a known person. */
    participantHash: z.string().optional(),
    channel: channelSchema.default(defaultChannel),
    neighbourhood: z.string().optional(),
  }),
});

/** The petition's count reached a level's threshold: emitted once per level, however many confirmations race. */
export const PetitionThresholdReached = defineEvent({
  source,
  detailType: 'PetitionThresholdReached',
  detail: z.object({
    ...petition,
    level: z.enum(thresholdLevels),
    threshold: z.number().int().positive(),
    signatures: z.number().int().nonnegative(),
  }),
});

/** Crossing `response` started the city's deadline to answer. */
export const PetitionResponseDue = defineEvent({
  source,
  detailType: 'PetitionResponseDue',
  detail: z.object({ ...petition, dueAt: instant }),
});

/** The deadline passed without an answer. Emitted once. */
export const PetitionResponseOverdue = defineEvent({
  source,
  detailType: 'PetitionResponseOverdue',
  detail: z.object({ ...petition, dueAt: instant }),
});

/** The city published its answer. */
export const PetitionAnswered = defineEvent({
  source,
  detailType: 'PetitionAnswered',
  detail: z.object({
    ...petition,
    outcome: z.enum(responseOutcomes),
    dueAt: instant.optional(),
    /** Whether the answer came after its deadline. */
    late: z.boolean(),
  }),
});

/** The petition stopped collecting signatures at its closing date. */
export const PetitionClosed = defineEvent({
  source,
  detailType: 'PetitionClosed',
  detail: z.object({ ...petition, signatures: z.number().int().nonnegative() }),
});

/** Staff invalidated signatures by criteria: they left the totals in the same transaction. */
export const SignaturesInvalidated = defineEvent({
  source,
  detailType: 'SignaturesInvalidated',
  detail: z.object({
    ...petition,
    invalidationId: z.string(),
    count: z.number().int().nonnegative(),
    byUserId: z.string(),
  }),
});
