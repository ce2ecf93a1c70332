import { createEventConsumer } from '../../shared/lambda/event-consumer';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import type { Mailer } from '../../shared/mailer/port';
import { dynamoVolunteeringStore } from './dynamo-store';
import { type SeatEventDelivery, seatMailing } from './seat-mail';
import type { VolunteeringStore } from './store';

/**
 * The confirmation-mail consumer (`volunteer-mail` in `api.ts`): each sign-up or promotion to a
 * seat gets a confirmation with a calendar invite, once per event (`seat-mail.ts`).
 */
export function createSeatMailConsumer(deps: { mailer: Mailer; store?: VolunteeringStore }) {
  const mailing = seatMailing({ store: deps.store ?? dynamoVolunteeringStore, mailer: deps.mailer });
  return (event: SeatEventDelivery): Promise<void> => mailing.confirm(event);
}

/** The deployed consumer: SES in the cloud, the `.eml` outbox locally (`mailerFromEnvironment`). */
export const handler = createEventConsumer(
  createSeatMailConsumer({
    // Resolved at the first message, so importing this module needs no mail configuration.
    mailer: { send: (message) => mailerFromEnvironment().send(message) },
  }),
);
