import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { withPowertoolsChain } from './powertools-chain';

export type BusEvent = EventBridgeEvent<string, unknown>;

/**
 * The Lambda handler of an event consumer (declared in its context's `api.ts`): `consume` runs
 * under the same Powertools chain as the HTTP functions, each invocation's logs carrying the
 * event's id as correlation id. A thrown error fails the invocation, so EventBridge retries it
 * and, in the end, leaves it in the consumer's dead-letter queue.
 */
export function createEventConsumer(consume: (event: BusEvent, context: Context) => Promise<void>) {
  return withPowertoolsChain(middy<BusEvent, void, Error, Context>(consume), (event) => event.id);
}
