import type { EventDefinition, EventDetail } from '../../events/define-event';
import { epochSeconds } from '../domain/clock';
import { type DomainEvent, domainEvent } from '../domain/domain-event';
import { keys } from './keys';

/** How long a published outbox item lingers before TTL removes it (the stream keeps 24 h anyway). */
const OUTBOX_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/**
 * The `Put` for a domain event, to be written in the same `TransactWriteItems` as the state
 * change it describes. The table's stream carries it to the outbox publisher, which sends it to
 * EventBridge: if the state change commits, the event cannot be lost; if it fails, no event exists.
 */
export function outboxPut(tableName: string, event: DomainEvent): ReturnType<typeof outboxPutOf>;
/** @deprecated raise a `DomainEvent` in the service and pass it to the store instead. */
export function outboxPut<E extends EventDefinition>(
  tableName: string,
  definition: E,
  detail: EventDetail<E>,
): ReturnType<typeof outboxPutOf>;
export function outboxPut(
  tableName: string,
  eventOrDefinition: DomainEvent | EventDefinition,
  detail?: unknown,
) {
  const event =
    detail === undefined
      ? (eventOrDefinition as DomainEvent)
      : domainEvent(eventOrDefinition as EventDefinition, detail as never);
  return outboxPutOf(tableName, event);
}

function outboxPutOf(tableName: string, event: DomainEvent) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.outboxEvent(event.detail.eventId),
        type: 'OutboxEvent',
        source: event.source,
        detailType: event.detailType,
        detail: event.detail,
        occurredAt: event.detail.occurredAt,
        expiresAt: epochSeconds() + OUTBOX_RETENTION_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
