import { MeetingPromoted, MeetingRegistrationCancelled } from '../../events/meetings';
import { createEventConsumer } from '../../shared/lambda/event-consumer';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import type { Mailer } from '../../shared/mailer/port';
import { dynamoMeetingsStore } from './dynamo-store';
import { registrationMailing } from './registration-mail';
import type { MeetingsStore } from './store';

/**
 * The meeting-mail consumer (`meeting-mail` in `api.ts`): a registrant promoted from the waitlist
 * gets a link to confirm the seat held for them, or their confirmation with the invite, once per
 * event; a registrant whose place is cancelled (by them or a coordinator) is told so, once.
 */
export function createMeetingMailConsumer(deps: { mailer: Mailer; store?: MeetingsStore }) {
  const mailing = registrationMailing({
    store: deps.store ?? dynamoMeetingsStore,
    clock: () => new Date(),
    mailer: deps.mailer,
  });
  return async (event: { 'detail-type': string; detail: unknown }): Promise<void> => {
    if (event['detail-type'] === MeetingRegistrationCancelled.detailType) {
      const detail = MeetingRegistrationCancelled.detail.parse(event.detail);
      await mailing.notifyCancellation(detail.registrationId, detail.cancelledBy);
      return;
    }
    if (event['detail-type'] !== MeetingPromoted.detailType) return;
    const detail = MeetingPromoted.detail.parse(event.detail);
    await mailing.notifyPromotion(detail.registrationId, detail.eventId);
  };
}

/** The deployed consumer: SES in the cloud, the `.eml` outbox locally. */
export const handler = createEventConsumer(
  createMeetingMailConsumer({ mailer: { send: (message) => mailerFromEnvironment().send(message) } }),
);
