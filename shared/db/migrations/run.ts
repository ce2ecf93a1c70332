import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { contextKeySpacesMigration } from './context-key-spaces';
import { contributionContactConsentMigration } from './contribution-contact-consent';
import { personIndexRetentionMigration } from './person-index-retention';

/**
 * Changes to the shape of stored items that a release needs, run in order after each deploy
 * (a CDK trigger, `infra/constructs/table-migrations.ts`) and each `npm start`, before or while
 * the new code serves. Each migration must be safe to run again and safe against the new code
 * writing at the same time; a marker item records each one that finished, so later runs skip it.
 */
export interface TableMigration {
  /** Sorts in run order and names the marker: `0001-…`. */
  id: string;
  description: string;
  run(options: MigrationOptions): Promise<void>;
}

export interface MigrationOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  log: (line: string) => void;
}

/** Every migration, oldest first. Never remove one that a deployed city may not have run yet. */
export const tableMigrations: readonly TableMigration[] = [
  contextKeySpacesMigration,
  contributionContactConsentMigration,
  personIndexRetentionMigration,
];

/** The partition of the markers; the migrations function alone may touch it. */
export const migrationMarkerPartition = 'MIGRATIONS';

/** Runs the migrations this table has not finished yet; returns the IDs it ran. */
export async function runTableMigrations(
  options: MigrationOptions,
  migrations: readonly TableMigration[] = tableMigrations,
): Promise<string[]> {
  const ran: string[] = [];
  for (const migration of migrations) {
    const key = { pk: migrationMarkerPartition, sk: migration.id };
    const done = await options.client.send(
      new GetCommand({ TableName: options.tableName, Key: key, ConsistentRead: true }),
    );
    if (done.Item) continue;
    options.log(`migration ${migration.id}: ${migration.description}…`);
    await migration.run(options);
    await options.client.send(
      new PutCommand({
        TableName: options.tableName,
        Item: { ...key, type: 'Migration', finishedAt: new Date().toISOString() },
      }),
    );
    ran.push(migration.id);
  }
  return ran;
}
