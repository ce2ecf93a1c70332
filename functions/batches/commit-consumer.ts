import { BatchCommitRequested } from '../../events/batches';
import { createEventConsumer } from '../../shared/lambda/event-consumer';
import { logger } from '../../shared/observability/powertools';
import { isErased } from '../privacy/published';
import { dynamoBatchStore } from './dynamo-store';
import { batchIntakes } from './intakes';
import { batchService } from './service';

// Rows carry their keyed identity from entry: this function never holds the key.
const service = batchService(dynamoBatchStore, batchIntakes, {
  identify: () => Promise.reject(new Error('The batch-commit consumer hashes no addresses')),
  isErased,
});

/**
 * Commits a batch whose commit was asked for (`BatchCommitRequested`), row by row through the
 * owning context's published intake. A large batch takes several runs, each asking for the next;
 * a redelivered event finds the committed rows marked and commits only what is left.
 */
export const handler = createEventConsumer(async (event) => {
  if (event['detail-type'] !== BatchCommitRequested.detailType) {
    logger.warn('Ignoring an event this consumer does not handle', { detailType: event['detail-type'] });
    return;
  }
  const detail = BatchCommitRequested.detail.parse(event.detail);
  const result = await service.runCommit(detail.batchId);
  logger.info('Batch commit run', { batchId: detail.batchId, result });
});
