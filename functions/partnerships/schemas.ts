import { z } from 'zod';
import { partnerContributionKinds, partnershipStatuses } from '../../events/partnerships';
import { idSchema } from '../../shared/domain/ids';
import { localizedText } from '../../shared/domain/localized-text';
import { currencyCode, MAX_MINOR_UNITS, money } from '../../shared/domain/money';
import { sameNeighbourhood } from '../../shared/domain/neighbourhood';
import { pageQuery, pageSchema } from '../../shared/domain/page';
import { longText, oneLineText } from '../../shared/domain/text';
import { personalData } from '../../shared/privacy/personal-data';

const id = idSchema;

/**
 * Organisation types. A type is a key segment (`…#TYPE#<type>`), so names are kebab-case and
 * never contain `#`.
 */
export const organizationTypes = [
  'non-profit',
  'business',
  'school',
  'faith-group',
  'government-agency',
  'resident-association',
  'other',
] as const;
export type OrganizationType = (typeof organizationTypes)[number];

const distinct = <T>(list: readonly T[], same: (a: T, b: T) => boolean) =>
  list.every((item, index) => list.findIndex((other) => same(other, item)) === index);

/** Bounds shared by what staff send and what the API answers (answers are parsed, too). */
const maxNeighbourhoods = 20;
const maxLinked = 10;
const maxGoals = 20;
const maxRoles = 20;

const neighbourhood = oneLineText({ max: 100 });
const neighbourhoods = z
  .array(neighbourhood)
  .max(maxNeighbourhoods)
  .refine(
    (list) => distinct(list, sameNeighbourhood),
    'List each neighbourhood once (case and spacing do not make a different one).',
  )
  .describe('Neighbourhoods the organisation serves (at most 20).');

const contact = z
  .object({
    name: oneLineText({ max: 120 }).optional().describe('A contact person at the organisation.'),
    email: z.email().max(254).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 ()./-]{3,29}$/, 'Use digits, spaces and + ( ) . / - only.')
      .optional(),
  })
  .describe('How staff reach the organisation. Never shown in the public directory.');

const website = z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).max(500);

const organizationFields = {
  name: oneLineText({ min: 2, max: 200 }),
  type: z.enum(organizationTypes),
  contact,
  website,
  neighbourhoods,
  description: localizedText(2000, 'long'),
  publicDirectoryConsent: z
    .boolean()
    .describe(
      'Whether the organisation agreed to appear in the public partner directory (name, type, website, neighbourhoods, description; never the contact).',
    ),
};

const versionFields = {
  expectedVersion: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      'The `version` you read. Or send it as `If-Match: "<version>"`. A stale version is refused with 409.',
    ),
};

// ── Organisations ────────────────────────────────────────────────────────────

export const organizationInput = z.object({
  ...organizationFields,
  contact: contact.optional(),
  website: website.optional(),
  neighbourhoods: neighbourhoods.default([]),
  description: organizationFields.description.optional(),
  publicDirectoryConsent: organizationFields.publicDirectoryConsent.default(false),
});
export type OrganizationInput = z.output<typeof organizationInput>;

export const organizationUpdate = z
  .object({
    ...versionFields,
    name: organizationFields.name.optional(),
    type: organizationFields.type.optional(),
    contact: contact.nullable().optional().describe('`null` removes the contact.'),
    website: website.nullable().optional().describe('`null` removes the website.'),
    neighbourhoods: neighbourhoods.optional(),
    description: organizationFields.description.nullable().optional().describe('`null` removes it.'),
    publicDirectoryConsent: organizationFields.publicDirectoryConsent.optional(),
  })
  .refine((update) => Object.keys(update).some((field) => field !== 'expectedVersion'), {
    message: 'Give at least one field to change.',
  });
export type OrganizationUpdate = z.output<typeof organizationUpdate>;

export const organization = z.object({
  organizationId: z.string(),
  name: z.string(),
  type: z.enum(organizationTypes),
  contact: z
    .object({ name: z.string().optional(), email: z.string().optional(), phone: z.string().optional() })
    .optional(),
  website: z.string().optional(),
  neighbourhoods: z.array(z.string()).max(maxNeighbourhoods),
  description: z.record(z.string(), z.string()).optional(),
  publicDirectoryConsent: z.boolean(),
  consentRecordedAt: z.string().describe('When the directory consent was last given or withdrawn.'),
  consentRecordedBy: z.string().describe('The staff user who recorded it.'),
  version: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organization = z.infer<typeof organization>;

/** What the public partner directory shows of a consenting organisation. */
export const directoryEntry = organization.pick({
  organizationId: true,
  name: true,
  type: true,
  website: true,
  neighbourhoods: true,
  description: true,
});
export type DirectoryEntry = z.infer<typeof directoryEntry>;

const valueAndCount = z.object({ value: money, count: z.number().int().nonnegative() });

export const partnerTotals = z
  .object({
    currency: currencyCode.describe('The city’s currency; every value below is in it.'),
    money: valueAndCount,
    inKind: valueAndCount.describe('Estimated value of goods and services given in kind.'),
    staffHours: valueAndCount.extend({
      hours: z.number().nonnegative().describe('Valued at the city’s configured hourly value.'),
    }),
    partnerTotal: money.describe('Money + in kind + staff hours.'),
  })
  .describe('Partner contributions by kind and in total, in the city’s currency.');
export type PartnerTotals = z.infer<typeof partnerTotals>;

export const spendTotals = partnerTotals
  .extend({
    citySpend: valueAndCount.describe('What the city itself recorded spending (`citySpend` contributions).'),
    leverage: z
      .number()
      .nullable()
      .describe('Leveraged value: partnerTotal ÷ citySpend; null until the city records spend.'),
  })
  .describe('Partner contributions, the city’s own spend and the leveraged value, in the city’s currency.');
export type SpendTotals = z.infer<typeof spendTotals>;

export const organizationDetail = organization.extend({ totals: partnerTotals });

export const organizationParams = z.object({ organizationId: id });

const nameSearch = oneLineText({ max: 200 }).describe(
  'Names that begin with this, ignoring case, accents and repeated spaces.',
);

export const directoryQuery = z.object({
  ...pageQuery,
  name: nameSearch.optional(),
  type: z.enum(organizationTypes).optional(),
  neighbourhood: neighbourhood.optional().describe('Matched ignoring case and repeated spaces.'),
});
export type OrganizationFilter = Pick<z.output<typeof directoryQuery>, 'name' | 'type' | 'neighbourhood'>;

export const directoryPage = pageSchema(directoryEntry);
export const organizationPage = pageSchema(organization);

// ── Partnerships ─────────────────────────────────────────────────────────────

const calendarDate = z.iso.date().describe('A calendar date, `YYYY-MM-DD`, in the city’s time zone.');
const distinctIds = (what: string) =>
  z
    .array(id)
    .min(1)
    .max(maxLinked)
    .refine((list) => new Set(list).size === list.length, `List each ${what} once.`);

const partnershipRole = z.object({
  party: z
    .union([id, z.literal('city')])
    .describe('One of this partnership’s organisation IDs, or `city` for the city’s own role.'),
  description: longText({ max: 1000 }),
});
export type PartnershipRole = z.output<typeof partnershipRole>;

const goals = z
  .array(oneLineText({ max: 500 }))
  .max(maxGoals)
  .describe('Shared goals, in order.');
const roles = z.array(partnershipRole).max(maxRoles).describe('Who does what.');

export const partnershipInput = z
  .object({
    name: oneLineText({ min: 2, max: 200 }),
    description: longText({ max: 4000 }).optional(),
    organizationIds: distinctIds('organisation').describe('The partner organisations (1–10).'),
    initiativeIds: distinctIds('initiative').describe('The initiatives the partnership serves (1–10).'),
    goals: goals.default([]),
    roles: roles.default([]),
    startDate: calendarDate.optional(),
    endDate: calendarDate.optional(),
  })
  .superRefine((input, context) => {
    if (input.startDate && input.endDate && input.endDate < input.startDate)
      context.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: 'The end date is before the start date.',
      });
    input.roles.forEach((role, index) => {
      if (role.party !== 'city' && !input.organizationIds.includes(role.party))
        context.addIssue({
          code: 'custom',
          path: ['roles', index, 'party'],
          message: 'Name one of this partnership’s organisations, or `city`.',
        });
    });
  });
export type PartnershipInput = z.output<typeof partnershipInput>;

export const partnershipUpdate = z
  .object({
    ...versionFields,
    status: z
      .enum(partnershipStatuses)
      .optional()
      .describe('proposed → active ⇄ paused → completed | ended (a proposal may also be ended).'),
    note: longText({ min: 3, max: 2000 })
      .optional()
      .describe('Why: kept in the history. Required with a status change.'),
    name: oneLineText({ min: 2, max: 200 }).optional(),
    description: longText({ max: 4000 }).nullable().optional().describe('`null` removes it.'),
    goals: goals.optional(),
    roles: roles.optional(),
    startDate: calendarDate.nullable().optional().describe('`null` removes it.'),
    endDate: calendarDate.nullable().optional().describe('`null` removes it (an open-ended partnership).'),
  })
  .superRefine((update, context) => {
    if (update.status !== undefined && update.note === undefined)
      context.addIssue({ code: 'custom', path: ['note'], message: 'Say why the status changes.' });
    if (!Object.keys(update).some((field) => field !== 'expectedVersion' && field !== 'note'))
      context.addIssue({ code: 'custom', path: [], message: 'Give at least one field to change.' });
  });
export type PartnershipUpdate = z.output<typeof partnershipUpdate>;

/** One change in a partnership's history: who, when, and each field's value before and after. */
export const historyEntry = z.object({
  version: z.number().int().positive(),
  at: z.string(),
  by: z.string().describe('The staff user ID (Cognito `sub`).'),
  note: z.string().optional(),
  changes: z
    .array(
      z.object({
        field: z.string(),
        from: z.unknown().describe('The value before (null when it had none).'),
        to: z.unknown().describe('The value after (null when removed).'),
      }),
    )
    // At most one change per field an update can send.
    .max(Object.keys(partnershipUpdate.shape).length),
});
export type HistoryEntry = z.infer<typeof historyEntry>;

export const attentionReasons = ['renewal-due', 'stale'] as const;
export type AttentionReason = (typeof attentionReasons)[number];

export const partnership = z.object({
  partnershipId: z.string(),
  name: z.string(),
  description: z.string().optional(),
  organizationIds: z.array(z.string()).max(maxLinked),
  initiativeIds: z.array(z.string()).max(maxLinked),
  goals: z.array(z.string()).max(maxGoals),
  roles: z.array(z.object({ party: z.string(), description: z.string() })).max(maxRoles),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
  status: z.enum(partnershipStatuses),
  version: z.number().int().positive().describe('Send it back as `expectedVersion` (or `If-Match`) to edit.'),
  lastActivityAt: z.string().describe('The last change or contribution.'),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  totals: spendTotals,
  attention: z
    .array(z.enum(attentionReasons))
    .max(attentionReasons.length)
    .optional()
    .describe(
      'With `?attention=true`: `renewal-due` (the end date is near or past), `stale` (no recent activity).',
    ),
});
export type Partnership = z.infer<typeof partnership>;

export const partnershipDetail = partnership.extend({
  history: z.array(historyEntry).describe('Every change, oldest first.'),
});

export const partnershipParams = z.object({ partnershipId: id });
export const initiativeParams = z.object({ initiativeId: id });

export const partnershipListQuery = z
  .object({
    ...pageQuery,
    status: z.enum(partnershipStatuses).optional(),
    initiativeId: id.optional(),
    organizationId: id.optional(),
    attention: z
      .boolean()
      .optional()
      .describe(
        'Open partnerships needing attention: end date within the renewal notice (or past), or no activity for the stale period.',
      ),
  })
  .refine(
    (query) =>
      [query.status, query.initiativeId, query.organizationId, query.attention || undefined].filter(
        (value) => value !== undefined,
      ).length <= 1,
    { message: 'Filter by one of status, initiativeId, organizationId or attention at a time.' },
  );
export type PartnershipFilter = Pick<
  z.output<typeof partnershipListQuery>,
  'status' | 'initiativeId' | 'organizationId' | 'attention'
>;

export const partnershipPage = pageSchema(partnership);

// ── Contributions ────────────────────────────────────────────────────────────

const positiveMoney = money.extend({
  amount: z
    .number()
    .int('Give whole minor units (cents), e.g. 1250 for 12.50.')
    .min(1)
    .max(MAX_MINOR_UNITS)
    .describe('In minor units of the currency (cents for EUR, yen for JPY).'),
});

const contributionCommon = {
  initiativeId: id
    .optional()
    .describe('Which of the partnership’s initiatives this supports; needed when it has several.'),
  date: calendarDate.optional().describe('When it was given (default: today in the city’s time zone).'),
  note: longText({ max: 1000 }).optional(),
};
const contributor = id.describe('The contributing organisation: one of the partnership’s.');

export const contributionInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('money'),
    organizationId: contributor,
    amount: positiveMoney,
    ...contributionCommon,
  }),
  z.object({
    kind: z.literal('inKind'),
    organizationId: contributor,
    description: longText({ max: 1000 }).describe('What was given: a hall, printing, food…'),
    estimatedValue: positiveMoney,
    ...contributionCommon,
  }),
  z.object({
    kind: z.literal('staffHours'),
    organizationId: contributor,
    hours: z.number().positive().max(100_000).multipleOf(0.01).describe('Valued at the city’s hourly value.'),
    description: longText({ max: 1000 }).optional(),
    ...contributionCommon,
  }),
  z.object({
    kind: z.literal('citySpend'),
    amount: positiveMoney,
    description: longText({ max: 1000 }).optional(),
    ...contributionCommon,
  }),
]);
export type ContributionInput = z.output<typeof contributionInput>;

export const partnerContribution = z.object({
  contributionId: z.string(),
  partnershipId: z.string(),
  kind: z.enum(partnerContributionKinds),
  organizationId: z.string().optional(),
  initiativeId: z.string(),
  date: z.string(),
  amount: money.optional(),
  estimatedValue: money.optional(),
  hours: z.number().optional(),
  description: z.string().optional(),
  note: z.string().optional(),
  value: money.describe('What it counts for in the totals, in the city’s currency.'),
  rate: z
    .number()
    .optional()
    .describe('The configured rate it was converted at, when given in another currency.'),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
export type PartnerContribution = z.infer<typeof partnerContribution>;

export const contributionListQuery = z.object({ ...pageQuery });
export const contributionPage = pageSchema(partnerContribution);

export const initiativeTotals = z.object({ initiativeId: z.string(), totals: spendTotals });

// ── Personal data (the record of processing: docs/privacy.md) ──────────────────

const organizationContact = ['contact.name', 'contact.email', 'contact.phone'];

export const partnershipsPersonalData = [
  personalData({
    entity: 'Organization',
    fields: organizationContact,
    purpose:
      'To reach the contact person a partner organisation names for its work with the city; kept from the last edit of the contact, then removed from the organisation. It is the organisation’s record, which staff correct or remove at its request, so a resident’s own export or erasure does not reach it.',
    legalBasis: 'publicTask',
    retentionDays: 1825,
    atExpiry: 'anonymise',
    readers: 'read',
  }),
  personalData({
    entity: 'OrganizationListEntry',
    fields: organizationContact,
    purpose:
      'The same contact, copied into the staff lists of organisations (by name, neighbourhood and type).',
    legalBasis: 'publicTask',
    retentionDays: 1825,
    atExpiry: 'anonymise',
    readers: 'read',
  }),
];
