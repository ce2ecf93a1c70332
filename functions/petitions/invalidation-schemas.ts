import { z } from 'zod';
import { idSchema } from '../../shared/domain/ids';
import { pageQuery, pageSchema } from '../../shared/domain/page';
import { longText } from '../../shared/domain/text';

/**
 * The shapes of staff invalidation (`invalidation.ts`): what an admin sends, what the API answers
 * and what the petition's history keeps. Kept apart from the use case so the route declarations
 * (`api.ts`) import shapes only.
 */

const instant = z.iso.datetime({ offset: true }).max(40).describe('ISO 8601 date-time with offset.');

/** A keyed hash as `keyedHash` makes it: SHA-256, base64url without padding. */
const keyedHashValue = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Use an IP hash as the API shows it.');

const criteriaFields = z
  .object({
    emailDomain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^@?[^\s@]+\.[^\s@]+$/, 'Use a domain such as example.org.')
      .max(254)
      .transform((domain) => domain.replace(/^@/, ''))
      .optional()
      .describe('The part of the signer’s address after `@`; case does not matter.'),
    confirmedFrom: instant
      .optional()
      .describe('Signatures confirmed at or after this instant (UTC or with an offset).'),
    confirmedTo: instant.optional().describe('Signatures confirmed before this instant (it is excluded).'),
    ipHash: keyedHashValue.optional().describe('The keyed hash of the address a signature came from.'),
    sourceIp: z
      .union([z.ipv4(), z.ipv6()])
      .optional()
      .describe('The address itself, in clear: the service hashes it and never keeps it.'),
    batchId: idSchema.optional().describe('A paper or staff batch the signatures were committed from.'),
  })
  // A misspelt criterion must not be dropped in silence: fewer criteria match more signatures.
  .strict();

export const invalidationCriteriaInput = criteriaFields.superRefine((criteria, ctx) => {
  const given = Object.values(criteria).filter((value) => value !== undefined);
  if (given.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: [],
      message:
        'Give at least one criterion: emailDomain, confirmedFrom or confirmedTo, ipHash or sourceIp, batchId.',
    });
  if (criteria.ipHash !== undefined && criteria.sourceIp !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['sourceIp'],
      message: 'Give the address or its hash, not both.',
    });
  if (
    criteria.confirmedFrom !== undefined &&
    criteria.confirmedTo !== undefined &&
    Date.parse(criteria.confirmedFrom) >= Date.parse(criteria.confirmedTo)
  )
    ctx.addIssue({
      code: 'custom',
      path: ['confirmedTo'],
      message: 'The end of the window must come after its start.',
    });
});
export type InvalidationCriteriaInput = z.output<typeof invalidationCriteriaInput>;

export const invalidationInput = z.object({
  reason: longText({
    min: 5,
    max: 1000,
    tooShort: 'Please say why these signatures are invalidated (at least 5 characters).',
    tooLong: 'Please keep the reason to 1000 characters.',
  }).describe('Why: kept in the petition’s history with who did it.'),
  criteria: invalidationCriteriaInput.describe(
    'Which confirmed signatures: all the criteria given must hold (at least one).',
  ),
});
export type InvalidationInput = z.output<typeof invalidationInput>;

export const invalidationQuery = z.object({
  dryRun: z.boolean().default(false).describe('Only count the signatures that match: nothing is written.'),
});

/** The criteria as kept and compared: instants in UTC, an address only as its keyed hash. */
export const storedCriteria = z.object({
  emailDomain: z.string().optional(),
  confirmedFrom: z.string().optional(),
  confirmedTo: z.string().optional(),
  ipHash: z.string().optional(),
  batchId: z.string().optional(),
});
export type InvalidationCriteria = z.output<typeof storedCriteria>;

export const invalidationResult = z.object({
  dryRun: z.boolean(),
  matched: z.number().int().nonnegative().describe('Confirmed signatures matching the criteria now.'),
  invalidated: z.number().int().nonnegative().describe('Signatures this call invalidated (0 in a dry run).'),
  remaining: z
    .number()
    .int()
    .nonnegative()
    .describe('Matching signatures left for another call (all of them in a dry run).'),
  invalidationId: z.string().optional().describe('The history entry, when signatures were invalidated.'),
});
export type InvalidationResult = z.output<typeof invalidationResult>;

/** One entry of a petition's invalidation history, as stored and as staff read it. */
export const storedInvalidation = z.object({
  invalidationId: z.string(),
  petitionId: z.string(),
  at: z.string(),
  byUserId: z.string(),
  reason: z.string(),
  criteria: storedCriteria,
  count: z.number().int().nonnegative().describe('Signatures invalidated.'),
});
export type StoredInvalidation = z.output<typeof storedInvalidation>;

export const invalidationHistoryQuery = z.object(pageQuery);
export const invalidationHistory = pageSchema(storedInvalidation);
