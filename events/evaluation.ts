import { z } from 'zod';
import { storedChannel } from '../shared/domain/channel';
import { defineEvent, eventBase } from './define-event';

const source = 'civic.evaluation';

export const indicatorDirections = ['increase', 'decrease'] as const;
export type IndicatorDirection = (typeof indicatorDirections)[number];

/** What residents rate: a meeting (the city's own calendar), a volunteer shift or an engagement. */
export const feedbackSubjects = ['meeting', 'shift', 'engagement'] as const;
export type FeedbackSubject = (typeof feedbackSubjects)[number];

const staffId = z.string().describe('The staff user ID (Cognito `sub`), never a name or email.');

/** A coordinator defined an indicator for an initiative. */
export const IndicatorDefined = defineEvent({
  source,
  detailType: 'IndicatorDefined',
  detail: z.object({
    ...eventBase,
    indicatorId: z.string(),
    initiativeId: z.string(),
    source: z.enum(['manual', 'computed']),
    metric: z.string().optional().describe('The impact-summary figure a computed indicator follows.'),
    direction: z.enum(indicatorDirections),
    definedBy: staffId,
  }),
});

/** Staff recorded a value of a manual indicator, as measured at `measuredAt`. */
export const MeasurementRecorded = defineEvent({
  source,
  detailType: 'MeasurementRecorded',
  detail: z.object({
    ...eventBase,
    measurementId: z.string(),
    indicatorId: z.string(),
    initiativeId: z.string(),
    value: z.number(),
    measuredAt: z.iso.datetime({ offset: true }),
    recordedBy: staffId,
  }),
});

/** A resident rated a meeting, shift or engagement. The comment stays in the table: no free text here. */
export const FeedbackGiven = defineEvent({
  source,
  detailType: 'FeedbackGiven',
  detail: z.object({
    ...eventBase,
    feedbackId: z.string(),
    initiativeId: z.string(),
    about: z.object({ kind: z.enum(feedbackSubjects), id: z.string() }),
    rating: z.number().int().min(1).max(5),
    /** Where it came from; events from before channels have none (they were `web`). */
    channel: storedChannel,
  }),
});

/** Staff recorded lessons learned for an initiative. The texts stay in the table. */
export const ReflectionRecorded = defineEvent({
  source,
  detailType: 'ReflectionRecorded',
  detail: z.object({
    ...eventBase,
    reflectionId: z.string(),
    initiativeId: z.string(),
    period: z.string().optional(),
    authorId: staffId,
  }),
});
