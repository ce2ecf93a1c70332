import type { EventBridgeEvent } from 'aws-lambda';
import { allItems } from './api';

type Consumer = (event: EventBridgeEvent<string, unknown>) => Promise<unknown>;

/** The outbox events written so far, oldest first, as EventBridge would deliver them. */
export async function outboxEvents(
  filter: (event: EventBridgeEvent<string, unknown>) => boolean = () => true,
): Promise<EventBridgeEvent<string, unknown>[]> {
  const items = (await allItems()).filter((item) => String(item.pk).startsWith('OUTBOX#'));
  return items
    .map(
      (item) =>
        ({
          version: '0',
          id: String(item.pk).slice('OUTBOX#'.length),
          'detail-type': String(item.detailType),
          source: String(item.source),
          account: '123456789012',
          time: String((item.detail as { occurredAt?: string }).occurredAt ?? ''),
          region: 'eu-west-1',
          resources: [],
          detail: item.detail,
        }) as EventBridgeEvent<string, unknown>,
    )
    .filter(filter)
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Delivers every outbox event a consumer has not been given yet — each `times` times, since
 * EventBridge delivers at least once — and returns how many distinct events went.
 */
export function createDelivery(consumer: Consumer) {
  const delivered = new Set<string>();
  return async (times = 1): Promise<number> => {
    const fresh = (await outboxEvents()).filter((event) => !delivered.has(event.id));
    for (let round = 0; round < times; round++) for (const event of fresh) await consumer(event);
    for (const event of fresh) delivered.add(event.id);
    return fresh.length;
  };
}
