import { PrivacyRequestConfirmed } from '../../events/privacy';
import { type RuntimeConfig, runtimeConfig } from '../../shared/config/runtime';
import { participantIdentity } from '../../shared/config/secrets';
import {
  checkYourEmailAnswer,
  confirmationExpired,
  hasLapsed,
  instantOfEpochSeconds,
  mintConfirmationToken,
  pendingUntil,
  tokenMatches,
} from '../../shared/domain/confirmation';
import { domainEvent } from '../../shared/domain/domain-event';
import { GoneError, InvalidFieldError, NotFoundError } from '../../shared/domain/errors';
import { newId } from '../../shared/domain/ids';
import type { PageRequest } from '../../shared/domain/page';
import { canonicalEmail, normalizeEmail } from '../../shared/domain/participant';
import type { ConfirmationResult, ConfirmationView } from '../../shared/http/confirmation-routes';
import { publicApiLink } from '../../shared/http/public-link';
import type { Mailer } from '../../shared/mailer/port';
import type { ExportStorage } from '../../shared/storage/export-storage';
import { entityCsv } from './export-document';
import { confirmPrivacyRequestMail, describePrivacyRequest } from './privacy-mail';
import {
  type ExportDocument,
  exportDocument,
  type PrivacyRequestInput,
  type PrivacyRequestSummary,
} from './schemas';
import type { PrivacyRequestStore, StoredPrivacyRequest } from './store';

/** How long a request's confirmation link works. */
export const privacyConfirmationHours = 24;

export interface PrivacyServiceDeps {
  mailer: Mailer;
  /** Where exports lie (only the download reads it). */
  storage?: () => ExportStorage;
  config?: () => Pick<RuntimeConfig, 'TIME_ZONE' | 'EMAIL_DOT_INSENSITIVE_DOMAINS'>;
  clock?: () => Date;
}

const linkExpired = () =>
  confirmationExpired('the request was not carried out', 'Send the request again to get a new link.');

/** The DPO's view of a request: its course, never the address nor what it found. */
export const summaryOf = (request: StoredPrivacyRequest): PrivacyRequestSummary => ({
  requestId: request.requestId,
  type: request.requestType,
  ...(request.purpose ? { purpose: request.purpose } : {}),
  status: request.status,
  requestedAt: request.requestedAt,
  confirmBy: instantOfEpochSeconds(request.lapsesAt),
  ...(request.confirmedAt ? { confirmedAt: request.confirmedAt } : {}),
  ...(request.completedAt ? { completedAt: request.completedAt } : {}),
  stepsDone: request.stepsDone,
});

/** Residents' privacy requests over HTTP: ask, confirm, download; the DPO's list. */
export function privacyService(store: PrivacyRequestStore, deps: PrivacyServiceDeps) {
  const { mailer, config = runtimeConfig, clock = () => new Date() } = deps;

  async function requireRequest(requestId: string, token: string): Promise<StoredPrivacyRequest> {
    const request = await store.getRequest(requestId);
    if (!request || !tokenMatches(token, request.tokenHash))
      throw new NotFoundError('No privacy request awaits confirmation with this link.');
    return request;
  }

  async function requireExport(requestId: string, token: string): Promise<ExportDocument> {
    const record = await store.getExport(requestId);
    // A wrong token reads as no export at all: the answer tells nothing about the ID.
    if (!record || !tokenMatches(token, record.tokenHash))
      throw new NotFoundError('No export with this link.');
    if (hasLapsed({ expiresAt: record.lapsesAt }, clock()))
      throw new GoneError('This download link has expired. Ask for a new export to get a new one.');
    const stored = await deps.storage?.().get(record.objectKey);
    if (stored === undefined)
      throw new GoneError('This export is no longer kept. Ask for a new export to get a new one.');
    return exportDocument.parse(JSON.parse(stored));
  }

  return {
    /**
     * Stores the request as pending and mails its link. Every address gets the same answer and
     * the same mail: whether the city holds anything about it shows only in what the request,
     * once confirmed, finds.
     */
    async requestPrivacy(input: PrivacyRequestInput) {
      const now = clock();
      const { token, tokenHash } = mintConfirmationToken();
      const { expiresAt, expiresAtIso } = pendingUntil(now, privacyConfirmationHours * 3600);
      const request: StoredPrivacyRequest = {
        requestId: newId(),
        requestType: input.type,
        ...(input.purpose ? { purpose: input.purpose } : {}),
        status: 'pending',
        email: canonicalEmail(input.email, config().EMAIL_DOT_INSENSITIVE_DOMAINS),
        participantHash: await participantIdentity(input.email),
        tokenHash,
        lapsesAt: expiresAt,
        requestedAt: now.toISOString(),
        stepsDone: [],
      };
      await store.putPendingRequest(request);
      await mailer.send(
        confirmPrivacyRequestMail(normalizeEmail(input.email), input, {
          url: publicApiLink(
            `privacy/requests/${request.requestId}/confirmation?token=${encodeURIComponent(token)}`,
          ),
          expiresAt: expiresAtIso,
          timeZone: config().TIME_ZONE,
        }),
      );
      return checkYourEmailAnswer;
    },

    /** What the link confirms; changes nothing (mail scanners open links). */
    async viewConfirmation(requestId: string, token: string): Promise<ConfirmationView> {
      const request = await requireRequest(requestId, token);
      const what = describePrivacyRequest(request.requestType, request.purpose);
      if (request.status !== 'pending') return { status: 'confirmed', what };
      if (hasLapsed({ expiresAt: request.lapsesAt }, clock())) return { status: 'expired', what };
      return { status: 'awaiting-confirmation', what, expiresAt: instantOfEpochSeconds(request.lapsesAt) };
    },

    /** Confirms the request, which then runs (`PrivacyRequestConfirmed`); once, however often posted. */
    async confirm(requestId: string, token: string): Promise<ConfirmationResult> {
      const request = await requireRequest(requestId, token);
      const what = describePrivacyRequest(request.requestType, request.purpose);
      const answered = (confirmedAt: string) => ({ status: 'confirmed' as const, what, confirmedAt });
      if (request.confirmedAt) return answered(request.confirmedAt);
      const now = clock();
      if (hasLapsed({ expiresAt: request.lapsesAt }, now)) throw linkExpired();
      const event = domainEvent(PrivacyRequestConfirmed, {
        eventId: newId(),
        occurredAt: now.toISOString(),
        requestId,
        type: request.requestType,
      });
      const outcome = await store.confirmRequest(requestId, now, event);
      if (outcome === 'lapsed') throw linkExpired();
      if (outcome === 'already-confirmed') {
        const current = await store.getRequest(requestId);
        return answered(current?.confirmedAt ?? now.toISOString());
      }
      return answered(now.toISOString());
    },

    /** The DPO's list, oldest first. */
    async listRequests(page: PageRequest) {
      const { items, nextCursor } = await store.listRequests(page);
      return { items: items.map(summaryOf), ...(nextCursor ? { nextCursor } : {}) };
    },

    /** The export document behind a download link: 404 for a wrong token, 410 once it lapsed. */
    downloadExport: requireExport,

    /** One entity's records as CSV, from the same link. */
    async exportCsv(requestId: string, token: string, entity: string | undefined): Promise<string> {
      if (entity === undefined)
        throw new InvalidFieldError(
          'query.entity',
          'Name the kind of record to download as CSV, such as Contribution.',
        );
      const csv = entityCsv(await requireExport(requestId, token), entity);
      if (csv === undefined) throw new NotFoundError('The export holds no records of this kind.');
      return csv;
    },
  };
}

export type PrivacyService = ReturnType<typeof privacyService>;
