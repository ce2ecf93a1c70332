import type { PersonalDataHolder, PersonalRecords } from '../../shared/privacy/person';
import type { StoredSignature } from './schemas';

/**
 * Petitions' part in residents' privacy: what the person index (gsi3 `PETITIONS#PERSON#<hash>`)
 * finds of a person — their signatures and the "one signature each" signer items — read out for
 * an export, erased on request, and deleted when their retention ends (six months after the
 * petition closes). A petition's counts live in its counter shards, never in these items, so
 * neither erasure nor retention touches a total. This file decides what happens to each item; the
 * store (`dynamo-privacy-store.ts`) makes each change conditional, so a repeated or interrupted
 * run changes nothing twice.
 */

/** A signer item: one person's "one signature each" key on one petition. */
export interface SignerEntry {
  petitionId: string;
  signerKey: string;
  signatureId: string;
  status: StoredSignature['status'];
}

/** One signing of one petition as the erasure handles it: the signature, its signer item, or both. */
export interface Signing {
  signature?: StoredSignature | undefined;
  signer?: SignerEntry | undefined;
}

export interface PetitionsPrivacyStore {
  /** The person's signatures and signer items on the person index, all pages. */
  itemsOf(participantHash: string): Promise<{ signatures: StoredSignature[]; signers: SignerEntry[] }>;
  /** One signature, read consistently: the one a signer item names when the index did not list it. */
  signature(signatureId: string): Promise<StoredSignature | undefined>;
  /** The titles of these petitions (absent ones left out). */
  petitionTitles(petitionIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * Deletes a signing that never counted: the pending signature and its signer item, each only
   * while it is still the person's and still pending.
   */
  deletePending(signing: Signing, participantHash: string): Promise<void>;
  /**
   * Takes the person out of a signing that counted (or counted, then was invalidated), in one
   * transaction: the signature keeps its status, channel, neighbourhood and shard (what the counts
   * and a later invalidation need) but loses its personal fields and keyed identity, and its
   * signer item moves to `erased.signerKey`, which the signature then names. Only while the
   * signature still has the person's signer key and the signer item still names the signature.
   */
  anonymiseCounted(signing: Signing, erased: { signerKey: string; at: string }): Promise<void>;
  /** Deletes the household rule's tally of names for the person's address on a petition, if any. */
  deleteHousehold(petitionId: string, participantHash: string): Promise<void>;
  /** Deletes an item whose retention ended, while it still carries the retention the job found. */
  deleteDue(item: { pk: string; sk: string; expiresAt: number }): Promise<void>;
  /** Runs `work` with reads that see items past their retention. */
  includingExpired<T>(work: () => Promise<T>): Promise<T>;
}

type Flat = Record<string, string | number | boolean | null>;

/**
 * The signer key an erased signing moves to: random (the erasure's pseudonym) and one per
 * signature, since under the household rule one address may have signed a petition several times.
 */
export const erasedSignerKey = (erasedAs: string, signatureId: string): string =>
  `ERASED#${erasedAs}#${signatureId}`;

/** Pairs each signature with its signer item, fetching the signatures the index did not list. */
async function signingsOf(store: PetitionsPrivacyStore, participantHash: string): Promise<Signing[]> {
  const { signatures, signers } = await store.itemsOf(participantHash);
  const signings = new Map<string, Signing>(
    signatures.map((signature) => [signature.signatureId, { signature }]),
  );
  for (const signer of signers) {
    const listed = signings.get(signer.signatureId);
    if (listed) {
      if (listed.signature?.signerKey === signer.signerKey) listed.signer = signer;
      continue;
    }
    const signature = await store.signature(signer.signatureId);
    // A signer item that names someone else's signature (it cannot, but a guess must not erase it).
    const own = signature?.signerKey === signer.signerKey && signature.petitionId === signer.petitionId;
    signings.set(signer.signatureId, { signer, ...(own ? { signature } : {}) });
  }
  return [...signings.values()];
}

const petitionOf = (signing: Signing): string =>
  signing.signature?.petitionId ?? (signing.signer as SignerEntry).petitionId;

export function petitionsPrivacy(store: PetitionsPrivacyStore) {
  async function personalDataOf(participantHash: string): Promise<PersonalRecords[]> {
    const { signatures } = await store.itemsOf(participantHash);
    if (signatures.length === 0) return [];
    const titles = await store.petitionTitles([...new Set(signatures.map((s) => s.petitionId))]);
    // Signer items hold nothing but the keyed identity (never exported): each mirrors a signature.
    const records = signatures.map(
      (signature): Flat => ({
        signatureId: signature.signatureId,
        petitionId: signature.petitionId,
        petitionTitle: titles.get(signature.petitionId) ?? null,
        role: signature.role,
        status: signature.status,
        channel: signature.channel,
        neighbourhood: signature.neighbourhood,
        name: signature.name ?? null,
        email: signature.email ?? null,
        consentToHearAboutResponse: signature.consentToHearAboutResponse,
        requestedAt: signature.requestedAt,
        confirmedAt: signature.confirmedAt ?? null,
        invalidatedAt: signature.invalidatedAt ?? null,
      }),
    );
    return [{ entity: 'PetitionSignature', records }];
  }

  const holder: PersonalDataHolder = {
    context: 'petitions',

    personalDataOf: (person) => personalDataOf(person.participantHash),

    erasePerson: (person, { erasedAs, now }) =>
      store.includingExpired(async () => {
        const { participantHash } = person;
        const signings = await signingsOf(store, participantHash);
        for (const signing of signings) {
          const status = signing.signature?.status ?? signing.signer?.status;
          const signatureId = signing.signature?.signatureId ?? (signing.signer as SignerEntry).signatureId;
          if (status === 'pending') {
            // Never counted: nothing depends on it, so it simply goes.
            await store.deletePending(signing, participantHash);
          } else {
            // Counted: the shards keep the count; the items stay, naming no one, so "one each" and
            // a later invalidation still hold, until the petition's retention deletes them.
            await store.anonymiseCounted(signing, {
              signerKey: erasedSignerKey(erasedAs, signatureId),
              at: now.toISOString(),
            });
          }
        }
        for (const petitionId of new Set(signings.map(petitionOf)))
          await store.deleteHousehold(petitionId, participantHash);
      }),

    applyRetention: (due) =>
      store.includingExpired(async () => {
        for (const item of due) {
          // Every petitions entity is declared `delete`: the counts stay in the counter shards.
          if (item.retention !== 'delete')
            throw new Error(`Petitions hold no ${item.type} to anonymise (${item.pk})`);
          await store.deleteDue(item);
        }
      }),
  };

  return { holder };
}
