import { z } from 'zod';
import { contributionKinds, contributionStatuses } from '../../events/participation';
import { channelSchema, publicChannelField } from '../../shared/domain/channel';
import { assuranceLevel, checkYourEmail } from '../../shared/domain/confirmation';
import { idSchema } from '../../shared/domain/ids';
import { localeTag, localizedText } from '../../shared/domain/localized-text';
import { pageQuery, pageSchema } from '../../shared/domain/page';
import { participantInput } from '../../shared/domain/participant';
import { longText, oneLineText } from '../../shared/domain/text';
import { personalData } from '../../shared/privacy/personal-data';

const id = idSchema;
const instant = z.iso
  .datetime({ offset: true })
  .max(40) // nanoseconds and an offset fit
  .describe('ISO 8601 date-time with offset.');
const day = z.iso.date().describe('ISO 8601 calendar date.');

// ── Initiatives ──────────────────────────────────────────────────────────────

export const initiativeStatuses = ['planned', 'active', 'completed'] as const;

/** Bounds shared by what staff send and what the API answers (answers are parsed, too). */
const maxNeighbourhoods = 200;
const maxPhases = 12;

export const initiativeInput = z
  .object({
    title: localizedText(200),
    summary: localizedText(4000, 'long').optional(),
    status: z.enum(initiativeStatuses).default('active'),
    startsOn: day.optional(),
    endsOn: day.optional(),
    neighbourhoods: z
      .array(oneLineText({ max: 100 }))
      .max(maxNeighbourhoods)
      .default([]),
  })
  .refine((value) => !value.startsOn || !value.endsOn || value.endsOn >= value.startsOn, {
    path: ['endsOn'],
    message: 'The end date must not be before the start date.',
  });

export const initiative = z.object({
  initiativeId: z.string(),
  title: z.record(z.string(), z.string()),
  summary: z.record(z.string(), z.string()).optional(),
  status: z.enum(initiativeStatuses),
  startsOn: z.string().optional(),
  endsOn: z.string().optional(),
  neighbourhoods: z.array(z.string()).max(maxNeighbourhoods),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Initiative = z.infer<typeof initiative>;

export const initiativeParams = z.object({ initiativeId: id });
export const initiativeListQuery = z.object({ ...pageQuery });
export const initiativePage = pageSchema(initiative);

// ── Engagements ──────────────────────────────────────────────────────────────

export const phaseActions = ['contributions', 'comments', 'votes'] as const;
export type PhaseAction = (typeof phaseActions)[number];

const phase = z.object({
  name: localizedText(200),
  startsAt: instant,
  endsAt: instant,
  allows: z
    .array(z.enum(phaseActions))
    .max(3)
    .default([])
    .describe('What residents may do during this phase.'),
});

export const engagementInput = z
  .object({
    initiativeId: id,
    title: localizedText(200),
    description: localizedText(8000, 'long').optional(),
    opensAt: instant,
    closesAt: instant,
    moderation: z
      .enum(['post', 'pre'])
      .default('post')
      .describe(
        '`post`: contributions appear at once and may be hidden later; `pre`: they wait for a coordinator.',
      ),
    phases: z.array(phase).max(maxPhases).default([]),
    voteAssurance: assuranceLevel
      .default('email')
      .describe(
        'How votes count: `email` (the default) when the emailed link is confirmed; `open` at once, marked unconfirmed.',
      ),
  })
  .superRefine((value, context) => {
    const opens = Date.parse(value.opensAt);
    const closes = Date.parse(value.closesAt);
    if (closes <= opens)
      context.addIssue({ code: 'custom', path: ['closesAt'], message: 'Must be after opensAt.' });
    let previousEnd = opens;
    value.phases.forEach((p, index) => {
      const starts = Date.parse(p.startsAt);
      const ends = Date.parse(p.endsAt);
      if (ends <= starts)
        context.addIssue({
          code: 'custom',
          path: ['phases', index, 'endsAt'],
          message: 'Must be after startsAt.',
        });
      if (starts < previousEnd)
        context.addIssue({
          code: 'custom',
          path: ['phases', index, 'startsAt'],
          message: 'Phases must lie inside the window, in order, without overlapping.',
        });
      if (ends > closes)
        context.addIssue({
          code: 'custom',
          path: ['phases', index, 'endsAt'],
          message: 'Must not be after closesAt.',
        });
      previousEnd = Math.max(previousEnd, ends);
    });
  });
export type EngagementInput = z.output<typeof engagementInput>;

export const engagementStatuses = ['upcoming', 'open', 'closed'] as const;

export const engagement = z.object({
  engagementId: z.string(),
  initiativeId: z.string(),
  title: z.record(z.string(), z.string()),
  description: z.record(z.string(), z.string()).optional(),
  opensAt: z.string(),
  closesAt: z.string(),
  moderation: z.enum(['post', 'pre']),
  phases: z
    .array(
      z.object({
        name: z.record(z.string(), z.string()),
        startsAt: z.string(),
        endsAt: z.string(),
        allows: z.array(z.enum(phaseActions)).max(phaseActions.length),
      }),
    )
    .max(maxPhases),
  /** Engagements stored before assurance levels existed read as `email`, the default. */
  voteAssurance: assuranceLevel.default('email'),
  status: z.enum(engagementStatuses).describe('Derived from the window at the time of the request.'),
  currentPhase: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Index into `phases` of the phase running now.'),
  createdAt: z.string(),
});
export type Engagement = z.infer<typeof engagement>;
export type StoredEngagement = Omit<Engagement, 'status' | 'currentPhase'>;

export const engagementParams = z.object({ engagementId: id });
export const engagementListQuery = z.object({ ...pageQuery, initiativeId: id.optional() });
export const engagementPage = pageSchema(engagement);

// ── Contributions ────────────────────────────────────────────────────────────

export const contributionInput = z
  .object({
    kind: z.enum(contributionKinds),
    title: oneLineText({ min: 3, max: 200 }).optional(),
    body: longText({ max: 10_000 }),
    parentId: id.optional().describe('For comments: the contribution being answered.'),
    language: localeTag.optional(),
    participant: participantInput.optional(),
    ...publicChannelField,
  })
  .superRefine((value, context) => {
    if (value.kind !== 'comment' && !value.title)
      context.addIssue({
        code: 'custom',
        path: ['title'],
        message: `A title is required for an ${value.kind}.`,
      });
    if (value.kind === 'comment' && !value.parentId)
      context.addIssue({
        code: 'custom',
        path: ['parentId'],
        message: 'A comment answers a contribution: give its ID.',
      });
    if (value.kind !== 'comment' && value.parentId)
      context.addIssue({ code: 'custom', path: ['parentId'], message: 'Only comments have a parent.' });
  });
export type ContributionInput = z.output<typeof contributionInput>;

export const contribution = z.object({
  contributionId: z.string(),
  engagementId: z.string(),
  kind: z.enum(contributionKinds),
  parentId: z.string().optional(),
  title: z.string().optional().describe('Absent on comments, and once the author’s data was erased.'),
  body: z.string().describe('Empty once the author’s data was erased (`removed`).'),
  language: z.string().optional(),
  status: z.enum(contributionStatuses),
  removed: z
    .enum(['author-request'])
    .optional()
    .describe(
      'Set when the author had their data erased: the title and body are gone, while the contribution stays in place so its votes and replies still count.',
    ),
  voteCount: z.number().int().nonnegative(),
  replyCount: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type Contribution = z.infer<typeof contribution>;

export const contributionParams = z.object({ contributionId: id });
export const contributionListQuery = z.object({
  ...pageQuery,
  parentId: id
    .optional()
    .describe('List the replies to this contribution instead of top-level contributions.'),
  order: z.enum(['oldest', 'newest']).default('oldest'),
});
export const contributionPage = pageSchema(contribution);

// ── Votes and moderation ─────────────────────────────────────────────────────

export const voteInput = z.object({
  participant: participantInput.pick({ email: true }),
  ...publicChannelField,
});
/** Under `open` assurance: counted at once, the same answer for a first and a repeated vote. */
export const voteCounted = z.object({
  status: z.literal('counted'),
  message: z.string(),
});
export const voteCountedAnswer: z.output<typeof voteCounted> = {
  status: 'counted',
  message: 'Thank you: your support is counted.',
};
/** The answer to a vote, the same for every address whatever its history. */
export const voteAnswer = z.union([checkYourEmail, voteCounted]);
export const voteParams = z.object({ voteId: id });

/** What staff see of a contribution's votes: those counted, and those still awaiting confirmation. */
export const voteTally = z.object({
  contributionId: z.string(),
  counted: z.number().int().nonnegative().describe('Votes that count (the public `voteCount`).'),
  countedUnconfirmed: z
    .number()
    .int()
    .nonnegative()
    .describe('Of those, cast under `open` assurance: counted at once, never confirmed.'),
  awaitingConfirmation: z
    .number()
    .int()
    .nonnegative()
    .describe('Votes whose emailed link has not been confirmed yet and has not lapsed: not counted.'),
});

export const moderationActions = ['hide', 'publish', 'flag'] as const;
export const moderationInput = z.object({
  action: z.enum(moderationActions),
  reason: longText({ min: 3, max: 1000 }).describe('Kept in the audit record.'),
});
export const moderationResult = z.object({
  contributionId: z.string(),
  status: z.enum(contributionStatuses),
  channel: channelSchema.describe('Where the contribution came from (`web`, or what staff entered it from).'),
  moderatedAt: z.string(),
});

// ── Personal data (the record of processing: docs/privacy.md) ──────────────────

export const participationPersonalData = [
  personalData({
    entity: 'Contribution',
    fields: ['title', 'body', 'contact.email', 'contact.name'],
    identity: ['participantHash', 'gsi3pk', 'gsi3sk'],
    purpose:
      'To publish what a resident contributes to a consultation, and to contact them about it only when they consent.',
    legalBasis: 'publicTask',
    retentionDays: 730,
    atExpiry: 'anonymise',
    // Once nothing links it to its author, the text is the consultation's public record.
    survivesAnonymisation: ['title', 'body'],
    readers: 'personalData',
  }),
  personalData({
    entity: 'Vote',
    fields: [],
    identity: ['sk', 'participantHash', 'gsi3pk', 'gsi3sk'],
    purpose:
      'To count one vote per person: the key is the keyed hash of the voter’s address, never the address. A vote awaiting its emailed confirmation lapses with its link; the retention runs from when it counts.',
    legalBasis: 'publicTask',
    retentionDays: 730,
    atExpiry: 'anonymise',
    readers: 'read',
  }),
  personalData({
    entity: 'VoteConfirmation',
    fields: [],
    identity: ['participantHash', 'gsi3pk', 'gsi3sk'],
    purpose:
      'To count a vote once its emailed link is followed. Unused, it lapses with the link and goes a week after; used, it is kept for its retention to answer a repeated click.',
    legalBasis: 'publicTask',
    retentionDays: 8,
    atExpiry: 'delete',
    readers: 'mail',
  }),
];
