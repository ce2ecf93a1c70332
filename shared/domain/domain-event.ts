import type { EventDefinition, EventDetail } from '../../events/define-event';

/**
 * A domain event as a service raises it: which event (`source`, `detailType`) and its detail,
 * already checked against the catalogue. A service hands it to its store together with the change
 * it describes; only the store knows that it becomes an outbox item in the same transaction.
 */
export interface DomainEvent {
  source: string;
  detailType: string;
  detail: { eventId: string; occurredAt: string } & Record<string, unknown>;
}

/** Raises `definition` with `detail`, parsed by the catalogue's schema (a malformed event is our bug, thrown here). */
export function domainEvent<E extends EventDefinition>(definition: E, detail: EventDetail<E>): DomainEvent {
  return {
    source: definition.source,
    detailType: definition.detailType,
    detail: definition.detail.parse(detail) as DomainEvent['detail'],
  };
}
