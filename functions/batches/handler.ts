import { keyedHash, participantIdentity } from '../../shared/config/secrets';
import { createHttpHandler } from '../../shared/http/pipeline';
import { bindRoutes } from '../../shared/http/route';
import { batchesRoutes } from './api';
import { dynamoBatchStore } from './dynamo-store';
import { batchIntakes } from './intakes';
import { batchService } from './service';

// Rows are hashed as they are entered; committing (and the erasure check) is the consumer's.
const service = batchService(dynamoBatchStore, batchIntakes, {
  identify: participantIdentity,
  keyedHash,
  isErased: () => Promise.reject(new Error('The batches HTTP function commits nothing')),
});

/** Staff-entered batches: declare, enter rows (JSON or CSV), reconcile and ask for the commit. */
export const handler = createHttpHandler(
  bindRoutes(batchesRoutes, {
    declareBatch: ({ body, principal }) => service.declareBatch(body, principal),
    listBatches: ({ query }) => service.listBatches(query),
    getBatch: ({ params, query }) => service.getBatch(params.batchId, query),
    enterBatchRows: ({ params, query, body, principal }) =>
      service.enterRows(params.batchId, query.keying as 1 | 2, body, principal),
    commitBatch: ({ params }) => service.requestCommit(params.batchId),
  }),
);
