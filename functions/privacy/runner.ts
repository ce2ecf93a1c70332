import { type ConsentPurpose, DataExported, PersonErased } from '../../events/privacy';
import { type RuntimeConfig, runtimeConfig } from '../../shared/config/runtime';
import { mintConfirmationToken, pendingUntil } from '../../shared/domain/confirmation';
import { domainEvent } from '../../shared/domain/domain-event';
import { newId } from '../../shared/domain/ids';
import { publicApiLink } from '../../shared/http/public-link';
import type { Mailer } from '../../shared/mailer/port';
import type { Person, PersonalDataHolder, PersonalRecords } from '../../shared/privacy/person';
import type { ExportStorage } from '../../shared/storage/export-storage';
import { exportLinkHours } from './api';
import { exportDocumentOf, recordCounts } from './export-document';
import { consentWithdrawnMail, erasedMail, exportReadyMail } from './privacy-mail';
import type { PrivacyRequestStore, StoredPrivacyRequest } from './store';

/**
 * Runs confirmed privacy requests (the `privacy-requests` consumer), through every context's
 * published `PersonalDataHolder`, one context at a time. Each run starts from what the request
 * records, so a run that fails midway (a context's store throws, the function times out) is
 * resumed by EventBridge's retry: an erasure skips the contexts it has recorded as done and keeps
 * the pseudonym it chose first; an export is made again whole. A request already completed is
 * left alone, so a redelivered event does nothing.
 */
export interface RequestRunnerDeps {
  store: PrivacyRequestStore;
  /** Every context's holder, in the order an erasure goes through them. */
  holders: readonly PersonalDataHolder[];
  storage: () => ExportStorage;
  mailer: Mailer;
  /** The consent ledger's withdrawal (`consent-records.ts`); `recordId` makes a retry write nothing new. */
  withdrawConsent: (
    person: Pick<Person, 'participantHash'>,
    purpose: ConsentPurpose,
    now: Date,
    options: { recordId: string },
  ) => Promise<unknown>;
  config?: () => Pick<RuntimeConfig, 'TIME_ZONE'>;
  clock?: () => Date;
}

export function requestRunner(deps: RequestRunnerDeps) {
  const { store, holders, mailer, config = runtimeConfig, clock = () => new Date() } = deps;

  async function runExport(request: StoredPrivacyRequest, person: Person, now: Date) {
    const byContext = new Map<string, PersonalRecords[]>();
    for (const holder of holders)
      byContext.set(holder.context, [
        ...(byContext.get(holder.context) ?? []),
        ...(await holder.personalDataOf(person)),
      ]);
    const document = exportDocumentOf(byContext, now);
    const counts = recordCounts(document);
    const objectKey = `${request.requestId}.json`;
    await deps.storage().put(objectKey, JSON.stringify(document));
    // A retry after the mail went mints a new token: only the latest mail's links work.
    const { token, tokenHash } = mintConfirmationToken();
    const { expiresAt, expiresAtIso } = pendingUntil(now, exportLinkHours * 3600);
    await store.putExport({
      requestId: request.requestId,
      objectKey,
      tokenHash,
      lapsesAt: expiresAt,
      entities: Object.keys(counts),
      createdAt: now.toISOString(),
    });
    const link = (entity?: string) =>
      publicApiLink(
        `privacy/requests/${request.requestId}/export?token=${encodeURIComponent(token)}${entity ? `&entity=${entity}` : ''}`,
      );
    await mailer.send(
      exportReadyMail(person.email, {
        document: link(),
        csv: Object.keys(counts).map((entity) => ({ entity, url: link(entity) })),
        expiresAt: expiresAtIso,
        timeZone: config().TIME_ZONE,
      }),
    );
    const event = domainEvent(DataExported, {
      eventId: newId(),
      occurredAt: now.toISOString(),
      requestId: request.requestId,
      records: counts,
    });
    await store.completeRequest(request, now, event);
  }

  async function runErasure(request: StoredPrivacyRequest, person: Person, now: Date) {
    // Chosen once and stored: every step, and every retry, replaces the identity with the same pseudonym.
    const erasedAs = await store.fixErasedAs(request.requestId, newId());
    // One step per context (a context may publish more than one holder; erasing is idempotent,
    // so a retry may run a step's holders again).
    for (const context of new Set(holders.map((holder) => holder.context))) {
      if (request.stepsDone.includes(context)) continue;
      // A throw ends the run here; the retry starts after the last step recorded.
      for (const holder of holders.filter((each) => each.context === context))
        await holder.erasePerson(person, { erasedAs, now });
      await store.markStepDone(request.requestId, context);
    }
    // The last traces: the person's events still waiting out their week in the outbox, named by
    // the keyed identity or by what a context calls the person in its events. Idempotent.
    await store.eraseOutboxEvents([
      person.participantHash,
      ...holders.flatMap((holder) => holder.eventIdentifiersOf?.(person) ?? []),
    ]);
    // The last mail to the address, sent before the request forgets it.
    await mailer.send(erasedMail(person.email));
    const event = domainEvent(PersonErased, {
      eventId: newId(),
      occurredAt: now.toISOString(),
      requestId: request.requestId,
    });
    await store.completeRequest(request, now, event, { participantHash: person.participantHash });
  }

  async function runWithdrawal(request: StoredPrivacyRequest, person: Person, now: Date) {
    if (!request.purpose) throw new Error(`Privacy request ${request.requestId} withdraws no purpose.`);
    // The ledger raises `ConsentWithdrawn` itself, in the transaction that records the withdrawal.
    await deps.withdrawConsent(person, request.purpose, now, { recordId: request.requestId });
    await mailer.send(consentWithdrawnMail(person.email, request.purpose));
    await store.completeRequest(request, now, undefined);
  }

  return {
    /** Runs one confirmed request to completion; what is not confirmed, or done already, is left alone. */
    async run(requestId: string): Promise<'completed' | 'skipped'> {
      const request = await store.getRequest(requestId);
      if (request?.status !== 'confirmed' || !request.email || !request.participantHash) return 'skipped';
      const person: Person = { email: request.email, participantHash: request.participantHash };
      const now = clock();
      if (request.requestType === 'export') await runExport(request, person, now);
      else if (request.requestType === 'erase') await runErasure(request, person, now);
      else await runWithdrawal(request, person, now);
      return 'completed';
    },
  };
}
