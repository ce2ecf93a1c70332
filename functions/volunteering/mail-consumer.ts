import type { EventBridgeEvent } from 'aws-lambda';
import { runtimeConfig } from '../../shared/config/runtime';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import type { Mailer } from '../../shared/mailer/port';
import { logger } from '../../shared/observability/powertools';
import { dynamoVolunteeringStore } from './dynamo-store';
import { cancelUrl } from './links';
import { seatMail } from './mail';
import { confirmations, type SeatMailPurpose } from './mail-events';
import type { MailMark, StoredClaim, VolunteeringStore } from './store';

/**
 * Sends one mail about a claim at most once per mark: the mark is taken first (a conditional
 * put), and given back if the mailer fails, so the retry sends it. A crash between the two is the
 * only way a mail is lost; a duplicate is never sent.
 */
export async function mailOnce(
  store: VolunteeringStore,
  mailer: Mailer,
  claim: StoredClaim,
  purpose: SeatMailPurpose,
  mark: MailMark,
): Promise<boolean> {
  if (!(await store.markMailed(claim.kind, claim.claimId, mark))) return false;
  try {
    await mailer.send(
      seatMail(claim, purpose, {
        language: runtimeConfig().LOCALES[0] ?? 'en',
        cancelLink: cancelUrl(claim.kind, claim.claimId, claim.cancelToken),
      }),
    );
    return true;
  } catch (error) {
    await store.unmarkMailed(claim.kind, claim.claimId, mark);
    throw error;
  }
}

/**
 * The confirmation-mail consumer. Events carry no contact details, so the address, the activity
 * and the cancel link come from the claim item; a claim cancelled before its mail goes out gets
 * none. Idempotent per event (`detail.eventId`), as EventBridge may deliver twice.
 */
export function createSeatMailConsumer(deps: { mailer: Mailer; store?: VolunteeringStore }) {
  const store = deps.store ?? dynamoVolunteeringStore;
  return async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
    const match = confirmations.find(
      (c) => c.definition.source === event.source && c.definition.detailType === event['detail-type'],
    );
    if (!match) {
      logger.warn('Ignoring an event this consumer does not handle', { detailType: event['detail-type'] });
      return;
    }
    const detail = match.definition.detail.parse(event.detail) as {
      eventId: string;
      signupId?: string;
      enrolmentId?: string;
    };
    const claimId = detail.signupId ?? detail.enrolmentId ?? '';
    const claim = await store.getClaim(match.kind, claimId);
    if (claim?.status !== 'confirmed') {
      logger.info('No confirmation to send: the claim is gone or no longer confirmed', {
        detailType: event['detail-type'],
        eventId: detail.eventId,
      });
      return;
    }
    const sent = await mailOnce(store, deps.mailer, claim, match.purpose, { eventId: detail.eventId });
    logger.info(sent ? 'Confirmation sent' : 'Confirmation already sent for this event', {
      detailType: event['detail-type'],
      eventId: detail.eventId,
    });
  };
}

/** The deployed consumer: SES in the cloud, the `.eml` outbox locally (`mailerFromEnvironment`). */
export const handler = createSeatMailConsumer({
  // Resolved at the first message, so importing this module needs no mail configuration.
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
});
