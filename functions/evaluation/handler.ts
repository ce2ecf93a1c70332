import { escapeHtml } from '../../shared/http/html';
import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { messagesFor } from '../../shared/messages';
import { engagementInitiative, initiativeExists } from '../participation/published';
import { shiftInitiative } from '../volunteering/published';
import { evaluationRoutes } from './api';
import { digestSubscriptionService } from './digest-subscription-service';
import { dynamoDigestSubscriptionStore } from './dynamo-digest-subscription-store';
import { dynamoEvaluationStore } from './dynamo-store';
import { feedbackService } from './feedback-service';
import { evaluationService } from './service';

const service = evaluationService(dynamoEvaluationStore, { initiativeExists });
// Feedback names a shift or an engagement: their contexts say which initiative each belongs to.
const subjectInitiative = (kind: 'shift' | 'engagement', id: string) =>
  kind === 'engagement' ? engagementInitiative(id) : shiftInitiative(id);
const feedbackUseCases = feedbackService(dynamoEvaluationStore, { initiativeExists, subjectInitiative });
const subscriptions = digestSubscriptionService(dynamoDigestSubscriptionStore, { initiativeExists });

/** Logic models, indicators and measurements, feedback, reflections and digest subscriptions. */
export const handler = createHttpHandler(
  bindRoutes(evaluationRoutes, {
    setLogicModel: ({ params, body, principal }) =>
      service.setLogicModel(params.initiativeId, body, principal),
    getLogicModel: ({ params }) => service.getLogicModel(params.initiativeId),
    defineIndicator: ({ params, body, principal }) =>
      service.defineIndicator(params.initiativeId, body, principal),
    listIndicators: ({ params, query }) => service.listIndicators(params.initiativeId, query),
    recordMeasurement: ({ params, body, principal }) =>
      service.recordMeasurement(params.indicatorId, body, principal),
    listMeasurements: ({ params, query }) => service.listMeasurements(params.indicatorId, query),
    giveFeedback: ({ body }) => feedbackUseCases.giveFeedback(body),
    listFeedback: ({ query }) => feedbackUseCases.listFeedback(query.initiativeId, query),
    recordReflection: ({ params, body, principal }) =>
      service.recordReflection(params.initiativeId, body, principal),
    listReflections: ({ params, query }) => service.listReflections(params.initiativeId, query),
    subscribeToDigest: ({ body }) => subscriptions.subscribe(body),
    listDigestSubscriptions: ({ query }) =>
      subscriptions.listSubscriptions({ frequency: query.frequency }, query),
    deleteDigestSubscription: ({ params }) => subscriptions.deleteSubscription(params.subscriptionId),
    unsubscribeFromDigestPage: {
      handler: ({ params, query }) => subscriptions.unsubscribePreview(params.subscriptionId, query.token),
      page: (subscription, { query }, language) => {
        // Relative to the page itself, so it works behind any stage or custom-domain path; the
        // token goes in the form's body, so the URL of the request that acts never carries it.
        const action = 'unsubscription';
        const texts = messagesFor(language).page.unsubscribe;
        const frequency =
          (texts.frequencies as Record<string, string>)[subscription.frequency] ?? subscription.frequency;
        return subscription.status === 'unsubscribed'
          ? {
              title: texts.doneTitle,
              content: `<h1>${escapeHtml(texts.doneHeading)}</h1>\n<p role="status">${escapeHtml(texts.done)}</p>`,
            }
          : {
              title: texts.title,
              content: `<h1>${escapeHtml(texts.heading)}</h1>
<p>${escapeHtml(texts.receives({ frequency }))}</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="token" value="${escapeHtml(query.token)}">
<button type="submit">${escapeHtml(texts.button)}</button>
</form>`,
            };
      },
    },
    unsubscribeFromDigest: ({ params, query }) =>
      subscriptions.unsubscribe(params.subscriptionId, query.token),
    unsubscribeFromDigestByForm: ({ params, body }) =>
      subscriptions.unsubscribe(params.subscriptionId, body.token),
  }),
);
