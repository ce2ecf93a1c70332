import type { EventDefinition, EventDetail } from '../../events/define-event';
import { epochSeconds } from '../domain/clock';
import { keys } from './keys';

/** How long a published outbox item lingers before TTL removes it (the stream keeps 24 h anyway). */
const OUTBOX_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/**
 * The `Put` for a domain event, to be written in the same `TransactWriteItems` as the state
 * change it describes. The table's stream carries it to the outbox publisher, which sends it to
 * EventBridge: if the state change commits, the event cannot be lost; if it fails, no event exists.
 */
export function outboxPut<E extends EventDefinition>(
  tableName: string,
  definition: E,
  detail: EventDetail<E>,
) {
  const parsed = definition.detail.parse(detail) as { eventId: string; occurredAt: string };
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.outboxEvent(parsed.eventId),
        type: 'OutboxEvent',
        source: definition.source,
        detailType: definition.detailType,
        detail: parsed,
        occurredAt: parsed.occurredAt,
        expiresAt: epochSeconds() + OUTBOX_RETENTION_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
