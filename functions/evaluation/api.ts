import { z } from 'zod';
import { defineRoute } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import type { ContextDeclaration } from '../context';
import {
  digestSubscription,
  digestSubscriptionInput,
  digestSubscriptionListQuery,
  digestSubscriptionPage,
  digestSubscriptionParams,
  feedback,
  feedbackInput,
  feedbackListQuery,
  feedbackPage,
  indicator,
  indicatorInput,
  indicatorListQuery,
  indicatorPage,
  indicatorParams,
  initiativeParams,
  logicModel,
  logicModelInput,
  measurementInput,
  measurementListQuery,
  measurementPage,
  recordedMeasurement,
  reflection,
  reflectionInput,
  reflectionListQuery,
  reflectionPage,
  unsubscribePreview,
  unsubscribeQuery,
  unsubscribeResult,
} from './schemas';

const tag = 'evaluation';
const coordinator = staffAccess.manage;
const staffReaders = staffAccess.read;
const admin = staffAccess.administer;

/** The route contracts; what each does is bound in `handler.ts`. */
export const evaluationRoutes = [
  defineRoute({
    operationId: 'setLogicModel',
    method: 'PUT',
    path: '/initiatives/{initiativeId}/logic-model',
    summary: 'Set an initiative’s logic model: inputs, activities, outputs, outcomes, assumptions',
    description:
      'Replaces the whole model. Send `expectedVersion: 0` for the first one, then the `version` you read; a stale version is refused with 409 so two editors never overwrite each other.',
    tag,
    auth: coordinator,
    request: { params: initiativeParams, body: logicModelInput },
    response: { status: 200, description: 'The logic model at its new version.', schema: logicModel },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'getLogicModel',
    method: 'GET',
    path: '/initiatives/{initiativeId}/logic-model',
    summary: 'Read an initiative’s logic model',
    description: 'Public: the city publishes how it expects each initiative to work.',
    tag,
    auth: 'public',
    request: { params: initiativeParams },
    response: { status: 200, description: 'The logic model.', schema: logicModel },
    errors: [404],
  }),
  defineRoute({
    operationId: 'defineIndicator',
    method: 'POST',
    path: '/initiatives/{initiativeId}/indicators',
    summary: 'Define an indicator: baseline, target, direction, and where its values come from',
    description:
      'The target date must follow the baseline date, the target must differ from the baseline, and the direction must agree with them (an increase needs a target above the baseline); each is a 422 naming the field.',
    tag,
    auth: coordinator,
    request: { params: initiativeParams, body: indicatorInput },
    response: { status: 201, description: 'The indicator.', schema: indicator },
    errors: [404],
  }),
  defineRoute({
    operationId: 'listIndicators',
    method: 'GET',
    path: '/initiatives/{initiativeId}/indicators',
    summary: 'List an initiative’s indicators with their latest measurement, progress and status',
    tag,
    auth: staffReaders,
    request: { params: initiativeParams, query: indicatorListQuery },
    response: { status: 200, description: 'A page of indicators, oldest first.', schema: indicatorPage },
    errors: [404],
  }),
  defineRoute({
    operationId: 'recordMeasurement',
    method: 'POST',
    path: '/indicators/{indicatorId}/measurements',
    summary: 'Record a value of a manual indicator',
    description:
      '`measuredAt` is when the value was true, never in the future; a back-dated measurement is welcome. Computed indicators take their values from the impact summary: posting to one is 409.',
    tag,
    auth: coordinator,
    request: { params: indicatorParams, body: measurementInput },
    response: {
      status: 201,
      description: 'The measurement, with the progress it represents.',
      schema: recordedMeasurement,
    },
    errors: [404, 409],
  }),
  defineRoute({
    operationId: 'listMeasurements',
    method: 'GET',
    path: '/indicators/{indicatorId}/measurements',
    summary: 'List an indicator’s measurements, latest `measuredAt` first',
    tag,
    auth: staffReaders,
    request: { params: indicatorParams, query: measurementListQuery },
    response: { status: 200, description: 'A page of measurements.', schema: measurementPage },
    errors: [404],
  }),
  defineRoute({
    operationId: 'giveFeedback',
    method: 'POST',
    path: '/feedback',
    summary: 'Rate a meeting, shift or engagement (1–5), with an optional comment',
    description:
      'Anonymous: no name or email is asked. A shift or engagement must exist and its initiative is read from it; a meeting (from the city’s own calendar) names its `initiativeId`. Plain HTML forms post `about.kind`, `about.id`, `rating`, `comment`.',
    tag,
    auth: 'public',
    acceptsForm: true,
    request: { body: feedbackInput },
    response: { status: 201, description: 'The feedback was stored.', schema: feedback },
  }),
  defineRoute({
    operationId: 'listFeedback',
    method: 'GET',
    path: '/feedback',
    summary: 'List the feedback on an initiative, newest first',
    tag,
    auth: staffReaders,
    request: { query: feedbackListQuery },
    response: { status: 200, description: 'A page of feedback.', schema: feedbackPage },
  }),
  defineRoute({
    operationId: 'recordReflection',
    method: 'POST',
    path: '/initiatives/{initiativeId}/reflections',
    summary: 'Record lessons learned: what worked, what did not, what changes next',
    description: 'The author is the staff user posting it.',
    tag,
    auth: coordinator,
    request: { params: initiativeParams, body: reflectionInput },
    response: { status: 201, description: 'The reflection.', schema: reflection },
    errors: [404],
  }),
  defineRoute({
    operationId: 'listReflections',
    method: 'GET',
    path: '/initiatives/{initiativeId}/reflections',
    summary: 'List an initiative’s reflections, newest first',
    tag,
    auth: staffReaders,
    request: { params: initiativeParams, query: reflectionListQuery },
    response: { status: 200, description: 'A page of reflections.', schema: reflectionPage },
    errors: [404],
  }),
  defineRoute({
    operationId: 'subscribeToDigest',
    method: 'POST',
    path: '/digest-subscriptions',
    summary: 'Send a staff address the evaluation digest, weekly or monthly',
    description:
      'Each listed initiative must exist (422 naming its index); `language` must be one of the city’s locales. One subscription per address and frequency: a second is 409.',
    tag,
    auth: admin,
    request: { body: digestSubscriptionInput },
    response: { status: 201, description: 'The subscription.', schema: digestSubscription },
    errors: [409],
  }),
  defineRoute({
    operationId: 'listDigestSubscriptions',
    method: 'GET',
    path: '/digest-subscriptions',
    summary: 'List active digest subscriptions, oldest first',
    tag,
    auth: admin,
    request: { query: digestSubscriptionListQuery },
    response: { status: 200, description: 'A page of subscriptions.', schema: digestSubscriptionPage },
  }),
  defineRoute({
    operationId: 'deleteDigestSubscription',
    method: 'DELETE',
    path: '/digest-subscriptions/{subscriptionId}',
    summary: 'Stop and forget a digest subscription',
    tag,
    auth: admin,
    request: { params: digestSubscriptionParams },
    response: { status: 204, description: 'The subscription is gone.', schema: z.void() },
    errors: [404],
  }),
  defineRoute({
    operationId: 'unsubscribeFromDigestPage',
    method: 'GET',
    path: '/digest-subscriptions/{subscriptionId}/unsubscribe',
    summary: 'The page the digest’s unsubscribe link opens: one button that unsubscribes',
    description:
      'Opening the link changes nothing (mail scanners open every link); the page’s button posts to the same address. Browsers get the HTML page, programs JSON. A wrong token is 404.',
    tag,
    auth: 'public',
    request: { params: digestSubscriptionParams, query: unsubscribeQuery },
    response: {
      status: 200,
      description: 'The subscription the token belongs to.',
      schema: unsubscribePreview,
    },
    errors: [404],
  }),
  defineRoute({
    operationId: 'unsubscribeFromDigest',
    method: 'POST',
    path: '/digest-subscriptions/{subscriptionId}/unsubscribe',
    summary: 'Unsubscribe with the token from the digest (one click)',
    description:
      'The target of the digest’s `List-Unsubscribe` header and link. A POST, never a GET: link scanners fetch every link in a mail, and RFC 8058 one-click unsubscribe posts `List-Unsubscribe=One-Click` (any body is ignored). Repeating it answers the same. A wrong token is 404, like an unknown subscription.',
    tag,
    auth: 'public',
    // The page's button is a plain form: it gets a thank-you page, programs get JSON.
    acceptsForm: true,
    request: { params: digestSubscriptionParams, query: unsubscribeQuery },
    response: { status: 200, description: 'The subscription is stopped.', schema: unsubscribeResult },
    errors: [404],
  }),
];

/**
 * Logic models, indicators and measurements, feedback, reflections and digest subscriptions: one
 * HTTP function (`handler.ts`); no consumers or jobs (the digest job is the digest context's).
 */
export const evaluation: ContextDeclaration = {
  name: 'evaluation',
  http: [
    {
      name: 'evaluation',
      entry: 'functions/evaluation/handler.ts',
      routes: evaluationRoutes,
      tableAccess: 'readWrite',
    },
  ],
};
