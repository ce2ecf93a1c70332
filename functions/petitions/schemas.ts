import { z } from 'zod';
import { responseOutcomes, thresholdLevels } from '../../events/petitions';
import { channelSchema } from '../../shared/domain/channel';
import { idSchema } from '../../shared/domain/ids';
import { pageQuery, pageSchema } from '../../shared/domain/page';
import { personName } from '../../shared/domain/participant';
import { cellFlags, suppressionNote } from '../../shared/domain/small-numbers';
import { longText, oneLineText } from '../../shared/domain/text';
import { personalData } from '../../shared/privacy/personal-data';

/**
 * The petitions context's shapes: what residents and staff send, what the API answers, and what
 * storage keeps (`Stored*`, parsed by `dynamo-*.ts` on every read).
 */

export const petitionStatuses = [
  /** Written, waiting for its creator to confirm their address. Not shown anywhere. */
  'unconfirmed',
  /** The creator confirmed: the petition's link collects sponsors' signatures. Unlisted. */
  'gathering-sponsors',
  /** Enough sponsors: waiting for staff to publish or reject it. Unlisted. */
  'awaiting-moderation',
  /** Published: collects signatures until `closesAt`. */
  'published',
  'rejected',
  /** Past its closing date: counts are final; the answer may still come. */
  'closed',
] as const;
export type PetitionStatus = (typeof petitionStatuses)[number];

/** Statuses the public list and page show. */
export const publicStatuses = [
  'published',
  'closed',
  'rejected',
] as const satisfies readonly PetitionStatus[];

export const rejectionReasons = [
  'duplicate',
  'not-city-responsibility',
  'offensive-or-defamatory',
  'confidential-or-personal',
  'unclear',
  'already-happening',
  'other',
] as const;

/**
 * A neighbourhood's name as a resident or staff writes it; whether it is one of the city's is
 * checked by the use case against the city's list (deploy config `population.neighbourhoods`).
 */
export const neighbourhoodField = oneLineText({
  min: 1,
  max: 100,
  tooShort: 'Please choose your neighbourhood.',
  tooLong: 'Please choose a neighbourhood from the list.',
});

const emailField = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email().max(254))
  .describe('Identity is a keyed hash of it.');

const languageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language tag such as en or es-MX.')
  .max(35);

export const signatureInput = z.object({
  name: personName.describe('Never shown in public.'),
  email: emailField,
  neighbourhood: neighbourhoodField.describe('One of the city’s neighbourhoods.'),
  consentToHearAboutResponse: z
    .boolean()
    .default(false)
    .describe('Whether the city may email the signer its answer to this petition (once, with a way out).'),
});
export type SignatureInput = z.output<typeof signatureInput>;

export const petitionInput = z.object({
  title: oneLineText({
    min: 10,
    max: 150,
    tooShort: 'Please give the petition a title of at least 10 characters.',
    tooLong: 'Please shorten the title to 150 characters or fewer.',
  }),
  action: longText({
    min: 10,
    max: 1000,
    tooShort: 'Please say what you ask the city to do, in at least 10 characters.',
    tooLong: 'Please say what you ask the city to do in 1000 characters or fewer.',
  }).describe('What the petition asks the city to do.'),
  text: longText({
    min: 1,
    max: 6000,
    tooShort: 'Please explain the petition.',
    tooLong: 'Please shorten the explanation to 6000 characters or fewer.',
  }).describe('Background: why the city should do it.'),
  petitionType: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/, 'Use one of the city’s petition types.')
    .optional()
    .describe('One of the city’s petition types (deploy config `petitions.types`); the first by default.'),
  neighbourhood: neighbourhoodField
    .optional()
    .describe(
      'The neighbourhood the petition is about; needed where its type’s thresholds are a share of the neighbourhood.',
    ),
  initiativeId: idSchema.optional().describe('An initiative of the city this petition is about.'),
  language: languageTag
    .optional()
    .describe('The language the petition is written in; the city’s first by default.'),
  creator: signatureInput.describe(
    'The creator signs first: their signature is confirmed by the emailed link.',
  ),
});
export type PetitionInput = z.output<typeof petitionInput>;

export const petitionParams = z.object({ petitionId: idSchema });
export const signatureParams = z.object({ signatureId: idSchema });

export const moderationInput = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('publish') }),
  z.object({
    decision: z.literal('reject'),
    reason: z.enum(rejectionReasons),
    note: longText({
      min: 1,
      max: 1000,
      tooShort: 'Write a note or leave it out.',
      tooLong: 'Keep the note to 1000 characters.',
    })
      .optional()
      .describe('Shown with the rejection; required for `other`.'),
  }),
]);
export type ModerationInput = z.output<typeof moderationInput>;

export const responseInput = z.object({
  text: longText({
    min: 20,
    max: 10000,
    tooShort: 'Please write the city’s answer (at least 20 characters).',
    tooLong: 'Please keep the answer to 10000 characters.',
  }),
  link: z
    .url({ protocol: /^https$/, hostname: z.regexes.domain })
    .max(2000)
    .optional()
    .describe('A page with the full answer or the decision.'),
  outcome: z.enum(responseOutcomes),
});
export type ResponseInput = z.output<typeof responseInput>;

export const petitionListQuery = z.object({
  ...pageQuery,
  status: z.enum(publicStatuses).default('published'),
  initiativeId: idSchema.optional(),
  neighbourhood: neighbourhoodField.optional(),
});

const fixedThreshold = z.object({
  signatures: z.number().int().positive(),
  rule: z.string().describe('How the number was set when the petition was published, in words.'),
});

export const storedThresholds = z.object({ response: fixedThreshold, debate: fixedThreshold });
export type FixedThresholds = z.output<typeof storedThresholds>;

export const storedResponse = z.object({
  text: z.string(),
  link: z.string().optional(),
  outcome: z.enum(responseOutcomes),
  answeredAt: z.string(),
  answeredBy: z.string(),
  late: z.boolean(),
});

/** A petition as stored: no personal data (the creator is its first signature). */
export const storedPetition = z.object({
  petitionId: z.string(),
  title: z.string(),
  action: z.string(),
  text: z.string(),
  petitionType: z.string(),
  language: z.string(),
  neighbourhood: z.string().optional(),
  initiativeId: z.string().optional(),
  status: z.enum(petitionStatuses),
  sponsorsNeeded: z.number().int().nonnegative(),
  createdAt: z.string(),
  draftedAt: z.string().optional(),
  submittedAt: z.string().optional(),
  publishedAt: z.string().optional(),
  closesAt: z.string().optional(),
  closedAt: z.string().optional(),
  thresholds: storedThresholds.optional(),
  reached: z.partialRecord(z.enum(thresholdLevels), z.string()).default({}),
  responseDueAt: z.string().optional(),
  overdueAt: z.string().optional(),
  response: storedResponse.optional(),
  rejection: z
    .object({ reason: z.enum(rejectionReasons), note: z.string().optional(), at: z.string() })
    .optional(),
  moderatedBy: z.string().optional(),
});
export type StoredPetition = z.output<typeof storedPetition>;

export const signatureStatuses = ['pending', 'confirmed', 'invalidated'] as const;

/** A signature as stored. `email`/`name` are kept for the answer's mail only where the signer consented. */
export const storedSignature = z.object({
  signatureId: z.string(),
  petitionId: z.string(),
  signerKey: z.string(),
  participantHash: z.string().optional(),
  role: z.enum(['creator', 'sponsor', 'signer']),
  status: z.enum(signatureStatuses),
  channel: channelSchema,
  neighbourhood: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  consentToHearAboutResponse: z.boolean(),
  /** The address's domain, for staff invalidation by domain (`example.test`). */
  emailDomain: z.string().optional(),
  /** Keyed hash of the IP address the signature came from (web), for invalidation by source. */
  ipHash: z.string().optional(),
  batchId: z.string().optional(),
  /** A paper signature's provenance besides its batch: the sheet it is on, its row, who collected it. */
  sheetId: z.string().optional(),
  batchRow: z.number().int().positive().optional(),
  collector: z.string().optional(),
  tokenHash: z.string().optional(),
  lapsesAt: z.number().optional(),
  requestedAt: z.string(),
  confirmedAt: z.string().optional(),
  shard: z.number().int().nonnegative().optional(),
  invalidatedAt: z.string().optional(),
  invalidationId: z.string().optional(),
});
export type StoredSignature = z.output<typeof storedSignature>;

const channelCounts = z.partialRecord(channelSchema, z.number().int().nonnegative());

export const neighbourhoodCount = z.object({
  neighbourhood: z.string(),
  signatures: z.number().int().nonnegative().nullable().describe('null where the cell is withheld.'),
  note: z.string().optional().describe('“fewer than 5” where the count is withheld.'),
  ...cellFlags,
});

/** A petition as the public reads it: what is stored, less who moderated and internal times, with its counts. */
export const petitionView = storedPetition
  .omit({
    moderatedBy: true,
    createdAt: true,
    draftedAt: true,
    submittedAt: true,
    overdueAt: true,
    response: true,
  })
  .extend({
    thresholds: storedThresholds.optional().describe('Fixed when the petition was published.'),
    reached: z
      .partialRecord(z.enum(thresholdLevels), z.string())
      .describe('When each threshold was reached.'),
    responseDueAt: z
      .string()
      .optional()
      .describe('The city must answer by then, once `response` is reached.'),
    response: storedResponse.omit({ answeredBy: true }).optional(),
    signatures: z.object({
      total: z.number().int().nonnegative(),
      byChannel: channelCounts,
      // One entry per neighbourhood with a signature: bounded by the city's neighbourhoods.
      byNeighbourhood: z.array(neighbourhoodCount).max(1000),
      suppression: suppressionNote.optional(),
    }),
  });
export type PetitionView = z.output<typeof petitionView>;

export const petitionSummary = petitionView.omit({ text: true });
export const petitionPage = pageSchema(petitionSummary);

/** The moderation queue: petitions staff have yet to publish or reject (or whose sponsors are still coming). */
export const moderationQueueQuery = z.object({
  ...pageQuery,
  status: z.enum(['awaiting-moderation', 'gathering-sponsors']).default('awaiting-moderation'),
});
export const moderationQueuePage = pageSchema(
  petitionView.extend({
    draftedAt: z.string().optional(),
    submittedAt: z.string().optional().describe('When it had its sponsors and began waiting for moderation.'),
  }),
);

export const moderationResult = z.object({
  petitionId: z.string(),
  status: z.enum(petitionStatuses),
  thresholds: storedThresholds.optional(),
  closesAt: z.string().optional(),
});

/** Signature personal data: contact only with consent, for one mail; identity for "one each". */
export const petitionsPersonalData = [
  personalData({
    entity: 'PetitionSignature',
    fields: ['name', 'email', 'emailDomain', 'ipHash', 'neighbourhood'],
    identity: ['participantHash', 'signerKey', 'gsi3pk', 'gsi3sk'],
    purpose:
      'To count one signature per person on a petition, confirmed by the emailed link; to tell a petition’s creator how it fares; and, where a signer agreed, to email them the city’s answer once. Kept until six months after the petition closes; then deleted. The counts stay.',
    legalBasis: 'publicTask',
    retentionDays: 183,
    atExpiry: 'delete',
    readers: 'mail',
  }),
  personalData({
    entity: 'PetitionSigner',
    fields: [],
    identity: ['sk', 'signerKey', 'gsi3pk', 'gsi3sk'],
    purpose:
      'To let one person sign a petition once, by the keyed hash of their address. Kept until six months after the petition closes; then deleted.',
    legalBasis: 'publicTask',
    retentionDays: 183,
    atExpiry: 'delete',
    readers: 'personalData',
  }),
  personalData({
    entity: 'PetitionHousehold',
    fields: [],
    identity: ['sk'],
    purpose:
      'Where the city lets people sharing one address sign under their own names, to count how many names have signed a petition from one address, by the keyed hash of the address, so no more than the city’s cap do. Kept until six months after the petition closes; then deleted.',
    legalBasis: 'publicTask',
    retentionDays: 183,
    atExpiry: 'delete',
    readers: 'personalData',
  }),
];
