import { z } from 'zod';
import { feedbackSubjects, indicatorDirections } from '../../events/evaluation';
import { publicChannelField, storedChannel } from '../../shared/domain/channel';
import { idSchema } from '../../shared/domain/ids';
import { localeTag } from '../../shared/domain/localized-text';
import { pageQuery, pageSchema } from '../../shared/domain/page';
import { longText, oneLineText } from '../../shared/domain/text';
import { personalData } from '../../shared/privacy/personal-data';
import { computedMetrics } from './metrics';
import { onTrackStatuses } from './progress';

const id = idSchema;
const instant = z.iso
  .datetime({ offset: true })
  .max(40) // nanoseconds and an offset fit
  .describe('ISO 8601 date-time with offset.');
const day = z.iso.date().describe('ISO 8601 calendar date, in the city’s time zone.');
const line = (max: number) => oneLineText({ max });
const paragraphs = (max: number) => longText({ max });

/**
 * An indicator value. Bounded so DynamoDB can store it exactly (it refuses magnitudes beyond
 * 1e125 and below 1e-130, which would otherwise surface as our 500).
 */
const value = z
  .number()
  .min(-1e15)
  .max(1e15)
  .refine((v) => v === 0 || Math.abs(v) >= 1e-9, 'Too small to keep: round it to 9 decimals.');

export const initiativeParams = z.object({ initiativeId: id });

// ── Logic model ──────────────────────────────────────────────────────────────

/** Entries in each list of a logic model, sent and answered (answers are parsed, too). */
const maxLogicModelEntries = 50;
const logicModelList = (what: string) =>
  z.array(line(500)).max(maxLogicModelEntries).default([]).describe(what);

export const logicModelInput = z.object({
  inputs: logicModelList('What the initiative uses: budget, staff, partners, places.'),
  activities: logicModelList('What it does with them.'),
  outputs: logicModelList('What the activities directly produce (sessions held, people reached).'),
  outcomes: logicModelList('The changes it expects for residents.'),
  assumptions: logicModelList('What must hold for activities to lead to outcomes.'),
  expectedVersion: z
    .number()
    .int()
    .min(0)
    .describe(
      'The `version` you read, or 0 to set the first logic model. A stale version is refused with 409.',
    ),
});
export type LogicModelInput = z.output<typeof logicModelInput>;

export const logicModel = z.object({
  initiativeId: z.string(),
  inputs: z.array(z.string()).max(maxLogicModelEntries),
  activities: z.array(z.string()).max(maxLogicModelEntries),
  outputs: z.array(z.string()).max(maxLogicModelEntries),
  outcomes: z.array(z.string()).max(maxLogicModelEntries),
  assumptions: z.array(z.string()).max(maxLogicModelEntries),
  version: z.number().int().positive().describe('Send it back as `expectedVersion` to edit.'),
  updatedAt: z.string(),
});
export type LogicModel = z.infer<typeof logicModel>;

// ── Indicators and measurements ──────────────────────────────────────────────

const point = z.object({ value, date: day });

export const indicatorSource = z
  .union([z.literal('manual'), z.object({ computed: z.enum(computedMetrics) }).strict()])
  .describe(
    '`manual`: staff post measurements. `{ "computed": <metric> }`: the value is the named impact-summary figure, and posting measurements is refused.',
  );
export type IndicatorSource = z.infer<typeof indicatorSource>;

export const indicatorInput = z
  .object({
    name: line(200).describe('Short and plain, e.g. `Verified volunteer hours`.'),
    unit: line(40).describe('What a value counts, e.g. `hours`, `people`, `%`.'),
    baseline: point.describe('Where the initiative starts from, and when.'),
    target: point.describe('Where it means to get to, and by when.'),
    direction: z.enum(indicatorDirections).describe('Whether success is a higher or a lower value.'),
    source: indicatorSource,
  })
  .superRefine((input, context) => {
    if (input.target.date <= input.baseline.date)
      context.addIssue({
        code: 'custom',
        path: ['target', 'date'],
        message: 'The target date must be after the baseline date.',
      });
    if (input.target.value === input.baseline.value)
      context.addIssue({
        code: 'custom',
        path: ['target', 'value'],
        message: 'The target must differ from the baseline.',
      });
    else if (input.target.value > input.baseline.value !== (input.direction === 'increase'))
      context.addIssue({
        code: 'custom',
        path: ['direction'],
        message:
          input.direction === 'increase'
            ? 'An increase indicator needs a target above its baseline.'
            : 'A decrease indicator needs a target below its baseline.',
      });
  });
export type IndicatorInput = z.output<typeof indicatorInput>;

export const indicator = z.object({
  indicatorId: z.string(),
  initiativeId: z.string(),
  name: z.string(),
  unit: z.string(),
  baseline: z.object({ value: z.number(), date: z.string() }),
  target: z.object({ value: z.number(), date: z.string() }),
  direction: z.enum(indicatorDirections),
  source: z.union([z.literal('manual'), z.object({ computed: z.enum(computedMetrics) })]),
  createdAt: z.string(),
});
export type Indicator = z.infer<typeof indicator>;

export const measurementInput = z.object({
  value: value.describe('In the indicator’s unit.'),
  measuredAt: instant.describe('When the value was true (not when it is posted); never in the future.'),
  note: paragraphs(1000).optional().describe('Where the figure comes from, caveats.'),
});
export type MeasurementInput = z.output<typeof measurementInput>;

export const measurement = z.object({
  measurementId: z.string(),
  indicatorId: z.string(),
  value: z.number(),
  measuredAt: z.string().describe('As it was posted, with its offset.'),
  note: z.string().optional(),
  recordedAt: z.string(),
});
export type Measurement = z.infer<typeof measurement>;

export const recordedMeasurement = measurement.extend({
  progress: z.number().describe('Share of the way from baseline to target (see the indicator list).'),
});

export const indicatorWithProgress = indicator.extend({
  latestMeasurement: measurement
    .optional()
    .describe('The latest measurement taken at or before now (absent for computed indicators).'),
  progress: z
    .number()
    .optional()
    .describe(
      '(value − baseline) ÷ (target − baseline): 0 at the baseline, 1 at the target, below 0 when moving away from it, above 1 past it.',
    ),
  status: z
    .enum(onTrackStatuses)
    .optional()
    .describe(
      'Manual indicators: `achieved` at progress ≥ 1; `not-started` without a measurement or before the baseline date; `on-track` while progress ≥ the elapsed share of baseline date → target date (city time) minus 10 points; else `off-track`. Computed indicators are judged in the impact summary.',
    ),
});

export const indicatorParams = z.object({ indicatorId: id });
export const indicatorListQuery = z.object({ ...pageQuery });
export const indicatorPage = pageSchema(indicatorWithProgress);
export const measurementListQuery = z.object({ ...pageQuery });
export const measurementPage = pageSchema(measurement);

// ── Feedback ─────────────────────────────────────────────────────────────────

/** A meeting is the city's own (its calendar's ID); shifts and engagements are Civic's, so ULIDs. */
const subjectId = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'Letters, digits and . _ : - only.');

export const feedbackInput = z
  .object({
    rating: z.number().int().min(1).max(5).describe('1 (poor) to 5 (excellent).'),
    comment: paragraphs(2000).optional(),
    about: z.object({
      kind: z.enum(feedbackSubjects),
      id: subjectId.describe('The meeting’s ID in the city’s calendar, or the shift’s or engagement’s ID.'),
    }),
    initiativeId: id
      .optional()
      .describe(
        'Required for a meeting. For a shift or an engagement it is read from that record (and must match if given).',
      ),
    ...publicChannelField,
  })
  .superRefine((value, context) => {
    if (value.about.kind === 'meeting' && !value.initiativeId)
      context.addIssue({
        code: 'custom',
        path: ['initiativeId'],
        message: 'Say which initiative the meeting belongs to.',
      });
    if (value.about.kind !== 'meeting' && !idSchema.safeParse(value.about.id).success)
      context.addIssue({
        code: 'custom',
        path: ['about', 'id'],
        message: `No ${value.about.kind} with this ID.`,
      });
  });
export type FeedbackInput = z.output<typeof feedbackInput>;

export const feedback = z.object({
  feedbackId: z.string(),
  initiativeId: z.string(),
  about: z.object({ kind: z.enum(feedbackSubjects), id: z.string() }),
  rating: z.number().int(),
  comment: z.string().optional(),
  givenAt: z.string(),
  // Items from before channels have none: they were `web`.
  channel: storedChannel,
});
export type Feedback = z.infer<typeof feedback>;

export const feedbackListQuery = z.object({ ...pageQuery, initiativeId: id });
export const feedbackPage = pageSchema(feedback);

// ── Reflections ──────────────────────────────────────────────────────────────

export const reflectionInput = z.object({
  whatWorked: paragraphs(4000),
  whatDidNot: paragraphs(4000),
  changesNext: paragraphs(4000),
  period: line(50)
    .optional()
    .describe('A label for the stretch reflected on, e.g. `2027-Q1` or `Pilot phase`.'),
});
export type ReflectionInput = z.output<typeof reflectionInput>;

export const reflection = z.object({
  reflectionId: z.string(),
  initiativeId: z.string(),
  whatWorked: z.string(),
  whatDidNot: z.string(),
  changesNext: z.string(),
  period: z.string().optional(),
  authorId: z.string().describe('The staff user ID (Cognito `sub`) of the author.'),
  createdAt: z.string(),
});
export type Reflection = z.infer<typeof reflection>;

export const reflectionListQuery = z.object({ ...pageQuery });
export const reflectionPage = pageSchema(reflection);

// ── Digest subscriptions ─────────────────────────────────────────────────────

export const digestFrequencies = ['weekly', 'monthly'] as const;
export type DigestFrequency = (typeof digestFrequencies)[number];

/** Initiatives one digest covers, sent and answered (answers are parsed, too). */
const maxDigestInitiatives = 100;
const digestInitiatives = z
  .union([z.literal('all'), z.array(id).min(1).max(maxDigestInitiatives)])
  .describe('`all`, or the initiatives the digest covers.');

export const digestSubscriptionInput = z
  .object({
    email: z
      .string()
      .trim()
      .max(254)
      .pipe(z.email().max(254))
      .describe('The staff address the digest goes to.'),
    frequency: z.enum(digestFrequencies),
    initiatives: digestInitiatives.default('all'),
    language: localeTag.optional().describe('One of the city’s content languages; the first by default.'),
  })
  .superRefine((input, context) => {
    if (input.initiatives === 'all') return;
    input.initiatives.forEach((initiativeId, index) => {
      if (input.initiatives.indexOf(initiativeId) !== index)
        context.addIssue({ code: 'custom', path: ['initiatives', index], message: 'Listed twice.' });
    });
  });
export type DigestSubscriptionInput = z.output<typeof digestSubscriptionInput>;

export const digestSubscription = z.object({
  subscriptionId: z.string(),
  email: z.string(),
  frequency: z.enum(digestFrequencies),
  initiatives: z.union([z.literal('all'), z.array(z.string()).max(maxDigestInitiatives)]),
  language: z.string(),
  status: z.enum(['active', 'unsubscribed']),
  createdAt: z.string(),
  unsubscribedAt: z.string().optional(),
});
export type DigestSubscription = z.infer<typeof digestSubscription>;

export const digestSubscriptionParams = z.object({ subscriptionId: id });
export const digestSubscriptionListQuery = z.object({
  ...pageQuery,
  frequency: z.enum(digestFrequencies).optional(),
});
export const digestSubscriptionPage = pageSchema(digestSubscription);

const unsubscribeToken = z
  .string()
  .min(16)
  .max(200)
  // Tokens are base64url: a code, never text.
  .regex(/^[A-Za-z0-9_-]+$/, 'This link is not one we sent.');
/** The page the digest's link opens: a mailed link can carry the token only in its URL. */
export const unsubscribeQuery = z.object({
  token: unsubscribeToken.describe('The token from the digest’s unsubscribe link.'),
});
/** Unsubscribing from that page: its form posts the token in the body, out of every URL. */
export const unsubscribeBody = z.object({
  token: unsubscribeToken.describe('The token (the page’s form carries it in a hidden field).'),
});
export const unsubscribePreview = z.object({
  subscriptionId: z.string(),
  status: z.enum(['active', 'unsubscribed']),
  frequency: z.string(),
  language: z.string(),
});
export const unsubscribeResult = z.object({
  subscriptionId: z.string(),
  status: z.literal('unsubscribed'),
  unsubscribedAt: z.string(),
});

// ── Personal data (the record of processing: docs/privacy.md) ──────────────────

export const evaluationPersonalData = [
  personalData({
    entity: 'Feedback',
    fields: ['comment'],
    purpose:
      'To learn how a meeting, shift or engagement went; given without a name or address, though a comment may say who wrote it.',
    legalBasis: 'publicTask',
    retentionDays: 1095,
    // The rating is the city's evaluation record and says nothing about who gave it; only the
    // comment may, so the comment goes and the rating stays in the initiative's feedback.
    atExpiry: 'anonymise',
    readers: 'read',
  }),
  personalData({
    entity: 'DigestSubscription',
    fields: ['email'],
    purpose:
      'To mail the evaluation digest to the staff address an administrator subscribed; kept for a year after the last digest sent (or the unsubscription), then deleted.',
    legalBasis: 'publicTask',
    retentionDays: 365,
    atExpiry: 'delete',
    readers: 'administer',
  }),
  personalData({
    entity: 'DigestAddress',
    fields: ['pk'],
    purpose:
      'To send one digest of each frequency per address, and to find an address’s subscriptions for its export or erasure: the key is the (encoded) staff address.',
    legalBasis: 'publicTask',
    retentionDays: 365,
    atExpiry: 'delete',
    readers: 'administer',
  }),
];
