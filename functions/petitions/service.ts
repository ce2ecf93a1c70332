import {
  PetitionAnswered,
  PetitionDrafted,
  PetitionPublished,
  SignatureConfirmed,
} from '../../events/petitions';
import { type RuntimeConfig, runtimeConfig } from '../../shared/config/runtime';
import { keyedHash, participantIdentity } from '../../shared/config/secrets';
import {
  checkYourEmailAnswer,
  confirmationExpired,
  confirmationSuperseded,
  hasLapsed,
  instantOfEpochSeconds,
  mintConfirmationToken,
  pendingUntil,
  tokenMatches,
} from '../../shared/domain/confirmation';
import { domainEvent } from '../../shared/domain/domain-event';
import { ConflictError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import { judgeCells, smallNumbers } from '../../shared/domain/small-numbers';
import type { ConfirmationResult, ConfirmationView } from '../../shared/http/confirmation-routes';
import type { Principal } from '../../shared/http/route';
import type { Mailer } from '../../shared/mailer/port';
import { petitionMails } from './mail';
import {
  cityNeighbourhood,
  closingDate,
  comparableName,
  emailDomainOf,
  fixThresholds,
  isPastClosing,
  petitionType,
  pickShard,
  signatureRoleAt,
  signerKeyOf,
} from './rules';
import {
  type ModerationInput,
  type PetitionInput,
  type PetitionView,
  publicStatuses,
  type ResponseInput,
  type SignatureInput,
  type StoredPetition,
  type StoredSignature,
} from './schemas';
import type { PetitionCounts, PetitionListFilter, PetitionsStore } from './store';
import { afterCountingCheck } from './thresholds';

/**
 * The petition use cases: drafting, sponsoring and signing (each a signature confirmed through
 * the one confirmation mechanism), moderation, counting against thresholds fixed at publication,
 * and the city's answer. Routes call these; they call the store.
 */

export interface PetitionsDeps {
  mailer: Mailer;
  /** Participation's published read: whether an initiative exists (a petition may link to one). */
  initiativeExists(initiativeId: string): Promise<boolean>;
  clock?: () => Date;
  config?: () => Pick<
    RuntimeConfig,
    'PETITIONS' | 'POPULATION_BASELINE' | 'LOCALES' | 'TIME_ZONE' | 'MINIMUM_CELL_SIZE'
  >;
  /** Which counter shard a confirmation adds to (random; tests may fix it). */
  shardPicker?: (shards: number) => number;
}

/** Where a request came from, for the invalidation criteria staff may use later (hashed, never kept as given). */
export interface RequestOrigin {
  sourceIp: string;
}

const linkExpired = () =>
  confirmationExpired('the signature was not counted', 'Sign again to get a new link.');

export function petitionsService(store: PetitionsStore, deps: PetitionsDeps) {
  const {
    mailer,
    clock = () => new Date(),
    config = runtimeConfig,
    shardPicker = (k) => pickShard(k),
  } = deps;
  const settings = () => config().PETITIONS;
  const cityNeighbourhoods = () => Object.keys(config().POPULATION_BASELINE.neighbourhoods);
  const mails = petitionMails({
    language: () => config().LOCALES[0] ?? 'en',
    timeZone: () => config().TIME_ZONE,
  });

  async function requirePetition(petitionId: string): Promise<StoredPetition> {
    const petition = await store.getPetition(petitionId);
    // Before its creator confirms, a petition is nobody's to see.
    if (!petition || petition.status === 'unconfirmed') throw new NotFoundError('No petition with this ID.');
    return petition;
  }

  /** A signature, when the token is the one mailed for it; a wrong token reads as unknown. */
  async function requireSignature(signatureId: string, token: string): Promise<StoredSignature> {
    const signature = await store.getSignature(signatureId);
    if (!signature || !tokenMatches(token, signature.tokenHash))
      throw new NotFoundError('No signature awaits confirmation with this link.');
    return signature;
  }

  /** A pending signature of `role`, with its link token: hashed identity, domain and source kept for counting and invalidation. */
  async function pendingSignature(
    petition: Pick<StoredPetition, 'petitionId'>,
    input: SignatureInput,
    role: StoredSignature['role'],
    origin: RequestOrigin,
  ) {
    const now = clock();
    const household = settings().household;
    const participantHash = await participantIdentity(input.email);
    const nameHash = household.enabled
      ? await keyedHash('signer-name', comparableName(input.name))
      : undefined;
    const { token, tokenHash } = mintConfirmationToken();
    const { expiresAt } = pendingUntil(now, settings().confirmationHours * 3600);
    const signature: StoredSignature = {
      signatureId: newId(),
      petitionId: petition.petitionId,
      signerKey: signerKeyOf(participantHash, nameHash),
      participantHash,
      role,
      status: 'pending',
      // A resident's own signature: public routes never take the channel from the body.
      channel: 'web',
      neighbourhood: cityNeighbourhood(
        input.neighbourhood,
        cityNeighbourhoods(),
        role === 'creator' ? 'body.creator.neighbourhood' : 'body.neighbourhood',
      ),
      consentToHearAboutResponse: input.consentToHearAboutResponse,
      // Contact is kept only to send the answer the signer asked for, and the creator's to tell
      // them how their petition fares.
      ...(input.consentToHearAboutResponse || role === 'creator'
        ? { name: input.name, email: input.email.trim() }
        : {}),
      emailDomain: emailDomainOf(input.email),
      ipHash: await keyedHash('source-ip', origin.sourceIp),
      tokenHash,
      lapsesAt: expiresAt,
      requestedAt: now.toISOString(),
    };
    return { signature, token };
  }

  /** The petition as the public reads it: counts summed from its shards, small neighbourhood cells withheld. */
  function view(petition: StoredPetition, counts: PetitionCounts): PetitionView {
    const minimum = config().MINIMUM_CELL_SIZE;
    const cells = smallNumbers({ minimumCellSize: minimum, admin: false });
    const counted = Object.entries(counts.byNeighbourhood)
      .filter(([, signatures]) => signatures > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([neighbourhood, signatures]) => ({ neighbourhood, signatures: signatures as number | null }));
    const verdicts = judgeCells(
      counted.map((cell) => cell.signatures ?? 0),
      minimum,
    );
    const byNeighbourhood = counted.map((cell, index) => {
      const verdict = verdicts[index] ?? 'shown';
      return cells.one(cell, verdict, () => ({
        ...cell,
        signatures: null,
        note:
          verdict === 'below-minimum'
            ? `fewer than ${minimum}`
            : 'withheld so that a smaller cell cannot be worked out',
      }));
    });
    const note = cells.note();
    const {
      moderatedBy: _moderatedBy,
      response,
      draftedAt: _d,
      submittedAt: _s,
      overdueAt: _o,
      createdAt: _c,
      ...shown
    } = petition;
    return {
      ...shown,
      ...(response
        ? {
            response: {
              text: response.text,
              outcome: response.outcome,
              answeredAt: response.answeredAt,
              late: response.late,
              ...(response.link ? { link: response.link } : {}),
            },
          }
        : {}),
      signatures: {
        total: counts.total,
        byChannel: counts.byChannel,
        byNeighbourhood,
        ...(note ? { suppression: note } : {}),
      },
    };
  }

  /** After a signature counted: sponsors complete, thresholds crossed (`thresholds.ts`, shared with paper batches). */
  const afterCounting = afterCountingCheck(store, settings);

  return {
    /**
     * A resident drafts a petition: it waits, unseen, until they confirm their address through the
     * emailed link; their signature is its first. The answer is the same for every address.
     */
    async draft(input: PetitionInput, origin: RequestOrigin) {
      const type = petitionType(input.petitionType, settings());
      const neighbourhood = input.neighbourhood
        ? cityNeighbourhood(input.neighbourhood, cityNeighbourhoods(), 'body.neighbourhood')
        : undefined;
      // Otherwise it could gather sponsors and never be published: its thresholds need a neighbourhood.
      const rules = Object.values(settings().types[type] ?? {});
      if (!neighbourhood && rules.some((rule) => 'population' in rule && rule.population === 'neighbourhood'))
        throw new InvalidFieldError(
          'body.neighbourhood',
          'Please choose the neighbourhood this petition is about: this type of petition needs one.',
        );
      if (input.initiativeId && !(await deps.initiativeExists(input.initiativeId)))
        throw new InvalidFieldError('body.initiativeId', 'No initiative with this ID.');
      const now = clock().toISOString();
      const petition: StoredPetition = {
        petitionId: newId(),
        title: input.title,
        action: input.action,
        text: input.text,
        petitionType: type,
        language: input.language ?? config().LOCALES[0] ?? 'en',
        ...(neighbourhood ? { neighbourhood } : {}),
        ...(input.initiativeId ? { initiativeId: input.initiativeId } : {}),
        status: 'unconfirmed',
        sponsorsNeeded: settings().sponsorsNeeded,
        createdAt: now,
        reached: {},
      };
      const { signature, token } = await pendingSignature(petition, input.creator, 'creator', origin);
      await store.createPetition(petition, signature);
      await mailer.send(mails.confirmCreator(input.creator, petition, signature, token));
      return checkYourEmailAnswer;
    },

    async getPetition(petitionId: string): Promise<PetitionView> {
      const petition = await requirePetition(petitionId);
      return view(petition, await store.counts(petitionId));
    },

    async listPetitions(filter: PetitionListFilter, page: { limit: number; cursor?: string | undefined }) {
      if (!(publicStatuses as readonly string[]).includes(filter.status))
        throw new InvalidFieldError('query.status', `Use one of: ${publicStatuses.join(', ')}.`);
      const result = await store.listPetitions(filter, page);
      const items = await Promise.all(
        result.items.map(async (petition) => {
          const { text: _text, ...summary } = view(petition, await store.counts(petition.petitionId));
          return summary;
        }),
      );
      return { ...result, items };
    },

    /** Petitions staff have yet to moderate (or whose sponsors are still coming), oldest first, with their text. */
    async moderationQueue(
      status: 'awaiting-moderation' | 'gathering-sponsors',
      page: { limit: number; cursor?: string | undefined },
    ) {
      const result = await store.petitionsInStatus(status, page);
      const items = await Promise.all(
        result.items.map(async (petition) => ({
          ...view(petition, await store.counts(petition.petitionId)),
          ...(petition.draftedAt ? { draftedAt: petition.draftedAt } : {}),
          ...(petition.submittedAt ? { submittedAt: petition.submittedAt } : {}),
        })),
      );
      return { ...result, items };
    },

    /**
     * A signature (a sponsor's while the petition gathers sponsors): always "check your email",
     * whatever the address's history; a repeat signer learns it by mail, never on screen.
     */
    async sign(petitionId: string, input: SignatureInput, origin: RequestOrigin) {
      const petition = await requirePetition(petitionId);
      const role = signatureRoleAt(petition.status);
      if (isPastClosing(petition, clock()))
        throw new ConflictError(
          'This petition is closed: it no longer collects signatures.',
          'petition-closed',
        );
      const { signature, token } = await pendingSignature(petition, input, role, origin);
      const outcome = await store.requestSignature(signature);
      await mailer.send(
        outcome === 'pending'
          ? mails.confirmSignature(input, petition, signature, token)
          : mails.alreadySigned(input, petition),
      );
      return checkYourEmailAnswer;
    },

    /** What a signature's link confirms; changes nothing (mail scanners open links). */
    async viewConfirmation(signatureId: string, token: string): Promise<ConfirmationView> {
      const signature = await requireSignature(signatureId, token);
      const petition = await store.getPetition(signature.petitionId);
      const what = mails.describeSignature(signature, petition);
      if (signature.status !== 'pending') return { status: 'confirmed', what };
      if (hasLapsed({ expiresAt: signature.lapsesAt ?? 0 }, clock())) return { status: 'expired', what };
      return {
        status: 'awaiting-confirmation',
        what,
        expiresAt: instantOfEpochSeconds(signature.lapsesAt ?? 0),
      };
    },

    /** Counts the signature the link confirms: once, however often (or concurrently) it is posted. */
    async confirm(signatureId: string, token: string): Promise<ConfirmationResult> {
      const signature = await requireSignature(signatureId, token);
      const petition = await store.getPetition(signature.petitionId);
      if (!petition) throw new NotFoundError('No signature awaits confirmation with this link.');
      const what = mails.describeSignature(signature, petition);
      const answered = (confirmedAt: string) => ({ status: 'confirmed' as const, what, confirmedAt });
      if (signature.status !== 'pending') return answered(signature.confirmedAt ?? signature.requestedAt);
      const now = clock();
      if (hasLapsed({ expiresAt: signature.lapsesAt ?? 0 }, now)) throw linkExpired();
      const at = now.toISOString();
      const base = {
        occurredAt: at,
        petitionId: petition.petitionId,
        ...(petition.initiativeId ? { initiativeId: petition.initiativeId } : {}),
      };
      const household = settings().household;
      const outcome = await store.confirmSignature(signature, {
        confirmedAt: at,
        shard: shardPicker(settings().counterShards),
        petition:
          signature.role === 'creator'
            ? {
                kind: 'drafted',
                at,
                event: domainEvent(PetitionDrafted, {
                  ...base,
                  eventId: newId(),
                  sponsorsNeeded: petition.sponsorsNeeded,
                }),
              }
            : {
                kind: 'takes-signatures',
                statuses: [signature.role === 'sponsor' ? 'gathering-sponsors' : 'published'],
                now,
              },
        event: domainEvent(SignatureConfirmed, {
          ...base,
          eventId: newId(),
          signatureId,
          ...(signature.participantHash ? { participantHash: signature.participantHash } : {}),
          channel: signature.channel,
          neighbourhood: signature.neighbourhood,
        }),
        householdMax: household.enabled ? household.maxNames : undefined,
        // Signer data is kept until the petition's close plus the retention; before publication the
        // close is not known, so the longest a petition can be open stands in for it.
        retentionFrom: petition.closesAt ? new Date(petition.closesAt) : closingDate(now, settings()),
      });
      switch (outcome) {
        case 'counted':
          await afterCounting(petition.petitionId, now);
          if (signature.role === 'creator') await mailer.send(mails.gatherSponsors(signature, petition));
          return answered(at);
        case 'already-confirmed': {
          const current = await store.getSignature(signatureId);
          return answered(current?.confirmedAt ?? at);
        }
        case 'lapsed':
          throw linkExpired();
        case 'superseded':
          throw confirmationSuperseded();
        case 'petition-not-open':
          throw new ConflictError(
            'This petition no longer collects signatures (it was closed, or moved on from gathering sponsors), so this signature was not counted.',
            'petition-not-open',
          );
        case 'household-full':
          throw new ConflictError(
            `At most ${household.maxNames} people may sign this petition from one email address, and that many already have.`,
            'household-full',
          );
      }
    },

    /** Staff publish a petition (its thresholds and closing date fixed now) or reject it with a reason. */
    async moderate(petitionId: string, input: ModerationInput, principal: Principal) {
      if (principal.kind !== 'staff') throw new Error('Moderation reached without a staff principal');
      const petition = await requirePetition(petitionId);
      if (petition.status !== 'awaiting-moderation')
        throw new ConflictError(
          petition.status === 'gathering-sponsors'
            ? 'This petition does not yet have the sponsors it needs.'
            : `This petition was moderated already (it is ${petition.status}).`,
          'not-awaiting-moderation',
        );
      const now = clock();
      if (input.decision === 'reject') {
        if (input.reason === 'other' && !input.note)
          throw new InvalidFieldError('body.note', 'Please say why, when the reason is “other”.');
        const rejection = {
          reason: input.reason,
          ...(input.note ? { note: input.note } : {}),
          at: now.toISOString(),
        };
        if (!(await store.reject(petitionId, rejection, principal.userId))) throw changedConcurrently();
        return { petitionId, status: 'rejected' as const };
      }
      const thresholds = fixThresholds(petition, settings(), config().POPULATION_BASELINE.neighbourhoods);
      const closesAt = closingDate(now, settings()).toISOString();
      const event = domainEvent(PetitionPublished, {
        eventId: newId(),
        occurredAt: now.toISOString(),
        petitionId,
        ...(petition.initiativeId ? { initiativeId: petition.initiativeId } : {}),
        closesAt,
        thresholds: { response: thresholds.response.signatures, debate: thresholds.debate.signatures },
      });
      const published = await store.publish(
        petitionId,
        { at: now.toISOString(), closesAt, thresholds, moderatedBy: principal.userId },
        event,
      );
      if (!published) throw changedConcurrently();
      // The creator's and sponsors' signatures counted before the closing date was known.
      await store.retainFromClose(petitionId, new Date(closesAt));
      // Sponsors' signatures count: a small threshold may be reached at once.
      await afterCounting(petitionId, now);
      return { petitionId, status: 'published' as const, thresholds, closesAt };
    },

    /** The city's answer: public at once; the first one is mailed to every signer who asked for it. */
    async respond(petitionId: string, input: ResponseInput, principal: Principal): Promise<PetitionView> {
      if (principal.kind !== 'staff') throw new Error('An answer reached without a staff principal');
      const petition = await requirePetition(petitionId);
      const now = clock();
      const at = now.toISOString();
      const late = petition.responseDueAt !== undefined && new Date(petition.responseDueAt) < now;
      const response = {
        text: input.text,
        ...(input.link ? { link: input.link } : {}),
        outcome: input.outcome,
        answeredAt: petition.response?.answeredAt ?? at,
        answeredBy: principal.userId,
        late: petition.response?.late ?? late,
      };
      const outcome = await store.answer(
        petitionId,
        response,
        domainEvent(PetitionAnswered, {
          eventId: newId(),
          occurredAt: at,
          petitionId,
          ...(petition.initiativeId ? { initiativeId: petition.initiativeId } : {}),
          outcome: input.outcome,
          ...(petition.responseDueAt ? { dueAt: petition.responseDueAt } : {}),
          late,
        }),
        petition.responseDueAt,
      );
      if (outcome === 'not-answerable')
        throw new ConflictError('Only a published or closed petition can be answered.', 'not-answerable');
      return view((await store.getPetition(petitionId)) ?? petition, await store.counts(petitionId));
    },
  };
}

const changedConcurrently = () =>
  new ConflictError(
    'Someone else moderated this petition at the same moment; reload it.',
    'changed-concurrently',
  );

export type PetitionsService = ReturnType<typeof petitionsService>;
