import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { findEventDefinition } from '../../events/catalogue';
import { outboxKeyPrefix } from '../../shared/db/keys';

/** Whether a stream record is a newly written outbox event (everything else is ignored). */
export function isOutboxInsert(record: DynamoDBRecord): boolean {
  const pk = record.dynamodb?.Keys?.pk?.S;
  return record.eventName === 'INSERT' && typeof pk === 'string' && pk.startsWith(outboxKeyPrefix);
}

/**
 * Publishes one outbox item to the bus. The detail is re-validated against the catalogue, so
 * nothing off-contract ever reaches subscribers; a failed entry throws, and the batch processor
 * hands the record back to the stream for a retry (and, in the end, to the DLQ).
 */
export async function publishOutboxRecord(
  record: DynamoDBRecord,
  client: EventBridgeClient,
  busName: string,
) {
  if (!isOutboxInsert(record)) return;
  const item = unmarshall(record.dynamodb?.NewImage as Record<string, AttributeValue>);
  const definition = findEventDefinition(String(item.source), String(item.detailType));
  if (!definition)
    throw new Error(`Outbox item is not in the event catalogue: ${item.source}/${item.detailType}`);
  const detail = definition.detail.parse(item.detail) as { occurredAt: string };
  const result = await client.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: busName,
          Source: definition.source,
          DetailType: definition.detailType,
          Detail: JSON.stringify(detail),
          Time: new Date(detail.occurredAt),
        },
      ],
    }),
  );
  if ((result.FailedEntryCount ?? 0) > 0) {
    throw new Error(`EventBridge refused the event: ${result.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
  }
}
