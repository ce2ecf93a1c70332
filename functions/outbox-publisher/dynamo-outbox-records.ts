import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { findEventDefinition } from '../../events/catalogue';
import { outboxKeyPrefix } from '../../shared/db/keys';
import type { DomainEvent } from '../../shared/domain/domain-event';

/** Whether a stream record is a newly written outbox event (everything else is ignored). */
export function isOutboxInsert(record: DynamoDBRecord): boolean {
  const pk = record.dynamodb?.Keys?.pk?.S;
  return record.eventName === 'INSERT' && typeof pk === 'string' && pk.startsWith(outboxKeyPrefix);
}

/**
 * The domain event an outbox stream record carries, its detail re-validated against the
 * catalogue so nothing off-contract ever reaches subscribers; undefined for any other record.
 * An item outside the catalogue throws: the record goes back to the stream (and, in the end, to
 * the dead-letter queue).
 */
export function outboxEventOf(record: DynamoDBRecord): DomainEvent | undefined {
  if (!isOutboxInsert(record)) return undefined;
  const item = unmarshall(record.dynamodb?.NewImage as Record<string, AttributeValue>);
  const definition = findEventDefinition(String(item.source), String(item.detailType));
  if (!definition)
    throw new Error(`Outbox item is not in the event catalogue: ${item.source}/${item.detailType}`);
  return {
    source: definition.source,
    detailType: definition.detailType,
    detail: definition.detail.parse(item.detail) as DomainEvent['detail'],
  };
}
