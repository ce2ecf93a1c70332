import { runtimeConfig } from '../../shared/config/runtime';
import { mintConfirmationToken } from '../../shared/domain/confirmation';
import { mintLinkToken } from '../../shared/domain/link-tokens';
import { publicApiLink } from '../../shared/http/public-link';
import type { Mailer } from '../../shared/mailer/port';
import { registrationCancelledMail, registrationConfirmedMail, registrationNoticeMail } from './mail';
import type { MeetingsStore, StoredMeeting, StoredRegistration } from './store';
import { mailLanguage } from './use-case-support';

/** The registration's own page, with a cancel token: absent without a public base URL. */
export function cancelUrl(registrationId: string, token: string): string | undefined {
  if (!runtimeConfig().PUBLIC_API_BASE_URL) return undefined;
  return publicApiLink(
    `registrations/${encodeURIComponent(registrationId)}?token=${encodeURIComponent(token)}`,
  );
}

export const confirmationUrl = (registrationId: string, token: string) =>
  publicApiLink(
    `registrations/${encodeURIComponent(registrationId)}/confirmation?token=${encodeURIComponent(token)}`,
  );

/**
 * The mail about a registration sent apart from the answer to the request that made it: the
 * confirmation with its invite, the link a promotion to a held seat needs, and the reminder. Built
 * without the keyed identity or participation's reads, so the consumer and the job need neither.
 */
export function registrationMailing({
  store,
  clock,
  mailer,
}: {
  store: MeetingsStore;
  clock: () => Date;
  mailer: Mailer;
}) {
  const nowIso = () => clock().toISOString();

  /** A cancel link for one mail: a token minted now, its hash added to the registration's live ones. */
  async function issueCancelLink(registrationId: string): Promise<string | undefined> {
    if (!runtimeConfig().PUBLIC_API_BASE_URL) return undefined;
    const { token, issued } = mintLinkToken(nowIso());
    return (await store.issueCancelToken(registrationId, issued))
      ? cancelUrl(registrationId, token)
      : undefined;
  }

  /** The confirmation with the calendar invite, for a place that now counts. */
  async function mailConfirmed(registration: StoredRegistration, meeting: StoredMeeting) {
    const cancelLink = await issueCancelLink(registration.claimId);
    await mailer.send(
      registrationConfirmedMail(registration, meeting, {
        language: mailLanguage(),
        cancelLink,
        purpose: 'confirmed',
      }),
    );
  }

  /**
   * Sends one mail about a registration at most once per mark: the mark is taken first and given
   * back if the mailer fails, so a retry sends it; a duplicate is never sent.
   */
  async function mailOnce(
    registrationId: string,
    mark: string,
    send: () => Promise<boolean>,
  ): Promise<boolean> {
    if (!(await store.markMailed(registrationId, mark))) return false;
    try {
      return await send();
    } catch (error) {
      await store.unmarkMailed(registrationId, mark);
      throw error;
    }
  }

  return {
    mailConfirmed,
    /**
     * The mail a promotion from the waitlist owes its registrant, once per event: a link to confirm
     * the seat now held for them (`email` meetings; the token minted here, its hash stored while the
     * hold is live), or the confirmation with the invite (`open` ones).
     */
    async notifyPromotion(registrationId: string, eventId: string): Promise<boolean> {
      return mailOnce(registrationId, eventId, async () => {
        const registration = await store.getRegistration(registrationId);
        const meeting = registration && (await store.getMeeting(registration.activityId));
        if (!registration || !meeting || registration.contact.email === '') return false;
        if (registration.status === 'confirmed') {
          await mailConfirmed(registration, meeting);
          return true;
        }
        if (registration.status !== 'held') return false;
        const { token, tokenHash } = mintConfirmationToken();
        if (!(await store.renewHoldToken(registrationId, tokenHash, nowIso()))) return false;
        await mailer.send(
          registrationNoticeMail(
            registration.contact.email,
            registration.contact.name,
            meeting,
            {
              notice: 'hold',
              until: registration.holdExpiresAt ?? 0,
              link: confirmationUrl(registrationId, token),
            },
            mailLanguage(),
          ),
        );
        return true;
      });
    },

    /**
     * Tells a registrant their place is cancelled, once whatever the event's deliveries: a
     * registration is cancelled at most once, so one `cancelled` mark covers every redelivery.
     */
    async notifyCancellation(registrationId: string, by: 'registrant' | 'staff'): Promise<boolean> {
      return mailOnce(registrationId, 'cancelled', async () => {
        const registration = await store.getRegistration(registrationId);
        if (registration?.status !== 'cancelled' || registration.contact.email === '') return false;
        await mailer.send(registrationCancelledMail(registration, by, mailLanguage()));
        return true;
      });
    },

    /**
     * Reminds the confirmed registrants of meetings starting within the lead time
     * (`SHIFT_REMINDER_LEAD_MINUTES`, shared with shifts), each once (a `reminder` mark).
     */
    async sendReminders(now: Date) {
      const lead = runtimeConfig().SHIFT_REMINDER_LEAD_MINUTES * 60_000;
      const meetings = await store.meetingsStartingBetween(
        now.toISOString(),
        new Date(now.getTime() + lead).toISOString(),
      );
      const run = { meetings: meetings.length, sent: 0, alreadySent: 0 };
      for (const meeting of meetings)
        for (const registration of await store.confirmedRegistrations(meeting.activityId)) {
          if (registration.contact.email === '') continue;
          const sent = await mailOnce(registration.claimId, 'reminder', async () => {
            const cancelLink = await issueCancelLink(registration.claimId);
            await mailer.send(
              registrationConfirmedMail(registration, meeting, {
                language: mailLanguage(),
                cancelLink,
                purpose: 'reminder',
              }),
            );
            return true;
          });
          if (sent) run.sent++;
          else run.alreadySent++;
        }
      return run;
    },
  };
}
