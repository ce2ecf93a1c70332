import { createInstantJob } from '../../shared/lambda/scheduled-job';
import { logger } from '../../shared/observability/powertools';
import { dynamoRetentionScan } from './dynamo-retention-scan';
import { personalDataHolders } from './holders';
import { runRetention } from './retention';

export type { RetentionRun } from './retention';

/**
 * The scheduled `retention` job (`api.ts`), input `{ now }`: ends the retention of every item due
 * at that instant, through the holders of the contexts that own them (`retention.ts`).
 */
export const handler = createInstantJob(({ now }) =>
  runRetention({ scan: dynamoRetentionScan, holders: personalDataHolders, log: logger }, now),
);
