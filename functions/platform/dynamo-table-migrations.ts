import { documentClient } from '../../shared/db/client';
import { tableName } from '../../shared/db/items';
import { runTableMigrations } from '../../shared/db/migrations/run';
import { logger } from '../../shared/observability/powertools';

/**
 * Runs the table migrations a release brings (`shared/db/migrations/run.ts`), invoked by CDK's
 * trigger once the new functions are deployed. Failing fails the deployment, which CloudFormation
 * then rolls back; every migration can be run again.
 */
export async function handler(): Promise<{ ran: string[] }> {
  const ran = await runTableMigrations({
    client: documentClient,
    tableName: tableName(),
    log: (line) => logger.info(line),
  });
  logger.info('Table migrations finished', { ran });
  return { ran };
}
