import type { EventDefinition } from '../../../events/define-event';
import type { Channel } from '../channel';
import { type DomainEvent, domainEvent } from '../domain-event';
import { newId } from '../ids';

/** A step of a seat claim that publishes an event. */
export type SeatStep = 'confirmed' | 'held' | 'expired' | 'waitlisted' | 'promoted' | 'cancelled';

/**
 * What differs between the kinds of seated activity as far as seats go (a shift, a training
 * session, a meeting): the events each step publishes and the fields naming a claim in them
 * (`R`, what the context needs of a claim to name it). The rules and the mechanism are the same.
 */
export interface SeatKind<R> {
  kind: string;
  events: Record<SeatStep, EventDefinition>;
  /** The event fields naming a claim and its activity. */
  reference(claim: R): Record<string, string>;
}

/**
 * The event a step of a claim raises: the claim and its activity named as the kind names them, and
 * the channel the claim came through (every seat event carries it; its schema reads absent as `web`).
 */
export function seatEvent<R>(
  kind: SeatKind<R>,
  step: SeatStep,
  claim: R & { channel: Channel },
  at: string,
  extra: Record<string, unknown> = {},
): DomainEvent {
  return domainEvent(kind.events[step], {
    eventId: newId(),
    occurredAt: at,
    ...kind.reference(claim),
    channel: claim.channel,
    ...extra,
  });
}
