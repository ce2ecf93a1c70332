import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '../domain/domain-event';
import { tracer } from '../observability/powertools';

/**
 * Publishes domain events to the custom EventBridge bus (the outbox publisher's only output). The
 * client is made once per execution environment; `AWS_ENDPOINT_URL_EVENTBRIDGE` points it at the
 * local bus under `npm start`.
 */
export function createBusPublisher(busName: string) {
  const eventBridge = tracer.captureAWSv3Client(new EventBridgeClient({}));
  return async function publish(event: DomainEvent): Promise<void> {
    const result = await eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: busName,
            Source: event.source,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
            Time: new Date(event.detail.occurredAt),
          },
        ],
      }),
    );
    if ((result.FailedEntryCount ?? 0) > 0) {
      throw new Error(`EventBridge refused the event: ${result.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
    }
  };
}
