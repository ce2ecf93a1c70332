import { createHash } from 'node:crypto';
import type { ConsentPurpose } from '../../events/privacy';

/**
 * The wording a resident is shown for each consent, in the API's languages. Forms (the city's and
 * ours) show exactly this text; the consent ledger records which text was agreed to as its
 * `wordingVersion`, a SHA-256 of the English wording, so changing a word makes a new version and
 * earlier records keep naming the text their people saw.
 */
export const consentWording: Readonly<Record<ConsentPurpose, { en: string; es: string }>> = {
  contact: {
    en: 'The city may contact me by email about what I submit here. I can withdraw this at any time.',
    es: 'El ayuntamiento puede contactarme por correo electrónico sobre lo que envío aquí. Puedo retirar este consentimiento en cualquier momento.',
  },
  demographics: {
    en: 'The city may count my neighbourhood and age band in its figures on who takes part. I can withdraw this at any time.',
    es: 'El ayuntamiento puede contar mi barrio y mi franja de edad en sus cifras sobre quién participa. Puedo retirar este consentimiento en cualquier momento.',
  },
};

/** The version of a purpose's current wording: what a `ConsentRecorded` event names. */
export function consentWordingVersion(purpose: ConsentPurpose): string {
  return createHash('sha256').update(consentWording[purpose].en, 'utf8').digest('hex');
}
