import {
  checkYourEmailPage,
  confirmationViewPage,
  confirmedPage,
} from '../../shared/http/confirmation-routes';
import { createStreamingHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { mailerFromEnvironment } from '../../shared/mailer/from-environment';
import { exportStorageFromEnvironment } from '../../shared/storage/export-storage';
import { privacyRoutes } from './api';
import { dynamoPrivacyRequestStore } from './dynamo-store';
import { privacyService } from './service';

const service = privacyService(dynamoPrivacyRequestStore, {
  // Resolved at the first request, so importing this module needs no mail configuration.
  mailer: { send: (message) => mailerFromEnvironment().send(message) },
  storage: exportStorageFromEnvironment,
});

/**
 * Residents' privacy requests, their confirmation and an export's download (the JSON document,
 * or one kind of record as CSV); the data-protection officer's list.
 */
export const handler = createStreamingHttpHandler(
  bindRoutes(privacyRoutes, {
    requestPrivacy: { handler: ({ body }) => service.requestPrivacy(body), page: checkYourEmailPage },
    viewPrivacyRequestConfirmation: {
      handler: ({ params, query }) => service.viewConfirmation(params.requestId, query.token),
      page: confirmationViewPage,
    },
    confirmPrivacyRequest: {
      handler: ({ params, body }) => service.confirm(params.requestId, body.token),
      page: confirmedPage,
    },
    listPrivacyRequests: ({ query }) => service.listRequests(query),
    downloadPrivacyExport: {
      handler: ({ params, query }) => service.downloadExport(params.requestId, query.token),
      streamed: {
        filename: ({ query }) => `${query.entity ?? 'export'}.csv`,
        open: async ({ params, query }) => {
          // Made whole before the first byte, so a wrong token or entity is still a proper 4xx.
          const csv = await service.exportCsv(params.requestId, query.token, query.entity);
          return (async function* () {
            yield csv;
          })();
        },
      },
    },
  }),
);
