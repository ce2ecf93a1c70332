import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { metrics } from '../observability/powertools';
import { withPowertoolsChain } from './powertools-chain';

export type BusEvent = EventBridgeEvent<string, unknown>;

/**
 * The Lambda handler of an event consumer (declared in its context's `api.ts`): `consume` runs
 * under the same Powertools chain as the HTTP functions, each invocation's logs carrying the
 * event's id as correlation id, and counts each event it took by detail type. A thrown error
 * fails the invocation, so EventBridge retries it and, in the end, leaves it in the consumer's
 * dead-letter queue.
 */
export function createEventConsumer(
  consume: (event: BusEvent, context: Context) => Promise<void>,
): (event: BusEvent, context?: Context) => Promise<void> {
  const handler = withPowertoolsChain(
    middy<BusEvent, void, Error, Context>(async (event: BusEvent, context: Context) => {
      await consume(event, context);
      metrics.addDimension('detailType', event['detail-type']);
      metrics.addMetric('EventsConsumed', MetricUnit.Count, 1);
    }),
    (event) => event.id,
  );
  // Lambda always passes a context; tests and the local bus may call with the event alone.
  return (event, context) => handler(event, context ?? ({} as Context));
}
