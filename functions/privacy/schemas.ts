import { z } from 'zod';
import { consentPurposes, privacyRequestTypes } from '../../events/privacy';
import { idSchema } from '../../shared/domain/ids';
import { pageQuery, pageSchema } from '../../shared/domain/page';
import { participantInput } from '../../shared/domain/participant';
import { personalData } from '../../shared/privacy/personal-data';

const instant = z.iso.datetime({ offset: true }).max(40).describe('ISO 8601 date-time with offset.');

// ── Requests ─────────────────────────────────────────────────────────────────

export const privacyRequestInput = z
  .object({
    email: participantInput.shape.email.describe(
      'The address whose data the request is about. The confirmation link, and later the result, go to it; it is kept only until the request completes.',
    ),
    type: z
      .enum(privacyRequestTypes)
      .describe(
        '`export`: everything held about the address, as a JSON document and a CSV per kind of record. `erase`: contact data and what the person wrote go; counts stay, anonymous. `withdraw-consent`: the consent named by `purpose` ends everywhere.',
      ),
    purpose: z
      .enum(consentPurposes)
      .optional()
      .describe('The consent to withdraw: required for `withdraw-consent`, and only there.'),
  })
  .superRefine((input, context) => {
    if (input.type === 'withdraw-consent' && input.purpose === undefined)
      context.addIssue({
        code: 'custom',
        path: ['purpose'],
        message: 'Please choose which consent to withdraw.',
      });
    if (input.type !== 'withdraw-consent' && input.purpose !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['purpose'],
        message: 'A purpose is only given when withdrawing a consent.',
      });
  });
export type PrivacyRequestInput = z.output<typeof privacyRequestInput>;

export const privacyRequestParams = z.object({ requestId: idSchema });

export const privacyRequestStatuses = ['pending', 'confirmed', 'completed'] as const;
export type PrivacyRequestStatus = (typeof privacyRequestStatuses)[number];

/** A request as the data-protection officer sees it: its course, never whose it is or what it found. */
export const privacyRequestSummary = z.object({
  requestId: idSchema,
  type: z.enum(privacyRequestTypes),
  purpose: z.enum(consentPurposes).optional(),
  status: z
    .enum(privacyRequestStatuses)
    .describe(
      '`pending`: awaiting its emailed link (a lapsed one stays `pending`, see `confirmBy`). `confirmed`: running. `completed`: done.',
    ),
  requestedAt: instant,
  confirmBy: instant.describe('Until when the emailed link could confirm it.'),
  confirmedAt: instant.optional(),
  completedAt: instant.optional(),
  stepsDone: z
    .array(z.string())
    .max(20)
    .describe('The contexts an erasure has finished, in order; an interrupted one resumes after the last.'),
});
export type PrivacyRequestSummary = z.output<typeof privacyRequestSummary>;

export const privacyRequestListQuery = z.object({ ...pageQuery });
export const privacyRequestPage = pageSchema(privacyRequestSummary);

// ── Exports ──────────────────────────────────────────────────────────────────

const recordValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** What one context holds about the person: per entity, one flat record per item. */
export const exportedEntity = z.object({
  entity: z
    .string()
    .describe('The kind of record (`Contribution`, `Vote`, `Signup`); its CSV has this name.'),
  // Bounds for the document's readers, far above what one person leaves (each record is one thing they did).
  records: z.array(z.record(z.string(), recordValue)).max(100_000),
});

/** The export document: everything held about one address, by context and entity. */
export const exportDocument = z.object({
  generatedAt: instant,
  contexts: z
    .record(z.string(), z.array(exportedEntity).max(50))
    .describe('By context (`participation`, `surveys`, …): what each holds about the address.'),
});
export type ExportDocument = z.output<typeof exportDocument>;

export const exportParams = z.object({ requestId: idSchema });
export const exportQuery = z.object({
  token: z
    .string()
    .min(16)
    .max(200)
    // Tokens are base64url: a code, never text.
    .regex(/^[A-Za-z0-9_-]+$/, 'This download link is not one we sent.')
    .describe('The token from the emailed download link.'),
  entity: z
    .string()
    .max(60)
    .regex(/^[A-Za-z]+$/, 'Name a kind of record from the export, such as Contribution.')
    .optional()
    .describe(
      'One kind of record (`Contribution`): its records as a CSV file instead of the whole document.',
    ),
});

// ── Personal data ────────────────────────────────────────────────────────────

export const privacyRequestDeclaration = personalData({
  entity: 'PrivacyRequest',
  fields: ['email'],
  identity: ['participantHash'],
  purpose:
    'To carry out a resident’s own export, erasure or withdrawal request and send them its result. The address and keyed identity are removed when the request completes; the record of the request (type, dates, steps) stays for the data-protection officer. A request awaiting its link keeps only until the link lapses.',
  legalBasis: 'publicTask',
  retentionDays: 30,
  atExpiry: 'anonymise',
  readers: 'mail',
});

export const erasureTombstoneDeclaration = personalData({
  entity: 'ErasureTombstone',
  fields: [],
  identity: ['pk'],
  purpose:
    'To keep an erased person erased: a later paper batch cannot bring their address back. It holds nothing but the keyed hash of the address, which no one can reverse without the city’s key.',
  legalBasis: 'publicTask',
  retentionDays: 3650,
  atExpiry: 'delete',
  readers: 'administer',
});

/** The consent ledger (`consent-records.ts`): one item per consent given or withdrawn. */
export const consentRecordDeclaration = personalData({
  entity: 'ConsentRecord',
  fields: [],
  identity: ['pk', 'participantHash'],
  purpose:
    'To show which consents a person gave or withdrew, when, where and to which wording: the proof of consent the city must be able to give. Append-only; erased with the person.',
  legalBasis: 'publicTask',
  // Six years: proof of a consent outlives the processing it allowed by the usual limitation period.
  retentionDays: 2190,
  atExpiry: 'delete',
  readers: 'administer',
});

export const privacyRequestPersonalData = [
  privacyRequestDeclaration,
  erasureTombstoneDeclaration,
  consentRecordDeclaration,
];
