import type { SeatedKind } from '../../events/volunteering';
import { runtimeConfig } from '../../shared/config/runtime';
import { mintConfirmationToken } from '../../shared/domain/confirmation';
import { everyPage } from '../../shared/domain/page';
import type { Mailer } from '../../shared/mailer/port';
import { logger } from '../../shared/observability/powertools';
import { confirmationUrl, issueCancelLink } from './links';
import { claimNoticeMail, seatMail } from './mail';
import { confirmations, type SeatMailPurpose } from './mail-events';
import type { MailMark, StoredClaim, VolunteeringStore } from './store';

const kinds: readonly SeatedKind[] = ['shift', 'training'];

/** An event from the bus, as far as the confirmation mail reads it. */
export interface SeatEventDelivery {
  source: string;
  'detail-type': string;
  detail: unknown;
}

export interface ReminderRun {
  /** Activities starting within the lead time. */
  activities: number;
  /** Reminders sent by this run. */
  sent: number;
  /** Confirmed people already reminded by an earlier run. */
  alreadySent: number;
}

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
    // Each mail gets its own cancel link: only hashes are stored, so none can be mailed twice.
    const cancelLink = await issueCancelLink(store, claim.kind, claim.claimId, new Date().toISOString());
    await mailer.send(seatMail(claim, purpose, { language: runtimeConfig().LOCALES[0] ?? 'en', cancelLink }));
    return true;
  } catch (error) {
    await store.unmarkMailed(claim.kind, claim.claimId, mark);
    throw error;
  }
}

function confirmedClaims(store: VolunteeringStore, kind: SeatedKind, activityId: string) {
  return everyPage((page) => store.listRoster(kind, activityId, 'confirmed', page));
}

/** The mail a volunteer gets about their seat: the confirmation (or promotion) and the reminder. */
export function seatMailing({
  store,
  mailer,
  clock = () => new Date(),
}: {
  store: VolunteeringStore;
  mailer: Mailer;
  clock?: () => Date;
}) {
  /**
   * The mail asking a person promoted to a held seat to confirm it: the token is minted now and
   * its hash stored on the claim on condition it is still held and live; once per event, as
   * `mailOnce` (the mark given back if the mailer fails, so the retry mints and mails afresh).
   */
  async function askToConfirm(claim: StoredClaim, eventId: string): Promise<boolean> {
    const mark = { eventId };
    if (!(await store.markMailed(claim.kind, claim.claimId, mark))) return false;
    try {
      const { token, tokenHash } = mintConfirmationToken();
      if (!(await store.renewHoldToken(claim.kind, claim.claimId, tokenHash, clock().toISOString()))) {
        logger.info('No confirmation link to send: the hold lapsed or moved on', { eventId });
        return false;
      }
      await mailer.send(
        claimNoticeMail(
          claim.contact.email,
          claim.contact.name,
          claim,
          {
            notice: 'promoted-hold',
            until: claim.holdExpiresAt ?? 0,
            link: confirmationUrl(claim.kind, claim.claimId, token),
          },
          runtimeConfig().LOCALES[0] ?? 'en',
        ),
      );
      return true;
    } catch (error) {
      await store.unmarkMailed(claim.kind, claim.claimId, mark);
      throw error;
    }
  }

  return {
    /**
     * The confirmation of a seat. Events carry no contact details, so the address, the activity
     * and the cancel link come from the claim; a claim cancelled before its mail goes out gets
     * none. Idempotent per event (`detail.eventId`), as EventBridge may deliver twice.
     */
    async confirm(event: SeatEventDelivery): Promise<void> {
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
      if (claim?.status === 'held' && match.purpose === 'promoted') {
        // Promoted on an `email` activity: the seat is held until the person confirms it.
        const sent = await askToConfirm(claim, detail.eventId);
        logger.info(sent ? 'Confirmation link sent' : 'No confirmation link sent for this event', {
          detailType: event['detail-type'],
          eventId: detail.eventId,
        });
        return;
      }
      // An erased person's claim keeps no address (`dynamo-personal-data.ts`): nothing to send.
      if (claim?.status !== 'confirmed' || claim.contact.email === '') {
        logger.info('No confirmation to send: the claim is gone or no longer confirmed', {
          detailType: event['detail-type'],
          eventId: detail.eventId,
        });
        return;
      }
      const sent = await mailOnce(store, mailer, claim, match.purpose, { eventId: detail.eventId });
      logger.info(sent ? 'Confirmation sent' : 'Confirmation already sent for this event', {
        detailType: event['detail-type'],
        eventId: detail.eventId,
      });
    },

    /**
     * Reminds every confirmed volunteer of a shift (or session) that starts within `leadMinutes`
     * of `now`. Safe to run every 15 minutes: each reminder is marked once, so overlapping windows
     * and re-runs send nothing twice; a shift is found through the start-day index, so a run reads
     * only the days its window touches.
     */
    async remind(now: Date, leadMinutes: number): Promise<ReminderRun> {
      const until = new Date(now.getTime() + leadMinutes * 60_000);
      const run: ReminderRun = { activities: 0, sent: 0, alreadySent: 0 };
      const failures: unknown[] = [];
      for (const kind of kinds) {
        const activities = await store.activitiesStartingBetween(
          kind,
          now.toISOString(),
          until.toISOString(),
          runtimeConfig().TIME_ZONE,
        );
        run.activities += activities.length;
        for (const activity of activities) {
          for (const claim of await confirmedClaims(store, kind, activity.activityId)) {
            // An anonymised claim keeps no address: nobody to remind.
            if (claim.contact.email === '') continue;
            try {
              if (await mailOnce(store, mailer, claim, 'reminder', 'reminder')) run.sent++;
              else run.alreadySent++;
            } catch (error) {
              // One undeliverable address must not keep the others from their reminders.
              failures.push(error);
            }
          }
        }
      }
      logger.info('Reminders run', { ...run, failed: failures.length });
      if (failures.length > 0)
        throw new AggregateError(
          failures,
          `${failures.length} reminders could not be sent; a retry sends them.`,
        );
      return run;
    },
  };
}
