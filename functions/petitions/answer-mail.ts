import { mintConfirmationToken, tokenMatches } from '../../shared/domain/confirmation';
import { NotFoundError } from '../../shared/domain/errors';
import { publicApiLink } from '../../shared/http/public-link';
import { MailDeliveryError } from '../../shared/mailer/errors';
import type { DeliveryOutcome, Mailer } from '../../shared/mailer/port';
import { resolveMessageLanguage } from '../../shared/messages';
import { petitionAnswerMail } from './answer-mail-message';
import type { SignatureUnsubscribePreview, SignatureUnsubscribeResult } from './answer-mail-schemas';
import { petitionUrl } from './mail';
import type { StoredPetition } from './schemas';

/**
 * The city's answer, mailed to every signer who asked for it, and their one-click way out.
 *
 * Once per signature, however often `PetitionAnswered` arrives: a mark per signature is claimed
 * with a conditional put before its mail goes, and settled `sent` after (or `failed`, when the
 * mail service refuses the message for good). A failure that may pass releases the mark, and the
 * event fails after the others got theirs, so the retry sends only what is missing. A crash
 * between the claim and the send loses that one mail rather than risk sending it twice.
 *
 * Each mail carries its own unsubscribe token, minted as it is sent; the signature keeps only its
 * hash. Unsubscribing withdraws the consent and forgets the signer's name and address: the city
 * keeps them for nothing else (the signature still counts, by its keyed identity).
 */

/** A confirmed signature that asked for the answer and left an address. */
export interface AnswerRecipient {
  signatureId: string;
  name?: string | undefined;
  email: string;
  /** When the signature's data goes (epoch seconds): its mark goes with it, as nothing could be mailed after. */
  retainedUntil?: number | undefined;
}

/** How one signature's mail ended. */
export type AnswerMailOutcome = DeliveryOutcome;

/** A signature as the way out reads it. */
export interface SignatureContact {
  signatureId: string;
  petitionId: string;
  unsubscribeTokenHash?: string | undefined;
  unsubscribedAt?: string | undefined;
}

/** What the answer's mailing needs from storage; `dynamo-answer-mail.ts` implements it. */
export interface AnswerMailStore {
  getPetition(petitionId: string): Promise<StoredPetition | undefined>;
  /** One page of the petition's confirmed signatures that asked for the answer and left an address. */
  recipients(
    petitionId: string,
    cursor: string | undefined,
  ): Promise<{ items: AnswerRecipient[]; nextCursor?: string | undefined }>;
  /** Claims one signature's mail before sending; `already-handled` when a delivery claimed it before. */
  claim(
    petitionId: string,
    recipient: Pick<AnswerRecipient, 'signatureId' | 'retainedUntil'>,
    at: string,
  ): Promise<'claimed' | 'already-handled'>;
  settle(petitionId: string, signatureId: string, outcome: AnswerMailOutcome): Promise<void>;
  /** Frees a claim, so the event's retry tries that mail again. */
  release(petitionId: string, signatureId: string): Promise<void>;
  /**
   * Stores the hash of the token this mail's unsubscribe link carries, while the signature still
   * asks for the answer; the contact as it is now, or undefined when the signer stopped it since.
   */
  issueUnsubscribeToken(
    signatureId: string,
    tokenHash: string,
  ): Promise<{ name?: string | undefined; email: string } | undefined>;
  getContact(signatureId: string): Promise<SignatureContact | undefined>;
  /**
   * Withdraws the consent and removes the name and address; `already` when it was done before
   * (the first time is kept).
   */
  unsubscribe(signatureId: string, at: string): Promise<'unsubscribed' | 'already'>;
}

/** The answer's mailing ran out of time with mail still to send, or some mail could not go for now: retry the event. */
export class AnswerMailingUnfinished extends Error {
  override readonly name = 'AnswerMailingUnfinished';
}

/** The link a mail's `List-Unsubscribe` names: opened, a page that changes nothing; posted, it unsubscribes. */
export const signatureUnsubscribeUrl = (signatureId: string, token: string) =>
  publicApiLink(
    `petition-signatures/${encodeURIComponent(signatureId)}/unsubscribe?token=${encodeURIComponent(token)}`,
  );

/** How many mails go out at once: enough to use the sending rate, few enough for SES's per-second quota. */
const SENDING_AT_ONCE = 8;
/** Stop claiming when less time than this is left, so no claim is cut off between claim and settle. */
const KEEP_IN_RESERVE_MS = 10_000;

export interface AnswerMailReport {
  sent: number;
  skipped: number;
  failed: { signatureId: string; reason: string; permanent: boolean }[];
}

export function answerMailing(store: AnswerMailStore, deps: { mailer: Mailer; clock?: () => Date }) {
  const { mailer, clock = () => new Date() } = deps;

  /** One signature's mail, at most once: claimed, sent, settled. */
  async function mailOne(
    petition: StoredPetition,
    response: NonNullable<StoredPetition['response']>,
    recipient: AnswerRecipient,
    report: AnswerMailReport,
  ): Promise<void> {
    const { petitionId } = petition;
    const { signatureId } = recipient;
    if ((await store.claim(petitionId, recipient, clock().toISOString())) === 'already-handled') {
      report.skipped++;
      return;
    }
    let messageId: string;
    try {
      const { token, tokenHash } = mintConfirmationToken();
      const contact = await store.issueUnsubscribeToken(signatureId, tokenHash);
      if (!contact) {
        // Stopped since the page was read: no later delivery lists it again, so the claim goes.
        await store.release(petitionId, signatureId);
        report.skipped++;
        return;
      }
      ({ messageId } = await mailer.send(
        petitionAnswerMail({
          to: contact.email,
          name: contact.name,
          language: resolveMessageLanguage(petition.language),
          title: petition.title,
          outcome: response.outcome,
          text: response.text,
          readMoreLink: response.link,
          petitionLink: petitionUrl(petitionId),
          unsubscribeLink: signatureUnsubscribeUrl(signatureId, token),
        }),
      ));
    } catch (error) {
      const permanent = error instanceof MailDeliveryError && error.permanent;
      const reason = error instanceof MailDeliveryError ? error.reason : (error as Error).name;
      // Refused for good: recorded, not tried again. Anything else: the retry tries it again.
      if (permanent) await store.settle(petitionId, signatureId, { status: 'failed', reason });
      else await store.release(petitionId, signatureId);
      report.failed.push({ signatureId, reason, permanent });
      return;
    }
    // Outside the try: once the mail has gone, a failure to record it must never free its claim.
    await store.settle(petitionId, signatureId, { status: 'sent', messageId });
    report.sent++;
  }

  /** The signature a token unsubscribes; a wrong token reads exactly as an unknown signature. */
  async function contactWithToken(signatureId: string, token: string): Promise<SignatureContact> {
    const contact = await store.getContact(signatureId);
    if (!contact || !tokenMatches(token, contact.unsubscribeTokenHash))
      throw new NotFoundError('No petition signature with this ID and token.');
    return contact;
  }

  return {
    /**
     * Mails the petition's answer to every signer who asked for it, each once. `timeLeft` is the
     * invocation's remaining time: when it runs short, the mailing stops claiming and fails the
     * event, and the retry carries on where it stopped.
     */
    async mailAnswer(
      petitionId: string,
      options: { timeLeft?: () => number } = {},
    ): Promise<AnswerMailReport> {
      const timeLeft = options.timeLeft ?? (() => Number.POSITIVE_INFINITY);
      const report: AnswerMailReport = { sent: 0, skipped: 0, failed: [] };
      const petition = await store.getPetition(petitionId);
      const response = petition?.response;
      if (!petition || !response) return report;
      let cursor: string | undefined;
      do {
        const page = await store.recipients(petitionId, cursor);
        for (let start = 0; start < page.items.length; start += SENDING_AT_ONCE) {
          if (timeLeft() < KEEP_IN_RESERVE_MS)
            throw new AnswerMailingUnfinished(
              `Out of time with answer mail still to send for petition ${petitionId}; the retry carries on.`,
            );
          const batch = page.items.slice(start, start + SENDING_AT_ONCE);
          // Settled, not raced: every mail of the batch finishes (and settles its mark) before an error ends the invocation.
          const settled = await Promise.allSettled(
            batch.map((recipient) => mailOne(petition, response, recipient, report)),
          );
          const broken = settled.find((result) => result.status === 'rejected');
          if (broken) throw broken.reason;
        }
        cursor = page.nextCursor;
      } while (cursor);
      const passing = report.failed.filter((failure) => !failure.permanent);
      if (passing.length > 0)
        throw new AnswerMailingUnfinished(
          `${passing.length} answer mail(s) for petition ${petitionId} could not be sent for now (${passing[0]?.reason}); the retry sends them.`,
        );
      return report;
    },

    /** What the unsubscribe link's page shows; changes nothing (mail scanners open links). */
    async unsubscribePreview(signatureId: string, token: string): Promise<SignatureUnsubscribePreview> {
      const contact = await contactWithToken(signatureId, token);
      const petition = await store.getPetition(contact.petitionId);
      return {
        signatureId,
        status: contact.unsubscribedAt ? 'unsubscribed' : 'subscribed',
        title: petition?.title ?? '',
      };
    },

    /** One click from the mail, or the page's button: idempotent, so a repeat answers the same. */
    async unsubscribe(signatureId: string, token: string): Promise<SignatureUnsubscribeResult> {
      const contact = await contactWithToken(signatureId, token);
      const answer = (unsubscribedAt: string) => ({
        signatureId,
        status: 'unsubscribed' as const,
        unsubscribedAt,
      });
      if (contact.unsubscribedAt) return answer(contact.unsubscribedAt);
      const at = clock().toISOString();
      if ((await store.unsubscribe(signatureId, at)) === 'unsubscribed') return answer(at);
      // Another click got there first: answer as it did.
      const now = await contactWithToken(signatureId, token);
      return answer(now.unsubscribedAt ?? at);
    },
  };
}

export type AnswerMailing = ReturnType<typeof answerMailing>;
