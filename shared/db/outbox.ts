import { epochSeconds } from '../domain/clock';
import type { DomainEvent } from '../domain/domain-event';
import { keys, outboxKeyPrefix } from './keys';

/** How long a published outbox item lingers before TTL removes it (the stream keeps 24 h anyway). */
const OUTBOX_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/**
 * The `Put` for a domain event, to be written in the same `TransactWriteItems` as the state
 * change it describes. The table's stream carries it to the outbox publisher, which sends it to
 * EventBridge: if the state change commits, the event cannot be lost; if it fails, no event exists.
 */
export function outboxPut(tableName: string, event: DomainEvent) {
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
        // An event naming a person by keyed identity is in the person index for its week in the
        // table, so erasing that person removes it at once (the privacy context's last step).
        ...outboxPersonKeys(event),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The detail fields events name a person by: the keyed identity, or volunteering's ID derived from it. */
const personFields = ['participantHash', 'volunteerId'] as const;

function outboxPersonKeys(event: DomainEvent) {
  const detail = event.detail as Partial<Record<(typeof personFields)[number], unknown>>;
  const person = personFields.map((field) => detail[field]).find((value) => typeof value === 'string');
  return typeof person === 'string' && !person.startsWith('ERASED#')
    ? { gsi3pk: outboxPersonPartition(person), gsi3sk: event.detail.eventId }
    : {};
}

/**
 * The gsi3 partition of the outbox events naming one person (`OUTBOX#PERSON#<hash or volunteer
 * ID>`): an event naming both is filed under the keyed identity.
 */
export const outboxPersonPartition = (participantHash: string) =>
  `${outboxKeyPrefix}PERSON#${participantHash}`;

/**
 * The event source mapping's filter, in EventBridge pattern syntax: only new outbox items reach
 * the outbox publisher. CDK deploys it (`infra/constructs/domain-events.ts`) and the local stream
 * poller applies it, so both let the same records through.
 */
export const outboxStreamFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { Keys: { pk: { S: [{ prefix: outboxKeyPrefix }] } } },
};
