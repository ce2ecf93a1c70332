import { z } from 'zod';
import { SignatureConfirmed } from '../../events/petitions';
import { type RuntimeConfig, runtimeConfig } from '../../shared/config/runtime';
import type { BatchIntake, BatchProvenance, BatchRowError } from '../../shared/domain/batch-intake';
import { type DomainEvent, domainEvent } from '../../shared/domain/domain-event';
import { derivedId, newId } from '../../shared/domain/ids';
import { neighbourhoodName, sameNeighbourhood } from '../../shared/domain/neighbourhood';
import { oneLineText } from '../../shared/domain/text';
import { checkRowWith, rowAsBody } from '../../shared/http/batch-rows';
import { comparableName, emailDomainOf, isPastClosing, pickShard, signerKeyOf } from './rules';
import { neighbourhoodField, type StoredSignature, signatureInput } from './schemas';
import type { PetitionsStore } from './store';
import { afterCountingCheck } from './thresholds';

/**
 * Paper (and phone, stand…) signatures on a published petition, entered by staff as a batch
 * (`functions/batches/`, kind `petition-signatures`) and counted on the same gauge as the web's,
 * under the batch's channel. Each committed row is one confirmed signature, written in one
 * transaction with its signer marker, a counter shard and its `SignatureConfirmed` event; its ID
 * derives from batch and row, so a replayed commit writes nothing twice.
 */

/** Where a batch of signatures goes. */
export interface PetitionSignaturesTarget {
  petitionId: string;
}

const sheetField = oneLineText({
  min: 1,
  max: 100,
  tooShort: 'Give the sheet’s number or label, as written on it.',
  tooLong: 'Keep the sheet’s label to 100 characters.',
});

/** One line of a signature sheet, named as the web's signature form names its fields. */
export const paperSignatureRow = z.object({
  name: signatureInput.shape.name,
  email: signatureInput.shape.email
    .optional()
    .describe('Where the sheet gives one: a person who signed online (or on another sheet) counts once.'),
  neighbourhood: neighbourhoodField
    .optional()
    .describe('One of the city’s neighbourhoods; else the one the address names.'),
  address: oneLineText({
    min: 1,
    max: 300,
    tooShort: 'Leave the address out, or give it.',
    tooLong: 'Keep the address to 300 characters.',
  })
    .optional()
    .describe('Read only to find the neighbourhood where none is given; never stored.'),
  sheetId: sheetField.describe('The sheet the signature is on.'),
  collector: oneLineText({
    min: 1,
    max: 200,
    tooShort: 'Leave the collector out, or name them.',
    tooLong: 'Keep the collector’s name to 200 characters.',
  })
    .optional()
    .describe('Who held the sheet, where it says.'),
  consentToHearAboutResponse: signatureInput.shape.consentToHearAboutResponse.describe(
    'The sheet’s tick: the city may email the signer its answer (only with an email).',
  ),
});
type PaperSignatureRow = z.output<typeof paperSignatureRow>;

/** A checked row as the batch keeps it until the commit: the neighbourhood settled, the address dropped. */
interface CheckedRow {
  name: string;
  email?: string | undefined;
  neighbourhood: string;
  sheetId: string;
  collector?: string | undefined;
  consentToHearAboutResponse: boolean;
  /** Under the household rule, with an email: the keyed hash of the name (the web's signer key has it). */
  signerNameHash?: string | undefined;
}

export type PaperSignatureOutcome =
  | 'counted'
  /** This row's signature was written by an earlier run of the same commit. */
  | 'exists'
  /** The person's signature is counted already (web, or another row). */
  | 'already-signed'
  | 'petition-not-open'
  | 'household-full';

/** The one write of a paper signature; `dynamo-paper-signatures.ts` implements it. */
export interface PaperSignatureWrites {
  /**
   * The signature (confirmed), its signer marker (taking over a web signature still pending for
   * the same person: its link then reads as superseded), its counter shard (`shard`) +1, the household's names
   * +1 where the rule is on, the petition checked still open, and the event: one transaction.
   */
  recordPaperSignature(
    signature: StoredSignature,
    write: {
      event: DomainEvent;
      householdMax?: number | undefined;
      retentionFrom: Date;
      now: Date;
    },
  ): Promise<PaperSignatureOutcome>;
}

export interface PaperSignatureDeps {
  clock?: () => Date;
  config?: () => Pick<RuntimeConfig, 'PETITIONS' | 'POPULATION_BASELINE'>;
  shardPicker?: (shards: number) => number;
}

/** Words of a text as neighbourhood names compare them, padded so a whole-word match is `includes`. */
const wordsOf = (text: string) =>
  ` ${neighbourhoodName(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;

/** The one city neighbourhood an address names as whole words; none when it names none or several. */
function neighbourhoodInAddress(address: string, cityNeighbourhoods: readonly string[]) {
  const words = wordsOf(address);
  const named = cityNeighbourhoods.filter((name) => words.includes(wordsOf(name)));
  return named.length === 1 ? named[0] : undefined;
}

/**
 * Petitions' intake of signature sheets (`published.ts`). A row is checked as the web's signature
 * form is, and its neighbourhood settled on entry (given, or named by the address); then:
 * - with an email, it is the person the web knows by the same keyed hash: one already counted
 *   (online, or on another sheet) makes the row a `duplicate`;
 * - without one, it is counted as a signature nobody can be matched to (`signed-without-email`),
 *   once per row;
 * - a petition no longer published, or past its closing date, refuses the row (`petition-not-open`).
 * Counted rows may cross a threshold, as a confirmed link does.
 */
export function petitionSignatureIntake(
  store: Pick<
    PetitionsStore,
    'getPetition' | 'getSignature' | 'counts' | 'submitForModeration' | 'markReached'
  >,
  writes: PaperSignatureWrites,
  deps: PaperSignatureDeps = {},
): BatchIntake<PetitionSignaturesTarget> {
  const { clock = () => new Date(), config = runtimeConfig, shardPicker = (k) => pickShard(k) } = deps;
  const settings = () => config().PETITIONS;
  const afterCounting = afterCountingCheck(store, settings);
  const recorded = (recordId: string, email: string | undefined) => ({
    outcome: 'recorded' as const,
    recordId,
    reason: email ? 'signed' : 'signed-without-email',
  });

  /** The row's neighbourhood in the city's spelling, or the field's error. */
  function settleNeighbourhood(row: PaperSignatureRow): string | BatchRowError {
    const city = Object.keys(config().POPULATION_BASELINE.neighbourhoods);
    const choose = `Give one of the city’s neighbourhoods: ${city.join(', ')}.`;
    if (row.neighbourhood) {
      if (city.length === 0) return row.neighbourhood;
      return (
        city.find((name) => sameNeighbourhood(name, row.neighbourhood ?? '')) ?? {
          path: 'neighbourhood',
          message: choose,
        }
      );
    }
    const found = row.address ? neighbourhoodInAddress(row.address, city) : undefined;
    if (found) return found;
    return {
      path: 'neighbourhood',
      message: row.address
        ? `The address does not name one neighbourhood of the city; ${city.length > 0 ? choose : 'give the neighbourhood.'}`
        : 'Give the neighbourhood, or the address.',
    };
  }

  return {
    async checkTarget({ petitionId }) {
      const petition = await store.getPetition(petitionId);
      if (!petition || petition.status === 'unconfirmed')
        return { ok: false, missing: true, reason: 'No petition with this ID.' };
      if (petition.status !== 'published' || isPastClosing(petition, clock()))
        return {
          ok: false,
          missing: false,
          reason: `This petition is ${petition.status === 'published' ? 'closed' : petition.status}: only a published petition takes signatures.`,
        };
      return { ok: true };
    },

    async validateRow(_target, data, { flat, keyedHash }) {
      const parsed = checkRowWith(paperSignatureRow, rowAsBody(data, flat, paperSignatureRow));
      if (!parsed.ok) return parsed;
      const row = parsed.value;
      const neighbourhood = settleNeighbourhood(row);
      if (typeof neighbourhood !== 'string') return { ok: false, errors: [neighbourhood] };
      let signerNameHash: string | undefined;
      if (row.email && settings().household.enabled) {
        if (!keyedHash) throw new Error('Signature rows are entered where names can be hashed');
        signerNameHash = await keyedHash('signer-name', comparableName(row.name));
      }
      const checked: CheckedRow = {
        name: row.name,
        ...(row.email ? { email: row.email.trim() } : {}),
        neighbourhood,
        sheetId: row.sheetId,
        ...(row.collector ? { collector: row.collector } : {}),
        consentToHearAboutResponse: row.consentToHearAboutResponse,
        ...(signerNameHash ? { signerNameHash } : {}),
      };
      return { ok: true, value: { ...checked } };
    },

    emailOf: (value) => (value as unknown as CheckedRow).email,

    async commitBatchRow({ petitionId }, row, provenance) {
      const value = row.value as unknown as CheckedRow;
      const signatureId = derivedId(provenance.batchId, provenance.rowNumber);
      // A re-run of the commit finds the signature the first run wrote, and counts nothing again.
      if (await store.getSignature(signatureId)) return recorded(signatureId, value.email);
      const petition = await store.getPetition(petitionId);
      const now = clock();
      if (petition?.status !== 'published' || isPastClosing(petition, now))
        return { outcome: 'refused', reason: 'petition-not-open' };
      const participantHash = value.email ? row.participantHash : undefined;
      const signature = paperSignature(signatureId, petitionId, value, participantHash, provenance, now);
      // The shard it adds to is kept on it, so an invalidation takes it off the same one.
      signature.shard = shardPicker(settings().counterShards);
      const household = settings().household;
      const outcome = await writes.recordPaperSignature(signature, {
        event: domainEvent(SignatureConfirmed, {
          eventId: newId(),
          occurredAt: now.toISOString(),
          petitionId,
          ...(petition.initiativeId ? { initiativeId: petition.initiativeId } : {}),
          signatureId,
          ...(participantHash ? { participantHash } : {}),
          channel: provenance.channel,
          neighbourhood: value.neighbourhood,
        }),
        householdMax: household.enabled && participantHash ? household.maxNames : undefined,
        // Kept, like a web signature, until the petition's close plus the retention.
        retentionFrom: new Date(petition.closesAt ?? now),
        now,
      });
      switch (outcome) {
        case 'counted':
          await afterCounting(petitionId, now);
          return recorded(signatureId, value.email);
        case 'exists':
          return recorded(signatureId, value.email);
        case 'already-signed':
          return { outcome: 'duplicate', reason: 'already-signed' };
        case 'petition-not-open':
        case 'household-full':
          return { outcome: 'refused', reason: outcome };
      }
    },
  };
}

/**
 * The confirmed signature a row is: the batch's channel and provenance, its neighbourhood, and
 * (as on the web) the name and address only where the signer ticked to hear the city's answer.
 * Without an email it names nobody: its signer key is the row's own.
 */
function paperSignature(
  signatureId: string,
  petitionId: string,
  value: CheckedRow,
  participantHash: string | undefined,
  provenance: BatchProvenance,
  now: Date,
): StoredSignature {
  const keepContact = value.email !== undefined && value.consentToHearAboutResponse;
  return {
    signatureId,
    petitionId,
    signerKey: participantHash ? signerKeyOf(participantHash, value.signerNameHash) : `row:${signatureId}`,
    ...(participantHash ? { participantHash } : {}),
    role: 'signer',
    status: 'confirmed',
    channel: provenance.channel,
    neighbourhood: value.neighbourhood,
    consentToHearAboutResponse: keepContact,
    ...(keepContact ? { name: value.name, email: value.email } : {}),
    ...(value.email ? { emailDomain: emailDomainOf(value.email) } : {}),
    batchId: provenance.batchId,
    batchRow: provenance.rowNumber,
    sheetId: value.sheetId,
    ...(value.collector ? { collector: value.collector } : {}),
    requestedAt: new Date(provenance.collectedAt).toISOString(),
    confirmedAt: now.toISOString(),
  };
}
