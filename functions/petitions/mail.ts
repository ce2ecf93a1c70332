import { publicApiLink } from '../../shared/http/public-link';
import { confirmationMail, describeDeadline, mailSafeText } from '../../shared/mailer/confirmation-mail';
import type { MailMessage } from '../../shared/mailer/port';
import { messagesFor, resolveMessageLanguage } from '../../shared/messages';
import type { SignatureInput, StoredPetition, StoredSignature } from './schemas';

/**
 * The mails a petition's signers and creator get. Fixed texts come from the message catalogue
 * (`mail.petition.*`); the petition's title is the resident's own words, so it is made mail-safe
 * and never reaches a header.
 */

export const signatureConfirmationUrl = (signatureId: string, token: string) =>
  publicApiLink(
    `petition-signatures/${encodeURIComponent(signatureId)}/confirmation?token=${encodeURIComponent(token)}`,
  );

export const petitionUrl = (petitionId: string) =>
  publicApiLink(`petitions/${encodeURIComponent(petitionId)}`);

export function petitionMails(settings: { language: () => string; timeZone: () => string }) {
  const language = () => resolveMessageLanguage(settings.language());
  const texts = () => messagesFor(language()).mail.petition;
  const title = (petition: Pick<StoredPetition, 'title'>) => mailSafeText(petition.title);

  /** A mail whose button confirms `signature`, with until when its link works. */
  const linkMail = (
    to: Pick<SignatureInput, 'email' | 'name'>,
    signature: StoredSignature,
    token: string,
    content: { subject: string; paragraphs: string[]; label: string },
  ): MailMessage =>
    confirmationMail({
      to: to.email.trim(),
      name: to.name,
      language: language(),
      subject: content.subject,
      paragraphs: content.paragraphs,
      action: {
        label: content.label,
        url: signatureConfirmationUrl(signature.signatureId, token),
        until: describeDeadline(
          new Date((signature.lapsesAt ?? 0) * 1000).toISOString(),
          settings.timeZone(),
          language(),
        ),
      },
    });

  return {
    /** What a signature's link confirms, in words. */
    describeSignature(
      signature: Pick<StoredSignature, 'role'>,
      petition: Pick<StoredPetition, 'title'> | undefined,
    ): string {
      const named = { title: petition ? title(petition) : '' };
      return signature.role === 'creator' ? texts().creation(named) : texts().signature(named);
    },

    /** The creator's link: confirming it creates the petition, their signature its first. */
    confirmCreator(
      creator: SignatureInput,
      petition: StoredPetition,
      signature: StoredSignature,
      token: string,
    ): MailMessage {
      const words = texts();
      return linkMail(creator, signature, token, {
        subject: words.creatorSubject,
        paragraphs: [words.creatorAsk({ what: words.creation({ title: title(petition) }) })],
        label: words.creatorAction,
      });
    },

    /** A signer's (or sponsor's) link. */
    confirmSignature(
      signer: SignatureInput,
      petition: StoredPetition,
      signature: StoredSignature,
      token: string,
    ): MailMessage {
      const words = texts();
      return linkMail(signer, signature, token, {
        subject: words.subject,
        paragraphs: [words.ask({ what: words.signature({ title: title(petition) }) }), words.latestOnly],
        label: words.action,
      });
    },

    /** This address has signed already: nothing changed, nothing to do. */
    alreadySigned(signer: SignatureInput, petition: StoredPetition): MailMessage {
      const words = texts();
      return confirmationMail({
        to: signer.email.trim(),
        name: signer.name,
        language: language(),
        subject: words.alreadySubject,
        paragraphs: [words.already({ what: words.signature({ title: title(petition) }) })],
      });
    },

    /**
     * To the creator once their petition exists: the link to pass to sponsors, or (where the city
     * asks for none) that it waits for moderation. Sent only where the creator left their address.
     */
    gatherSponsors(creator: StoredSignature, petition: StoredPetition): MailMessage {
      const words = texts();
      const to = creator.email;
      if (!to) throw new Error('The creator’s address is kept for this mail');
      return confirmationMail({
        to,
        name: creator.name,
        language: language(),
        subject: words.sponsorsSubject,
        paragraphs: [
          petition.sponsorsNeeded > 0
            ? words.sponsors({ title: title(petition), count: petition.sponsorsNeeded })
            : words.awaitingModeration({ title: title(petition) }),
        ],
        ...(petition.sponsorsNeeded > 0
          ? { action: { label: words.sponsorsAction, url: petitionUrl(petition.petitionId) } }
          : {}),
      });
    },
  };
}
