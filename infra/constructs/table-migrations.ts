import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Trigger } from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { migrationKeyPolicy } from '../../shared/access/key-spaces';
import { acknowledge } from '../nag';
import { CivicFunction } from './civic-function';

export interface TableMigrationsProps {
  table: ITable;
  logRetention: RetentionDays;
  environment: Record<string, string>;
  /** The functions that read the new shapes: migrations run once these are deployed. */
  after: readonly Construct[];
}

/**
 * Runs the table migrations of a release (`shared/db/migrations/`) once per deployment that
 * changes them: a function given every context's partitions (still no Scan) and a CDK trigger
 * that invokes it after the new functions are in place. `npm start` runs the same migrations on
 * DynamoDB Local before it serves.
 */
export class TableMigrations extends Construct {
  readonly function: CivicFunction;

  constructor(scope: Construct, id: string, props: TableMigrationsProps) {
    super(scope, id);
    this.function = new CivicFunction(this, 'Function', {
      entry: 'functions/platform/dynamo-table-migrations.ts',
      serviceName: 'table-migrations',
      logRetention: props.logRetention,
      timeout: Duration.minutes(15),
      // One run at a time: a second invocation while one runs is throttled, never racing it.
      reservedConcurrentExecutions: 1,
      environment: props.environment,
    });
    this.function.bindTable({ table: props.table, policy: migrationKeyPolicy() });
    acknowledge(this.function, {
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by the deployment trigger: a failure fails the deployment, which is where an operator sees it; there is no asynchronous event to dead-letter.',
    });

    const trigger = new Trigger(this, 'AfterDeploy', {
      handler: this.function,
      executeAfter: [...props.after],
      // A release that adds a migration changes the bundle, so the trigger runs again; the
      // runner skips the migrations whose markers say they finished.
      executeOnHandlerChange: true,
      timeout: Duration.minutes(15),
    });
    void trigger;
  }
}
