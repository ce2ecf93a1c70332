import { z } from 'zod';
import { channelSchema, channels } from '../../shared/domain/channel';
import { idSchema } from '../../shared/domain/ids';
import { parsePeriod } from '../../shared/domain/period';
import { cellFlags, type SuppressionNote, suppressionNote } from '../../shared/domain/small-numbers';
import { personalData } from '../../shared/privacy/personal-data';
import type { ChannelParticipation, ChannelRepresentation } from './channels';
import type { compareFigures, Figures } from './figures';
import type { IndicatorStatus } from './indicators';
import type { Representativeness, RepresentativenessAsShown } from './representativeness';

// ── The summary route's schemas ──────────────────────────────────────────────

const periodLabel = z
  .string()
  .max(8)
  .refine(
    (value) => parsePeriod(value) !== undefined,
    'Use YYYY-MM, an ISO week YYYY-Www or a quarter YYYY-Qn.',
  )
  .describe('`YYYY-MM`, ISO week `YYYY-Www` or quarter `YYYY-Qn`, in the city’s time zone.');

const change = z.object({
  previous: z.number().nullable(),
  absolute: z.number().nullable(),
  relative: z
    .number()
    .nullable()
    .describe('(current − previous) ÷ previous; null when previous is 0 or unknown.'),
});

const representation = z.object({
  participants: z.number().int(),
  unmatched: z.number().int().describe('Participants in groups the population baseline does not list.'),
  index: z
    .number()
    .nullable()
    .describe('1 − ½ Σ |participant share − population share|: 1 mirrors the city, 0 is as far as it gets.'),
  groups: z.array(
    z.object({
      group: z.string(),
      participants: z.number().int(),
      participantShare: z.number(),
      populationShare: z.number(),
      ratio: z.number().describe('participant share ÷ population share'),
    }),
  ),
  underRepresented: z.array(z.object({ group: z.string(), ratio: z.number() })),
});

/** One table as the summary is stored: every group's figures (what the job compiled). */
export const storedRepresentation = representation;

const channelParticipation = z.object({
  channel: channelSchema,
  participants: z
    .number()
    .int()
    .describe(
      'Distinct people (by keyed address) who contributed, voted, rated, attended a meeting or signed a petition through it.',
    ),
  contributions: z.number().int(),
  votes: z.number().int(),
  surveyResponses: z.number().int(),
  feedback: z.number().int(),
  // Summaries compiled before attendance had a channel have none: they counted none per channel.
  meetingAttendance: z
    .number()
    .int()
    .default(0)
    .describe('Meeting attendances: check-ins, and sign-in sheets entered as batches (`paper`).'),
  // Likewise for summaries compiled before petitions.
  petitionSignatures: z
    .number()
    .int()
    .default(0)
    .describe(
      'Petition signatures confirmed: by emailed link (`web`), and paper sheets entered as batches (`paper`).',
    ),
});

/** Per channel, as stored or shown: `table` is the representation schema of the one or the other. */
export const channelRepresentation = <T extends z.ZodType>(table: T) =>
  z.object({ channel: channelSchema, neighbourhood: table, ageBand: table });

/**
 * One table as a reader sees it: small numbers stay private (`shared/domain/small-numbers.ts`).
 * For anyone but an admin, a group of fewer participants than the minimum cell size (and the
 * next-smallest group, when it is the only one: `participants` would reveal it) has its figures
 * null, and the index, which derives from every group, is null with it.
 */
const representationAsShown = representation.extend({
  unmatched: representation.shape.unmatched.nullable(),
  index: z
    .number()
    .nullable()
    .describe(
      '1 − ½ Σ |participant share − population share|: 1 mirrors the city, 0 is as far as it gets. Null when nobody shared the detail, or (for all but admins) when a group is withheld: it would give the group away.',
    ),
  groups: z.array(
    z.object({
      group: z.string(),
      participants: z.number().int().nullable(),
      participantShare: z.number().nullable(),
      populationShare: z.number(),
      ratio: z.number().nullable().describe('participant share ÷ population share'),
      ...cellFlags,
    }),
  ),
  underRepresented: z
    .array(z.object({ group: z.string(), ratio: z.number() }))
    .describe(
      'Groups whose ratio is below 0.8, most under-represented first; withheld groups are not judged.',
    ),
});

export const summary = z.object({
  period: z.string(),
  previousPeriod: z.string(),
  scope: z.enum(['city', 'initiative']),
  initiativeId: z.string().optional(),
  timeZone: z.string(),
  range: z.object({ start: z.string(), end: z.string() }).describe('[start, end) of the period.'),
  figures: z.record(z.string(), z.number().nullable()),
  changes: z.record(z.string(), change),
  representativeness: z.object({ neighbourhood: representationAsShown, ageBand: representationAsShown }),
  channels: z
    .array(channelParticipation)
    .max(channels.length)
    .optional()
    .describe(
      'Participation per channel (web, paper, phone…), every channel listed, zeros included. Absent on summaries compiled before channels: run the job again.',
    ),
  representativenessByChannel: z
    .array(channelRepresentation(representationAsShown))
    .max(channels.length)
    .optional()
    .describe(
      'Who each channel used in the period reached, against the same baseline. Small numbers are judged across channels and the city-wide table together, so no sum or difference of shown cells gives a withheld one away. Absent on summaries compiled before channels.',
    ),
  indicators: z.array(
    z.object({
      indicatorId: z.string(),
      name: z.string(),
      unit: z.string(),
      source: z.string(),
      value: z.number().nullable(),
      measuredAt: z.string().optional(),
      baseline: z.object({ value: z.number(), date: z.string() }),
      target: z.object({ value: z.number(), date: z.string() }),
      progress: z.number().nullable(),
      status: z.string(),
    }),
  ),
  compiledAt: z.string(),
  suppression: suppressionNote.optional(),
});

export const summaryParams = z.object({ period: periodLabel });
export const summaryQuery = z.object({
  initiativeId: idSchema.optional().describe('Omit for the city-wide summary.'),
});

// ── The summary as compiled and stored ───────────────────────────────────────

/**
 * One compiled impact summary: the city's, or one initiative's, for one period. What the route
 * serves and what the digest is written from.
 */
export interface ImpactSummary {
  period: string;
  previousPeriod: string;
  /** `city`, or the initiative the summary is about. */
  scope: 'city' | 'initiative';
  initiativeId?: string;
  timeZone: string;
  range: { start: string; end: string };
  figures: Figures;
  changes: ReturnType<typeof compareFigures>;
  representativeness: { neighbourhood: Representativeness; ageBand: Representativeness };
  /** Absent on summaries compiled before channels existed. */
  channels?: ChannelParticipation[];
  /** The channels used in the period; absent on summaries compiled before channels existed. */
  representativenessByChannel?: ChannelRepresentation<Representativeness>[];
  indicators: IndicatorStatus[];
  compiledAt: string;
}

/**
 * A summary as a reader sees it (the route, and what impact publishes to other contexts): its
 * representativeness tables through the small-numbers rule, and a note when it withheld or flagged.
 */
export interface SummaryAsShown
  extends Omit<ImpactSummary, 'representativeness' | 'representativenessByChannel'> {
  representativeness: { neighbourhood: RepresentativenessAsShown; ageBand: RepresentativenessAsShown };
  representativenessByChannel?: ChannelRepresentation<RepresentativenessAsShown>[];
  suppression?: SuppressionNote;
}

/** What one run of the `impact-summary` job did. */
export interface CompileResult {
  period: string;
  summaries: number;
  activityRecords: number;
}

// ── Personal data (the record of processing: docs/privacy.md) ──────────────────

export const impactPersonalData = [
  personalData({
    entity: 'Activity',
    fields: ['neighbourhood', 'ageBand'],
    identity: ['participantHash', 'gsi3pk', 'gsi3sk'],
    purpose:
      'To count unique and returning participants across strands, and how well they reflect the city, by the keyed hash of an address (never the address) and the profile a participant consented to share. When its retention ends, or the person is erased, the hash gives way to a pseudonym; withdrawing consent to share demographics removes the profile.',
    legalBasis: 'publicTask',
    retentionDays: 1095,
    atExpiry: 'anonymise',
    // Once the record names nobody, its neighbourhood and age band are one anonymous count of the
    // representativeness tables, as a survey response keeps its shared profile.
    survivesAnonymisation: ['neighbourhood', 'ageBand'],
    readers: 'read',
  }),
  personalData({
    entity: 'ParticipantFirstSeen',
    fields: [],
    identity: ['pk'],
    purpose:
      'To tell new participants from returning ones, by when a keyed hash was first seen; kept for this long after the person was last seen.',
    legalBasis: 'publicTask',
    retentionDays: 1095,
    atExpiry: 'delete',
    readers: 'read',
  }),
];
