import { ConsentRecorded, PrivacyRequestConfirmed } from '../../events/privacy';
import { checkYourEmail } from '../../shared/domain/confirmation';
import { confirmationRoutes } from '../../shared/http/confirmation-routes';
import { defineRoute } from '../../shared/http/route';
import { staffAccess } from '../../shared/http/staff-access';
import type { ContextDeclaration } from '../context';
import {
  exportDocument,
  exportParams,
  exportQuery,
  privacyRequestInput,
  privacyRequestListQuery,
  privacyRequestPage,
  privacyRequestParams,
  privacyRequestPersonalData,
} from './schemas';

const tag = 'privacy';

/** How long an export's download link works. */
export const exportLinkHours = 72;

/**
 * The route contracts of the `privacy` function; what each does is bound in `handler.ts`. The
 * function streams its answers (an export's CSV), so it is built with `createStreamingHttpHandler`.
 */
export const privacyRoutes = [
  defineRoute({
    operationId: 'requestPrivacy',
    method: 'POST',
    path: '/privacy/requests',
    summary: 'Ask for an export or erasure of your own data, or withdraw a consent',
    description:
      'The answer is always 202 `check-your-email`, byte for byte the same whatever the city holds about the address. The emailed link confirms the request (`POST /privacy/requests/{requestId}/confirmation`); only then does it run. An export’s download link is mailed when it is ready and works for 72 hours.',
    tag,
    auth: 'public',
    acceptsForm: true,
    rateLimit: 'privacyRequests',
    request: { body: privacyRequestInput },
    response: { status: 202, description: 'Always `check-your-email`.', schema: checkYourEmail },
  }),
  ...confirmationRoutes({
    operationNoun: 'PrivacyRequest',
    aNoun: 'a privacy request',
    path: '/privacy/requests/{requestId}',
    params: privacyRequestParams,
    tag,
    effect:
      'The request runs, in one transaction with the `PrivacyRequestConfirmed` event, if its link has not lapsed (24 hours).',
  }),
  defineRoute({
    operationId: 'listPrivacyRequests',
    method: 'GET',
    path: '/privacy/requests',
    summary: 'Privacy requests and their state, for the data-protection officer',
    description:
      'Oldest first. Never the address a request is about, nor what an export held: only its type, dates and the steps done.',
    tag,
    auth: staffAccess.administer,
    request: { query: privacyRequestListQuery },
    response: { status: 200, description: 'A page of requests.', schema: privacyRequestPage },
  }),
  defineRoute({
    operationId: 'downloadPrivacyExport',
    method: 'GET',
    // Under the request's own path: a separate `/privacy/exports/…` tree would cost the stack two
    // more API resources and their fallbacks, in a stack CloudFormation caps at 500 resources.
    path: '/privacy/requests/{requestId}/export',
    summary: 'Download your export with the link from its email',
    description:
      'The whole export as one JSON document. With `entity` (the links in the email name the kinds the export holds), that kind of record as a CSV file, whatever `Accept` says: UTF-8 with BOM, CRLF, RFC 4180 quoting, one column per field. The link works for 72 hours, then answers 410; an unknown ID or a wrong token is 404.',
    tag,
    auth: 'public',
    request: { params: exportParams, query: exportQuery },
    response: {
      status: 200,
      description: 'The export.',
      schema: exportDocument,
      attachment: ({ params }) => `civic-export-${String(params.requestId)}.json`,
    },
    errors: [404, 410],
    streamed: {
      contentType: 'text/csv; charset=utf-8',
      description: 'The records of one kind (`entity`), one row each.',
      chosenByQuery: 'entity',
    },
  }),
];

/**
 * The contexts holding residents' data, each through its published `personalDataHolder`
 * (`holders.ts`): what export, erasure and the retention job reach, to read and to change.
 */
const holdingContexts = {
  participation: 'readWrite',
  surveys: 'readWrite',
  volunteering: 'readWrite',
  meetings: 'readWrite',
  petitions: 'readWrite',
  impact: 'readWrite',
  evaluation: 'readWrite',
  partnerships: 'readWrite',
  batches: 'readWrite',
} as const;

/**
 * Privacy: residents' own requests (export, erasure, consent withdrawal), the `privacy-requests`
 * consumer that runs confirmed ones through every context's published `personalDataHolder`, and
 * the data-protection officer's list.
 */
export const privacy: ContextDeclaration = {
  name: 'privacy',
  personalData: privacyRequestPersonalData,
  http: [
    {
      name: 'privacy',
      entry: 'functions/privacy/handler.ts',
      routes: privacyRoutes,
      tableAccess: 'readWrite',
      hashesParticipants: true,
      // Confirmation links are mailed while the request runs, so the token is never stored.
      mails: true,
      // For the export's CSV download (and no 6 MB limit on a large export). One function for
      // requests and downloads rather than two: the stack stays under CloudFormation's 500
      // resources, and downloads read only the privacy context's own items and the bucket.
      responseTransfer: 'stream',
      // Nothing here takes long: a person's export is read whole from the bucket and sent.
      timeoutSeconds: 30,
    },
  ],
  consumers: [
    {
      name: 'privacy-requests',
      entry: 'functions/privacy/requests-consumer.ts',
      eventPattern: {
        source: [PrivacyRequestConfirmed.source],
        'detail-type': [PrivacyRequestConfirmed.detailType],
      },
      tableAccess: 'readWrite',
      // Export, erasure and withdrawal reach each context only through its published holder.
      publishedFrom: holdingContexts,
      // The export's download link, and the outcome of an erasure, are mailed when done.
      mails: true,
    },
    {
      name: 'consent-ledger',
      entry: 'functions/privacy/consent-ledger-consumer.ts',
      // From any context: each reports the consents given on its forms through its own outbox.
      eventPattern: { 'detail-type': [ConsentRecorded.detailType] },
      // Appends only, each record keyed by its event: a redelivery writes nothing.
      tableAccess: 'readWrite',
    },
  ],
  jobs: [
    {
      name: 'retention',
      description:
        'Deletes or anonymises every item whose retention has ended, through the context that owns it',
      entry: 'functions/privacy/retention-job.ts',
      input: 'instant',
      tableAccess: 'readWrite',
      // The one function besides the migrations that reads every item: its work is every item
      // whose retention ends, in whichever context (it reads keys and retention attributes only).
      scansTable: true,
      // Each found item goes to its owning context's published holder, which deletes or anonymises it.
      publishedFrom: holdingContexts,
      // A whole-table scan grows with the table, not with a period: give it Lambda's longest run.
      timeoutSeconds: 900,
      // Daily, at night in the city's time zone; items to anonymise are taken two days early
      // (`anonymiseMarginDays`), so a missed night never lets the TTL delete one.
      schedules: [{ cron: '0 3 * * ? *' }],
    },
  ],
};
