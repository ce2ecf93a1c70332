import { outboxKeyPrefix } from '../../shared/db/keys';

/**
 * The event source mapping's filter, in EventBridge pattern syntax: only new outbox items reach
 * the publisher. CDK deploys it (`infra/constructs/domain-events.ts`) and the local stream poller
 * applies it, so both let the same records through.
 */
export const outboxStreamFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { Keys: { pk: { S: [{ prefix: outboxKeyPrefix }] } } },
};
